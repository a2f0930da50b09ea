package dev.descent.cli;

import dev.descent.Descent;
import dev.descent.bench.BenchOptions;
import dev.descent.bench.Benchmark;
import dev.descent.config.Checks;
import dev.descent.config.Config;
import dev.descent.config.ConfigException;
import dev.descent.config.Settings;
import dev.descent.data.DataException;
import dev.descent.data.InputSpec;
import dev.descent.engine.FatalErrors;
import dev.descent.engine.ModelStore;
import dev.descent.engine.Scorer;
import dev.descent.engine.ScoringInput;
import dev.descent.engine.TrainResult;
import dev.descent.engine.TrainingListener;
import dev.descent.io.OutputExistsException;
import dev.descent.io.StagedOutput;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.ml.SparkModels;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelFormatException;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.report.EpochLine;
import dev.descent.report.MetricsJson;
import dev.descent.report.ModelFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: the only place that parses arguments or exits (with {@link Lifecycle}, which
 * ends the process however it ends). Epoch lines and results go to stdout; notes, summaries and
 * errors go to stderr; the exit code says how it went ({@link ExitCode}).
 */
public final class Main {
  static final String USAGE = String.join("\n",
      "Usage: submit.sh [spark-submit options] train|predict|evaluate [FILE.properties] [key=value ...]",
      "       submit.sh export model=DIR output=DIR   writes a model as a Spark ML model",
      "       submit.sh help      prints the settings: key, meaning, default, allowed values",
      "       submit.sh [spark-submit options] bench [key=value ...]   Descent vs Spark MLlib and"
          + " Spark ML (keys: " + String.join(", ", BenchOptions.KEYS.keySet().stream().sorted()
          .toList()) + ")",
      "Settings come from the properties file, then key=value overrides (which win).");

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private final PrintStream out;
  private final PrintStream err;
  private final Lifecycle life; // null when run inside another JVM's process (tests)
  private boolean verbose;
  private long fatalMark;
  private boolean fatalReported;

  Main(PrintStream out, PrintStream err) {
    this(out, err, null);
  }

  private Main(PrintStream out, PrintStream err, Lifecycle life) {
    this.out = out;
    this.err = err;
    this.life = life;
  }

  public static void main(String[] args) {
    PrintStream err = Lifecycle.stderr();
    System.setErr(err);
    Lifecycle life = Lifecycle.install(err);
    Main main = new Main(System.out, err, life);
    int code = main.run(args);
    System.out.flush();
    if (main.fatalReported) {
      Lifecycle.haltLater(); // the JVM met an error: its shutdown must not hang either
    }
    life.exit(code);
  }

  /**
   * Runs a command and returns its exit code; never exits the JVM itself. A JVM error on any
   * thread during the command (see {@link FatalErrors}) makes it a failure, reported in one line.
   */
  int run(String[] args) {
    fatalMark = FatalErrors.mark();
    int code = command(args);
    FatalErrors.Fatal fatal = FatalErrors.since(fatalMark);
    return fatal != null && !fatalReported ? fatal(fatal) : code;
  }

  private int command(String[] args) {
    if (args.length == 1 && (args[0].equals("help") || args[0].equals("--help"))) {
      out.println(USAGE);
      out.println();
      out.print(SettingsTable.markdown());
      return ExitCode.OK.code;
    }
    if (args.length > 0 && args[0].equals("bench")) {
      return bench(args);
    }
    try {
      Arguments a = Arguments.parse(args);
      verbose = a.config().get(Settings.VERBOSE);
      if (verbose) {
        SparkLog.toStderr(err);
      }
      switch (a.command()) {
        case "train":
          return train(a.config());
        case "predict":
          return predict(a.config());
        case "export":
          return export(a.config());
        default:
          return evaluate(a.config());
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return ExitCode.USAGE.code;
    } catch (ConfigException | OutputExistsException e) {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE.code;
    } catch (DataException e) {
      err.println("error: bad input data: " + e.getMessage());
      return ExitCode.BAD_DATA.code;
    } catch (ModelFormatException e) {
      err.println("error: unreadable model: " + e.getMessage());
      return ExitCode.BAD_DATA.code;
    } catch (Throwable e) { // incl. SparkException: checked, thrown undeclared
      return failure(e);
    }
  }

  /**
   * An unexpected failure: one line on stderr; the stack trace goes to the log (with
   * verbose=true, to stderr too). Nothing at all while the JVM is shutting down: a signal or
   * System.exit stopped Spark under the command, and {@link Lifecycle} says so once.
   */
  private int failure(Throwable e) {
    if (Lifecycle.shuttingDown()) {
      return ExitCode.FAILURE.code;
    }
    FatalErrors.Fatal fatal = FatalErrors.since(fatalMark); // logged by the thread it ended
    if (fatal == null && e instanceof Error error) {
      LOG.error("JVM error", error);
      fatal = new FatalErrors.Fatal(error, Thread.currentThread().getName());
    }
    if (fatal != null) {
      return fatal(fatal);
    }
    LOG.error("unexpected failure", e);
    err.println("error: " + describe(e) + SparkLog.seeLog());
    if (verbose && !SparkLog.active()) {
      e.printStackTrace(err);
    }
    return ExitCode.FAILURE.code;
  }

  /** Reports a JVM error (once, and only if the process has not reported it already). */
  private int fatal(FatalErrors.Fatal fatal) {
    fatalReported = true;
    if (life == null || life.claimLastWord()) {
      err.println("error: " + fatal.describe() + SparkLog.seeLog());
    }
    return ExitCode.FAILURE.code;
  }

  /** {@code bench [key=value ...]}: runs dev.descent.bench.Benchmark; see BenchOptions. */
  private int bench(String[] args) {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        err.println("error: '" + args[i] + "' is not key=value");
        err.println(USAGE);
        return ExitCode.USAGE.code;
      }
      settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    BenchOptions options;
    try {
      options = BenchOptions.of(settings);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE.code;
    }
    try (Spark spark = Spark.start("bench", "local[2]")) {
      Benchmark.run(spark.session, options, out, err);
      err.println("Table written to " + options.output());
      return ExitCode.OK.code;
    } catch (Throwable e) {
      return failure(e);
    }
  }

  private int train(Config config) throws IOException {
    List<String> notes = Checks.forTraining(config);
    notes.forEach(n -> err.println("note: " + n));
    Loss loss = Losses.byName(config.get(Settings.LOSS));
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    try (Spark spark = Spark.start("train")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      if (output != null) {
        StagedOutput.checkWritable(output, overwrite, hadoop);
      }
      boolean penalized = config.get(Settings.REG_PARAM) > 0;
      ProgressLine progress = ProgressLine.wanted(spark.jsc.master()) ? new ProgressLine(err)
          : null;
      if (life != null) {
        life.checkpointDir(config.get(Settings.CHECKPOINT_DIR));
        life.beforeMessage(progress == null ? null : progress::clear);
      }
      TrainResult result = Descent.trainer().settings(config).scoreClassifiers(output != null)
          .listener(new TrainingListener() {
        @Override
        public void onStart(Start s) {
          s.notes().forEach(n -> err.println("note: " + n));
          err.printf(Locale.ROOT, "Training %s on %d rows x %d features (%d partitions) with %s%n",
              loss.name(), s.rows(), s.numFeatures(), s.partitions(),
              config.get(Settings.OPTIMIZER));
        }

        @Override
        public void onNote(String note) {
          err.println("note: " + note);
        }

        @Override
        public void onStep(long epoch, long step, long stepsPerEpoch, int epochs) {
          if (progress != null) {
            progress.step(epoch, step, stepsPerEpoch, epochs);
          }
        }

        @Override
        public void onEpoch(EpochRecord record, LinearModel model) {
          if (progress != null) {
            progress.clear();
          }
          out.println(EpochLine.format(record, model, penalized));
        }
      }).fit(spark.jsc);
      out.flush();
      if (output != null) {
        ModelFiles.writeTraining(result, output, overwrite, hadoop);
      }
      return report(result, output);
    }
  }

  private int report(TrainResult r, String output) {
    if (r.diverged()) {
      err.println("Training diverged: " + r.reason() + ".");
      err.println("Likely cause: " + r.advice());
      if (output != null) {
        err.println("No model was written; " + output + "/metrics.json records the run"
            + " (rerun with overwrite=true to replace it).");
      }
      return ExitCode.DIVERGED.code;
    }
    err.printf(Locale.ROOT, "%s after %d epoch%s: %s; objective %.6g (started at %.6g), %.1fs%n",
        r.status() == dev.descent.optim.stopping.Status.CONVERGED ? "Converged" : "Finished",
        r.history().size(), r.history().size() == 1 ? "" : "s", r.reason(), r.finalObjective(),
        r.initialObjective(), r.seconds());
    if (output != null) {
      err.println("Model written to " + output);
    }
    return ExitCode.OK.code;
  }

  private int predict(Config config) throws IOException {
    Checks.forScoring(config, "predict").forEach(n -> err.println("note: " + n));
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    try (Spark spark = Spark.start("predict")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      StagedOutput.checkWritable(output, overwrite, hadoop);
      LinearModel model = ModelStore.load(config.get(Settings.MODEL), hadoop);
      ScoringInput input = ScoringInput.of(spark.session, config, model,
          InputSpec.Purpose.PREDICT);
      String format = config.get(Settings.OUTPUT_FORMAT);
      try (StagedOutput staged = StagedOutput.begin(output, overwrite, hadoop)) {
        if (format.equals("text")) {
          Scorer.Written written = Scorer.writePredictions(input, model,
              staged.staging().toString());
          note(written.skipped().note(written.rows()));
        } else {
          List<String> keep = config.get(Settings.KEEP_COLUMNS);
          Scorer.writePredictions(input, model, staged.staging().toString(), format,
              keep == null ? List.of() : keep);
        }
        staged.commit();
      }
      err.println("Predictions (" + Scorer.predictionHeader(model) + ") written to " + output);
      return ExitCode.OK.code;
    }
  }

  private int evaluate(Config config) throws IOException {
    Checks.forScoring(config, "evaluate").forEach(n -> err.println("note: " + n));
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    try (Spark spark = Spark.start("evaluate")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      if (output != null) {
        StagedOutput.checkWritable(output, overwrite, hadoop);
      }
      LinearModel model = ModelStore.load(config.get(Settings.MODEL), hadoop);
      Scorer.Evaluation evaluation = Scorer.evaluate(ScoringInput.of(spark.session, config,
          model, InputSpec.Purpose.EVALUATE), model);
      note(evaluation.skipped().note(evaluation.metrics().get("rows").longValue()));
      byte[] json = MetricsJson.evaluation(evaluation.metrics(), evaluation.skipped(),
          config.get(Settings.MODEL), config.get(Settings.INPUT));
      out.print(new String(json, StandardCharsets.UTF_8));
      if (output != null) {
        try (StagedOutput staged = StagedOutput.begin(output, overwrite, hadoop)) {
          staged.write("evaluation.json", json);
          staged.commit();
        }
      }
      return ExitCode.OK.code;
    }
  }

  private int export(Config config) throws IOException {
    Checks.forExport(config).forEach(n -> err.println("note: " + n));
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    try (Spark spark = Spark.start("export")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      StagedOutput.checkWritable(output, overwrite, hadoop);
      LinearModel model = ModelStore.load(config.get(Settings.MODEL), hadoop);
      String kind;
      try (StagedOutput staged = StagedOutput.begin(output, overwrite, hadoop)) {
        kind = SparkModels.save(model, staged.staging().toString());
        staged.commit();
      }
      err.println("Spark ML " + kind + " written to " + output + " (load it with " + kind
          + ".load)");
      return ExitCode.OK.code;
    }
  }

  /** Prints a note on stderr, if there is one. */
  private void note(String note) {
    if (note != null) {
      err.println("note: " + note);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
  }

  /**
   * The Spark session of one command: local[*] unless a master was given. A session that was
   * already running (Descent embedded in a larger JVM, or tests) is used and left running;
   * one started here is stopped at the end.
   */
  static final class Spark implements AutoCloseable {
    final SparkSession session;
    final JavaSparkContext jsc;
    private final boolean owned;
    private final FatalErrors.Watch watch;

    private Spark(SparkSession session, boolean owned) {
      this.session = session;
      this.jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
      this.owned = owned;
      this.watch = FatalErrors.watch(jsc);
    }

    static Spark start(String command) {
      return start(command, "local[*]");
    }

    /** As {@link #start(String)}, with {@code defaultMaster} when no master is configured. */
    static Spark start(String command, String defaultMaster) {
      for (scala.Option<SparkSession> running :
          List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
        if (running.isDefined() && !running.get().sparkContext().isStopped()) {
          return new Spark(running.get(), false);
        }
      }
      SparkConf conf = new SparkConf().setAppName("Descent " + command);
      if (!conf.contains("spark.master")) {
        conf.setMaster(defaultMaster);
      }
      return new Spark(SparkSession.builder().config(conf).getOrCreate(), true);
    }

    @Override
    public void close() {
      watch.close();
      if (owned) {
        session.stop();
      }
    }
  }
}
