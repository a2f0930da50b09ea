package dev.descent.bench;

import dev.descent.Descent;
import dev.descent.data.Precision;
import dev.descent.engine.TrainResult;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingListener;
import dev.descent.input.Partitioning;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's {@code files} section: training as {@code ./submit.sh train input=FILE} does
 * it (reading, packing, partitioning: {@code Descent.trainer().set("input", path).fit(jsc)}) on
 * dense data written to disk as LIBSVM, CSV and Parquet, next to the same rows generated in
 * memory in as many partitions. Epoch times come from the runs' histories (reading and caching
 * excluded, and reported apart); the target is the file path within 1.2x of the in-memory one,
 * epoch for epoch. A row with one partition per 32 MB split (what training from a file cached
 * before the partitions were chosen) shows what the choice saves.
 */
final class FilesBench {
  static final double TARGET = 1.2;
  /** Decimals written per feature value, as a typical exported file has. */
  private static final int DECIMALS = 6;

  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final BenchOptions o;
  private final Report report;
  private final PrintStream log;

  FilesBench(SparkSession spark, BenchOptions o, Report report, PrintStream log) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.o = o;
    this.report = report;
    this.log = log;
  }

  /** Full-batch epoch and 1% step of one path, and what reading and caching cost. */
  private record Times(int partitions, double read, double epoch, double step) {}

  void run() {
    try {
      measure();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void measure() throws IOException {
    DataSet ds = DataSet.dense(o.rows(500_000), 100, o.seed() + 4);
    int n = Partitioning.forTraining(jsc, 0);
    log.println(ds.name() + ": training from files (" + n + " partitions)");
    Path dir = Files.createTempDirectory("descent-bench-files");
    List<List<String>> rows = new ArrayList<>();
    try (TrainingData data = SparkData.descent(jsc, ds, n, Precision.DOUBLE)) {
      Path libsvm = writeText(ds, n, dir.resolve("data.libsvm"), false);
      Path csv = writeText(ds, n, dir.resolve("data.csv"), true);
      Path parquet = writeParquet(ds, n, dir.resolve("data.parquet"));
      int splits = jsc.textFile(libsvm.toString(), jsc.defaultParallelism()).getNumPartitions();
      List<Path> files = List.of(libsvm, csv, parquet, libsvm);
      List<String> names = List.of("LIBSVM", "CSV", "Parquet",
          "LIBSVM, a partition per split (partitions=" + splits + ")");
      List<List<Times>> runs = rounds(data, files, List.of(0, 0, 0, splits));
      rows.add(row("in memory (generated)", "", runs.get(0), runs.get(0)));
      for (int i = 0; i < files.size(); i++) {
        rows.add(row(names.get(i), mb(files.get(i)), runs.get(i + 1), runs.get(0)));
      }
    } finally {
      delete(dir);
    }
    report.heading("11. Training from files: " + ds.name() + " through the command line's path");
    report.line("`Descent.trainer().set(\"input\", file)`, as `./submit.sh train input=FILE`: the"
        + " file read, packed and cached in the partitions Descent chooses (" + n + ", one per"
        + " task slot), then sgd at batchSize=all and 1%; next to the same rows generated in"
        + " memory in " + n + " partitions. Text files hold " + DECIMALS + " decimals per value."
        + " In each of " + o.reps() + " rounds every file is trained from (read afresh, as the"
        + " command line does; each run's epochs timed after a full collection once its rows are"
        + " cached, as the in-memory runs' are) between two timings of the in-memory rows, and its"
        + " ratios are taken against their mean, so that the machine's drift cancels; the table"
        + " shows the medians of the rounds' times and of their ratios. Epoch and step times"
        + " are medians from the runs' histories; \"read and cache\" is the rest of the first"
        + " run's wall time (less that collection). Ratios are file / in memory (target: at most "
        + TARGET + ").");
    report.table(List.of("input", "file size", "partitions", "read and cache", "full-batch epoch",
        "ratio", "1% step", "ratio"), rows);
  }

  /**
   * {@code reps} rounds, each training from every file between two timings of the in-memory
   * rows; per round, the in-memory figure is the mean of the two around it. The first list
   * holds the in-memory rounds, then one per file.
   */
  private List<List<Times>> rounds(TrainingData data, List<Path> files, List<Integer> parts) {
    List<List<Times>> runs = new ArrayList<>();
    for (int i = 0; i <= files.size(); i++) {
      runs.add(new ArrayList<>());
    }
    Times before = inMemory(data, true);
    for (int r = 0; r < o.reps(); r++) {
      for (int i = 0; i < files.size(); i++) {
        runs.get(i + 1).add(fromFile(files.get(i), parts.get(i)));
      }
      Times after = inMemory(data, false);
      runs.get(0).add(mean(before, after));
      log.printf(Locale.ROOT, "  round %d: in memory before the files: epoch %.1f ms, 1%% step"
          + " %.1f ms; after: %.1f ms, %.1f ms%n", r + 1, before.epoch() * 1e3,
          before.step() * 1e3, after.epoch() * 1e3, after.step() * 1e3);
      before = after;
    }
    return runs;
  }

  /** Each figure the mean of two measurements of the same path (the load drifts). */
  private static Times mean(Times a, Times b) {
    return new Times(a.partitions(), Double.NaN, (a.epoch() + b.epoch()) / 2,
        (a.step() + b.step()) / 2);
  }

  /** Timed full-batch epochs per run (after the untimed ones), and 1% epochs of 100 steps. */
  private static final int FULL_EPOCHS = 4;
  private static final int STEP_EPOCHS = 2;

  /** Medians over the rounds: times, and ratios to the same round's in-memory times. */
  private List<String> row(String name, String size, List<Times> t, List<Times> memory) {
    List<Double> epochRatio = new ArrayList<>();
    List<Double> stepRatio = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      epochRatio.add(t.get(r).epoch() / memory.get(r).epoch());
      stepRatio.add(t.get(r).step() / memory.get(r).step());
    }
    String read = Double.isNaN(t.get(0).read()) ? "n/a" : Report.seconds(t.get(0).read());
    double epoch = Timing.median(t.stream().map(Times::epoch).toList());
    double step = Timing.median(t.stream().map(Times::step).toList());
    log.printf(Locale.ROOT, "  %s: %d partitions, read and cache %s, epoch %.1f ms, 1%% step"
        + " %.1f ms; ratios by round: epoch %s, step %s%n", name, t.get(0).partitions(), read,
        epoch * 1e3, step * 1e3, ratios(epochRatio), ratios(stepRatio));
    return List.of(name, size.isEmpty() ? "n/a" : size, Integer.toString(t.get(0).partitions()),
        read, Report.ms(epoch),
        Report.ratio(Timing.median(epochRatio)), Report.ms(step),
        Report.ratio(Timing.median(stepRatio)));
  }

  private static String ratios(List<Double> r) {
    return r.stream().map(Report::ratio).toList().toString();
  }

  /** Untimed epochs first (JIT), as the in-memory sections warm up. */
  private int warmUp() {
    return o.scale() >= 0.1 ? 5 : 1;
  }

  /** The cached in-memory rows: full-batch epoch and 1% step, after untimed epochs if asked. */
  private Times inMemory(TrainingData data, boolean warmUp) {
    Benchmark.settle();
    if (warmUp) {
      SparkRuns.descent(data, Benchmark.sgd("all", 4 * warmUp()));
      SparkRuns.descent(data, Benchmark.sgd("1%", 1));
    }
    double epoch = median(SparkRuns.descent(data, Benchmark.sgd("all", warmUp() + FULL_EPOCHS)),
        warmUp());
    Benchmark.settle(); // as before each run from a file
    double step = SparkRuns.secondsPerStep(SparkRuns.descent(data,
        Benchmark.sgd("1%", 1 + STEP_EPOCHS)));
    return new Times(data.numPartitions(), Double.NaN, epoch, step);
  }

  /**
   * Trains from {@code file} twice (full batch, then 1% batches), each run reading the file
   * afresh as the command line does; {@code partitions} 0 for Descent's choice. Each run's epochs
   * are timed after a full collection once its data is cached ({@link Settled}), as the in-memory
   * rows are: otherwise the young collections that copy the freshly cached rows (measured at
   * 0.2-1.7 s each in this JVM, after earlier runs' garbage) fall into some runs' timed epochs.
   * The collection is the driver's JVM's: in local mode, where the rows are cached.
   */
  private Times fromFile(Path file, int partitions) {
    Benchmark.settle();
    long start = System.nanoTime();
    Settled settled = new Settled();
    TrainResult full = fit(file, partitions, "all", warmUp() + FULL_EPOCHS, settled);
    double wall = Timing.seconds(start) - settled.seconds;
    double epochs = full.history().stream().mapToDouble(e -> e.seconds()).sum();
    double epoch = median(full, warmUp());
    TrainResult steps = fit(file, partitions, "1%", 1 + STEP_EPOCHS, new Settled());
    return new Times(full.data().partitions(), wall - epochs, epoch,
        SparkRuns.secondsPerStep(steps));
  }

  /** A full collection when a run's data is cached, before its first epoch; how long it took. */
  private static final class Settled implements TrainingListener {
    double seconds;

    @Override
    public void onStart(Start start) {
      long t = System.nanoTime();
      Benchmark.settle();
      seconds = Timing.seconds(t);
    }

    @Override
    public void onEpoch(EpochRecord record, LinearModel model) {}
  }

  private TrainResult fit(Path file, int partitions, String batch, int epochs,
      TrainingListener listener) {
    Descent.Builder b = Descent.trainer().set("input", file.toString()).listener(listener);
    Benchmark.sgd(batch, epochs).forEach(b::set);
    if (partitions > 0) {
      b.set("partitions", Integer.toString(partitions));
    }
    return b.fit(jsc);
  }

  /** Median seconds per step of the epochs after the first {@code skip}. */
  private static double median(TrainResult r, int skip) {
    List<Double> t = new ArrayList<>();
    for (int i = Math.min(skip, r.history().size() - 1); i < r.history().size(); i++) {
      t.add(r.history().get(i).seconds() / r.history().get(i).passes());
    }
    return Timing.median(t);
  }

  /** The rows of {@code ds} (generated in {@code n} partitions, in order) as one text file. */
  private Path writeText(DataSet ds, int n, Path file, boolean csv) throws IOException {
    long start = System.nanoTime();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder();
      for (int p = 0; p < n; p++) {
        ds.generate(p, n, (label, cols, vals) -> {
          line.setLength(0);
          line.append(label == 1 ? '1' : '0');
          for (int j = 0; j < vals.length; j++) {
            line.append(csv ? "," : " " + (j + 1) + ":");
            decimal(line, vals[j]);
          }
          line.append('\n');
          try {
            w.append(line);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    log.printf(Locale.ROOT, "  wrote %s (%s) in %.1f s%n", file.getFileName(), mb(file),
        Timing.seconds(start));
    return file;
  }

  /** {@code v} with {@link #DECIMALS} decimals, without String.format's cost. */
  private static void decimal(StringBuilder s, double v) {
    long scale = (long) Math.pow(10, DECIMALS);
    long u = Math.round(Math.abs(v) * scale);
    if (v < 0 && u != 0) {
      s.append('-');
    }
    s.append(u / scale).append('.');
    String f = Long.toString(u % scale);
    for (int i = f.length(); i < DECIMALS; i++) {
      s.append('0');
    }
    s.append(f);
  }

  /** The rows of {@code ds} as Parquet ({@code label}, {@code features}), one file per partition. */
  private Path writeParquet(DataSet ds, int n, Path dir) {
    long start = System.nanoTime();
    Dataset<Row> df = SparkData.frame(spark, ds, n);
    try {
      df.write().parquet(dir.toString());
    } finally {
      df.unpersist(false);
    }
    log.printf(Locale.ROOT, "  wrote %s (%s) in %.1f s%n", dir.getFileName(), mb(dir),
        Timing.seconds(start));
    return dir;
  }

  private static String mb(Path path) {
    try (Stream<Path> files = Files.walk(path)) {
      return Report.mb(files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length())
          .sum());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
