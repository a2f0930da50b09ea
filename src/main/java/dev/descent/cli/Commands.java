package dev.descent.cli;

import dev.descent.Descent;
import dev.descent.config.Checks;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.config.ScoringDefaults;
import dev.descent.config.Settings;
import dev.descent.engine.Evaluation;
import dev.descent.engine.Predictions;
import dev.descent.engine.TrainResult;
import dev.descent.input.InputSpec;
import dev.descent.input.ScoringInput;
import dev.descent.io.Locations;
import dev.descent.io.PathOverlap;
import dev.descent.io.StagedOutput;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.ml.SparkModels;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelStore;
import dev.descent.report.MetricsJson;
import dev.descent.report.ModelFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The commands that train, score and export: each checks its settings and where it will write
 * before Spark starts, runs in one {@link Spark} session, writes its outputs atomically and
 * returns its exit code. Epoch lines and results go to stdout; notes and summaries go to
 * stderr. Errors are thrown, for {@link Main} to report.
 */
final class Commands {
  private final PrintStream out;
  private final PrintStream err;
  private final Lifecycle life; // null when run inside another JVM's process (tests)

  Commands(PrintStream out, PrintStream err, Lifecycle life) {
    this.out = out;
    this.err = err;
    this.life = life;
  }

  int train(Config config) throws IOException {
    List<String> notes = Checks.forTraining(config);
    notes.forEach(n -> err.println("note: " + n));
    Loss loss = Losses.byName(config.get(Settings.LOSS));
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    checkLocations(config, "train");
    try (Spark spark = Spark.start("train")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      boolean penalized = config.get(Settings.REG_PARAM) > 0;
      ProgressLine progress = ProgressLine.wanted(spark.jsc.master()) ? new ProgressLine(err)
          : null;
      if (life != null) {
        life.checkpointDir(config.get(Settings.CHECKPOINT_DIR));
        life.beforeMessage(progress == null ? null : progress::clear);
      }
      TrainResult result = Descent.trainer().settings(config).scoreClassifiers(output != null)
          .listener(new ConsoleListener(out, err, progress, loss.name(),
              config.get(Settings.OPTIMIZER), penalized)).fit(spark.jsc);
      out.flush();
      String failure = null;
      if (output != null && result.diverged()) {
        failure = ModelFiles.writeFailure(result, output, hadoop, this::note);
      } else if (output != null) {
        ModelFiles.writeTraining(result, output, overwrite, hadoop, this::note);
      }
      return report(result, output, failure);
    }
  }

  private int report(TrainResult r, String output, String failure) {
    if (r.diverged()) {
      err.println("Training diverged: " + r.reason() + ".");
      err.println("Likely cause: " + r.advice());
      if (output != null) {
        err.println("No model was written, and " + output + " was left as it was"
            + (failure == null ? "." : "; " + failure + "/metrics.json and report.html record"
                + " this run."));
      }
      return ExitCode.DIVERGED.code;
    }
    err.printf(Locale.ROOT, "%s after %d epoch%s: %s; objective %.6g (started at %.6g), %.1fs%n",
        r.status() == dev.descent.optim.stopping.Status.CONVERGED ? "Converged" : "Finished",
        r.history().size(), r.history().size() == 1 ? "" : "s", r.reason(), r.finalObjective(),
        r.initialObjective(), r.run().seconds());
    if (output != null) {
      err.println("Model written to " + output);
    }
    return ExitCode.OK.code;
  }

  int predict(Config config) throws IOException {
    String output = config.get(Settings.OUTPUT);
    score(config, "predict", InputSpec.Purpose.PREDICT, (input, model, hadoop) -> {
      String format = config.get(Settings.OUTPUT_FORMAT);
      try (StagedOutput staged = StagedOutput.begin(output, config.get(Settings.OVERWRITE),
          hadoop, this::note)) {
        if (format.equals("text")) {
          Predictions.Written written = Predictions.write(input, model,
              staged.staging().toString());
          note(written.skipped().note(written.rows()));
        } else {
          List<String> keep = config.get(Settings.KEEP_COLUMNS);
          Predictions.write(input, model, staged.staging().toString(), format,
              keep == null ? List.of() : keep);
        }
        staged.commit();
      }
      err.println("Predictions (" + Predictions.header(model) + ") written to " + output);
    });
    return ExitCode.OK.code;
  }

  int evaluate(Config config) throws IOException {
    String output = config.get(Settings.OUTPUT);
    score(config, "evaluate", InputSpec.Purpose.EVALUATE, (input, model, hadoop) -> {
      Evaluation evaluation = Evaluation.of(input, model);
      note(evaluation.skipped().note(evaluation.metrics().get("rows").longValue()));
      byte[] json = MetricsJson.evaluation(evaluation.metrics(), evaluation.skipped(),
          config.get(Settings.MODEL), config.get(Settings.INPUT));
      out.print(new String(json, StandardCharsets.UTF_8));
      if (output != null) {
        try (StagedOutput staged = StagedOutput.begin(output, config.get(Settings.OVERWRITE),
            hadoop, this::note)) {
          staged.write("evaluation.json", json);
          staged.commit();
        }
      }
    });
    return ExitCode.OK.code;
  }

  /** What a scoring command does once its model is loaded and its input is open. */
  private interface Scoring {
    void run(ScoringInput input, LinearModel model, Configuration hadoop) throws IOException;
  }

  /**
   * The steps predict and evaluate share: the checks of their settings and of where they write
   * (before Spark starts), then, in one Spark session, the model and the input to score.
   */
  private void score(Config config, String command, InputSpec.Purpose purpose, Scoring work)
      throws IOException {
    Checks.forScoring(config, command); // usage errors before Spark starts; notes below
    checkLocations(config, command);
    try (Spark spark = Spark.start(command)) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      LinearModel model = ModelStore.load(config.get(Settings.MODEL), hadoop, this::note);
      work.run(scoringInput(spark, config, model, purpose, command), model, hadoop);
    }
  }

  int export(Config config) throws IOException {
    Checks.forExport(config).forEach(n -> err.println("note: " + n));
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    checkLocations(config, "export");
    try (Spark spark = Spark.start("export")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      LinearModel model = ModelStore.load(config.get(Settings.MODEL), hadoop, this::note);
      String kind;
      try (StagedOutput staged = StagedOutput.begin(output, overwrite, hadoop, this::note)) {
        kind = SparkModels.save(model, staged.staging().toString());
        staged.commit();
      }
      err.println("Spark ML " + kind + " written to " + output + " (load it with " + kind
          + ".load)");
      return ExitCode.OK.code;
    }
  }

  /**
   * Checks, before Spark starts, where {@code command} will write: its output (and for train,
   * the failure record beside it, and the checkpointDir) must not overlap anything it reads, an
   * interrupted replacement of the output is settled and leftovers of killed runs removed, an
   * existing output needs overwrite=true, and each location must really be writable.
   */
  private void checkLocations(Config config, String command) throws IOException {
    Configuration hadoop = Spark.hadoopConfiguration();
    List<PathOverlap.Use> reads = Checks.readPaths(config, command);
    String output = config.get(Settings.OUTPUT);
    if (output != null) {
      PathOverlap.refuse(new PathOverlap.Use(Settings.OUTPUT.key(), output), reads, true,
          hadoop);
      StagedOutput.prepare(Settings.OUTPUT.key(), output, config.get(Settings.OVERWRITE), hadoop,
          this::note);
      if (command.equals("train")) { // where a diverged run records itself, replacing the last
        String record = ModelFiles.failureRecord(output);
        PathOverlap.refuse(new PathOverlap.Use("output's failure record", record), reads, true,
            hadoop);
        StagedOutput.prepare("output's failure record", record, true, hadoop, this::note);
      }
    }
    String checkpoints = command.equals("train") ? config.get(Settings.CHECKPOINT_DIR) : null;
    if (checkpoints != null) {
      PathOverlap.Use kept = new PathOverlap.Use(Settings.CHECKPOINT_DIR.key(), checkpoints);
      List<PathOverlap.Use> others = reads.stream()
          .filter(u -> !u.setting().equals(Settings.CHECKPOINT_DIR.key())).toList();
      PathOverlap.refuse(kept, others, false, hadoop);
      PathOverlap.refuseAmongFiles(kept, others, hadoop);
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(checkpoints);
      Locations.requireWritable(Settings.CHECKPOINT_DIR.key(), checkpoints,
          dir.getFileSystem(hadoop), dir, Locations.probeName());
    }
  }

  /**
   * The input to score: read as the model's training run read its own where the command does
   * not say otherwise (see ScoringDefaults), and checked against the model's features. Prints
   * what was taken from the model, the notes on the settings as applied (a setting that has no
   * effect for the input's format, which the model may have given), and which input columns
   * are left out.
   */
  private ScoringInput scoringInput(Spark spark, Config given, LinearModel model,
      InputSpec.Purpose purpose, String command) {
    ScoringDefaults.Applied applied = ScoringDefaults.apply(given, model.settings());
    Checks.forScoring(applied.config(), command).forEach(this::note);
    note(applied.note());
    ScoringInput input = Inputs.toScore(spark.session, applied.config(), model, purpose);
    input.notes().forEach(this::note);
    return input;
  }

  /** Prints a note on stderr, if there is one. */
  private void note(String note) {
    if (note != null) {
      err.println("note: " + note);
    }
  }
}
