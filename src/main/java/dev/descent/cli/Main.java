package dev.descent.cli;

import dev.descent.Descent;
import dev.descent.config.Checks;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.config.ScoringDefaults;
import dev.descent.config.Settings;
import dev.descent.data.DataException;
import dev.descent.data.InputSpec;
import dev.descent.engine.FatalErrors;
import dev.descent.engine.ModelStore;
import dev.descent.engine.Scorer;
import dev.descent.engine.ScoringInput;
import dev.descent.engine.SettingException;
import dev.descent.engine.TrainResult;
import dev.descent.engine.TrainingListener;
import dev.descent.io.Locations;
import dev.descent.io.OutputExistsException;
import dev.descent.io.OutputLocationException;
import dev.descent.io.PathOverlap;
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
  /** Where the benchmark lives: its own jar, never the product's (see pom.xml). */
  private static final String BENCH = "descent-bench.jar (built beside descent.jar, main class"
      + " dev.descent.bench.BenchMain)";
  static final String USAGE = String.join("\n",
      "Usage: submit.sh [spark-submit options] train|predict|evaluate [FILE.properties] [key=value ...]",
      "       submit.sh export model=DIR output=DIR   writes a model as a Spark ML model",
      "       submit.sh help      prints the settings: key, meaning, default, allowed values",
      "       submit.sh [spark-submit options] bench [key=value ...]   Descent vs Spark MLlib and"
          + " Spark ML, from descent-bench.jar (keys: submit.sh bench --help)",
      "Settings come from the properties file, then key=value overrides (which win).");

  /** What each command does, shown by {@code COMMAND --help} (and {@code help COMMAND}). */
  static final Map<String, String> COMMAND_HELP = Map.of(
      "train", "train: fits a model to input= (optionally validating on validationFraction= or"
          + " validationInput=). Epoch lines go to stdout, notes and the summary to stderr;"
          + " output=DIR receives model.json, metrics.json, report.html and _SUCCESS.",
      "predict", "predict: scores input= with model=DIR and writes one prediction per record to"
          + " output=DIR (CSV text part files, or outputFormat=parquet, ...).",
      "evaluate", "evaluate: scores labelled input= with model=DIR and prints its metrics as JSON"
          + " (also written to output=DIR/evaluation.json when output is set).",
      "export", "export: writes model=DIR as a Spark ML model to output=DIR.",
      "bench", "bench: runs the benchmark (docs/performance.md). It is not part of descent.jar:"
          + " submit.sh runs it from " + BENCH + "; submit.sh bench --help lists its keys.");

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
    String help = helpWanted(args);
    if (help != null) {
      if (!help.isEmpty()) {
        out.println(COMMAND_HELP.get(help));
        out.println();
      }
      out.println(USAGE);
      out.println();
      out.print(SettingsTable.markdown());
      return ExitCode.OK.code;
    }
    if (args.length > 0 && args[0].equals("bench")) {
      err.println("error: the benchmark is not part of descent.jar: run submit.sh bench, which"
          + " runs it from " + BENCH);
      return ExitCode.USAGE.code;
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
    } catch (SettingException | OutputExistsException | OutputLocationException e) {
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

  /**
   * The command whose help is asked for ("" for general help), or null when no help is asked
   * for: {@code help}, {@code --help}, {@code help COMMAND}, and {@code COMMAND --help} or
   * {@code -h} anywhere after a command.
   */
  static String helpWanted(String[] args) {
    if (args.length == 0) {
      return null;
    }
    boolean help = args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h");
    if (help && args.length == 1) {
      return "";
    }
    if (help && args.length == 2 && COMMAND_HELP.containsKey(args[1])) {
      return args[1];
    }
    if (!COMMAND_HELP.containsKey(args[0])) {
      return null;
    }
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h") || (i == 1 && args[i].equals("help"))) {
        return args[0];
      }
    }
    return null;
  }

  private int train(Config config) throws IOException {
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
        public void onRound(long epoch, long round, long roundsPerEpoch, int epochs) {
          if (progress != null) {
            progress.round(epoch, round, roundsPerEpoch, epochs);
          }
        }

        @Override
        public void onEpoch(EpochRecord record, LinearModel model) {
          onEpoch(record, model, 0);
        }

        @Override
        public void onEpoch(EpochRecord record, LinearModel model, int bestEpoch) {
          if (progress != null) {
            progress.clear();
          }
          out.println(EpochLine.format(record, model, penalized, bestEpoch));
        }
      }).fit(spark.jsc);
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

  private int predict(Config config) throws IOException {
    List<String> notes = Checks.forScoring(config, "predict");
    notes.forEach(this::note);
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    checkLocations(config, "predict");
    try (Spark spark = Spark.start("predict")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      LinearModel model = ModelStore.load(config.get(Settings.MODEL), hadoop, this::note);
      ScoringInput input = scoringInput(spark, config, model, InputSpec.Purpose.PREDICT,
          "predict", notes);
      String format = config.get(Settings.OUTPUT_FORMAT);
      try (StagedOutput staged = StagedOutput.begin(output, overwrite, hadoop, this::note)) {
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
    List<String> notes = Checks.forScoring(config, "evaluate");
    notes.forEach(this::note);
    String output = config.get(Settings.OUTPUT);
    boolean overwrite = config.get(Settings.OVERWRITE);
    checkLocations(config, "evaluate");
    try (Spark spark = Spark.start("evaluate")) {
      Configuration hadoop = spark.jsc.hadoopConfiguration();
      LinearModel model = ModelStore.load(config.get(Settings.MODEL), hadoop, this::note);
      Scorer.Evaluation evaluation = Scorer.evaluate(scoringInput(spark, config, model,
          InputSpec.Purpose.EVALUATE, "evaluate", notes), model);
      note(evaluation.skipped().note(evaluation.metrics().get("rows").longValue()));
      byte[] json = MetricsJson.evaluation(evaluation.metrics(), evaluation.skipped(),
          config.get(Settings.MODEL), config.get(Settings.INPUT));
      out.print(new String(json, StandardCharsets.UTF_8));
      if (output != null) {
        try (StagedOutput staged = StagedOutput.begin(output, overwrite, hadoop, this::note)) {
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
      PathOverlap.refuse(new PathOverlap.Use(Settings.CHECKPOINT_DIR.key(), checkpoints),
          reads.stream().filter(u -> !u.setting().equals(Settings.CHECKPOINT_DIR.key()))
              .toList(), false, hadoop);
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(checkpoints);
      Locations.requireWritable(Settings.CHECKPOINT_DIR.key(), checkpoints,
          dir.getFileSystem(hadoop), dir, Locations.probeName());
    }
  }

  /**
   * The input to score: read as the model's training run read its own where the command does
   * not say otherwise (see ScoringDefaults), and checked against the model's features. Prints
   * what was taken from the model, and which input columns are left out.
   *
   * @param printed the notes already printed about the command's own settings
   */
  private ScoringInput scoringInput(Spark spark, Config given, LinearModel model,
      InputSpec.Purpose purpose, String command, List<String> printed) {
    ScoringDefaults.Applied applied = ScoringDefaults.apply(given, model.settings());
    if (!applied.taken().isEmpty()) {
      Checks.forScoring(applied.config(), command).stream().filter(n -> !printed.contains(n))
          .forEach(this::note);
      note(applied.note());
    }
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
      for (scala.Option<SparkSession> running :
          List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
        if (running.isDefined() && !running.get().sparkContext().isStopped()) {
          return new Spark(running.get(), false);
        }
      }
      SparkConf conf = new SparkConf().setAppName("Descent " + command);
      if (!conf.contains("spark.master")) {
        conf.setMaster("local[*]");
      }
      return new Spark(SparkSession.builder().config(conf).getOrCreate(), true);
    }

    /**
     * The Hadoop configuration paths are resolved with: the running session's, or, before Spark
     * starts, Hadoop's defaults (core-site.xml, ...) with the {@code spark.hadoop.*} settings
     * spark-submit passed, as Spark itself builds it.
     */
    static Configuration hadoopConfiguration() {
      for (scala.Option<SparkSession> running :
          List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
        if (running.isDefined() && !running.get().sparkContext().isStopped()) {
          return running.get().sparkContext().hadoopConfiguration();
        }
      }
      Configuration hadoop = new Configuration();
      for (scala.Tuple2<String, String> kv : new SparkConf().getAll()) {
        if (kv._1().startsWith("spark.hadoop.")) {
          hadoop.set(kv._1().substring("spark.hadoop.".length()), kv._2());
        }
      }
      return hadoop;
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
