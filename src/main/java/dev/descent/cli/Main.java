package dev.descent.cli;

import dev.descent.config.Settings;
import dev.descent.data.DataException;
import dev.descent.data.SettingException;
import dev.descent.engine.FatalErrors;
import dev.descent.io.OutputExistsException;
import dev.descent.io.OutputLocationException;
import dev.descent.model.ModelFormatException;
import java.io.PrintStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: the only place that parses arguments or exits (with {@link Lifecycle}, which
 * ends the process however it ends). It reads the command and its settings, runs it
 * ({@link Commands}, each in its {@link Spark} session), and reports how it went: errors go to
 * stderr in one line, and the exit code says which kind ({@link ExitCode}).
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
  private final Commands commands;
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
    this.commands = new Commands(out, err, life);
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
          return commands.train(a.config());
        case "predict":
          return commands.predict(a.config());
        case "export":
          return commands.export(a.config());
        default:
          return commands.evaluate(a.config());
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

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
  }
}
