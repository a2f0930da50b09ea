package dev.descent.bench;

import dev.descent.cli.ExitCode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's command line, {@code bench [key=value ...]} (keys: {@link BenchOptions}): the
 * entry point of descent-bench.jar, which holds the benchmark apart from the product jar.
 * {@code ./submit.sh bench} runs it with descent.jar on its class path. The table goes to stdout
 * and to the output file, progress and errors to stderr; the exit code is the product's
 * ({@link ExitCode}: OK, FAILURE or USAGE).
 */
public final class BenchMain {
  static final String HELP = "bench: runs the benchmark (docs/performance.md): Descent against"
      + " Spark MLlib and Spark ML on generated data, with the keys listed below.";

  private BenchMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the benchmark and returns its exit code; never exits the JVM itself. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> words = List.of(args).subList(args.length > 0 && args[0].equals("bench") ? 1 : 0,
        args.length);
    if (words.contains("--help") || words.contains("-h") || words.contains("help")) {
      out.println(HELP);
      out.println();
      out.println(usage());
      return ExitCode.OK.code;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq <= 0) {
        err.println("error: '" + word + "' is not key=value");
        err.println(usage());
        return ExitCode.USAGE.code;
      }
      settings.put(word.substring(0, eq), word.substring(eq + 1));
    }
    BenchOptions options;
    try {
      options = BenchOptions.of(settings);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE.code;
    }
    SparkSession running = runningSession();
    SparkSession spark = running != null ? running : SparkSession.builder()
        .config(new SparkConf().setAppName("Descent bench").setIfMissing("spark.master",
            "local[2]")).getOrCreate();
    try {
      Benchmark.run(spark, options, out, err);
      err.println("Table written to " + options.output());
      return ExitCode.OK.code;
    } catch (Exception | OutOfMemoryError e) {
      String m = e.getMessage();
      err.println("error: " + e.getClass().getSimpleName()
          + (m == null ? "" : ": " + m.lines().findFirst().orElse("")));
      e.printStackTrace(err);
      return ExitCode.FAILURE.code;
    } finally {
      if (running == null) {
        spark.stop();
      }
    }
  }

  static String usage() {
    StringBuilder s = new StringBuilder("Usage: submit.sh [spark-submit options] bench"
        + " [key=value ...]   (default master local[2])");
    BenchOptions.KEYS.keySet().stream().sorted().forEach(k -> s.append(String.format(
        "%n  %-9s %s", k, BenchOptions.KEYS.get(k))));
    return s.toString();
  }

  /** A session already running in this JVM (embedding, tests): used and left running. */
  private static SparkSession runningSession() {
    for (scala.Option<SparkSession> s :
        List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
      if (s.isDefined() && !s.get().sparkContext().isStopped()) {
        return s.get();
      }
    }
    return null;
  }
}
