package dev.descent.bench;

import dev.descent.data.BenchAccess;
import dev.descent.data.Block;
import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import dev.descent.data.Precision;
import dev.descent.engine.TrainResult;
import dev.descent.engine.TrainingData;
import dev.descent.input.FrameColumns;
import dev.descent.input.TrainingInput;
import dev.descent.optim.stopping.EpochRecord;
import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Descent against Spark MLlib's {@code GradientDescent} and Spark ML's {@code LogisticRegression}
 * on the same generated data, in one run: full-batch epochs, 1% mini-batch steps, time to an
 * objective within 1e-4 of the optimum, kernel throughput against the memory bandwidth, cached
 * sizes, and a 10,000,000-row scale run. Every figure is the median of several repetitions, with
 * data cached before any timing; ratios are Descent / other (below 1: Descent is faster or
 * smaller).
 */
final class Benchmark {
  static final int PARTITIONS = 4;
  /** The step rule both full-batch contenders use: rate / sqrt(iteration). */
  static final double STEP = 1.0;
  /** Ridge penalty of the time-to-optimum comparison. */
  static final double REG_PARAM = 1e-3;
  static final double TARGET = 1e-4;

  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final BenchOptions o;
  private final PrintStream log;
  private final Report report;

  private Benchmark(SparkSession spark, BenchOptions o, PrintStream out, PrintStream log) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.o = o;
    this.log = log;
    this.report = new Report(out);
  }

  /** Runs the benchmark, prints the table to {@code out} and writes it to the output file. */
  static String run(SparkSession spark, BenchOptions options, PrintStream out,
      PrintStream log) throws IOException {
    Benchmark b = new Benchmark(spark, options, out, log);
    b.runAll();
    b.report.write(options.output());
    return b.report.markdown();
  }

  /** What was measured on one data set (NaN where a section did not run). */
  private static final class Result {
    final DataSet ds;
    double epoch = Double.NaN;
    double mllibEpoch = Double.NaN;
    double kernelPass = Double.NaN;
    /** Kernel pass stopped after margins, after the loss, after the gradient (seconds). */
    double[] stages;
    double tripEmpty = Double.NaN;
    double tripBroadcast = Double.NaN;
    double trip = Double.NaN;
    double step = Double.NaN;
    double mllibStep = Double.NaN;
    double optimum = Double.NaN;
    double descentToTarget = Double.NaN;
    int descentIterations;
    double mlToTarget = Double.NaN;
    int mlIterations;
    double kernelGbps = Double.NaN;
    double floatGbps = Double.NaN;
    double floatSpeedup = Double.NaN;
    double plainGbps = Double.NaN;
    double blasGbps = Double.NaN;
    long cached = -1;
    long arrays = -1;
    long cachedFloat = -1;
    long mllibCached = -1;
    final Map<Long, Double> blockSweep = new LinkedHashMap<>();

    Result(DataSet ds) {
      this.ds = ds;
    }
  }

  private void runAll() {
    List<DataSet> sets = List.of(
        DataSet.dense(o.rows(1_000_000), 100, o.seed()),
        DataSet.dense(o.rows(200_000), 1_000, o.seed() + 1),
        DataSet.sparse(o.rows(1_000_000), o.sparseFeatures(100_000), 20, o.seed() + 2));
    header(sets);
    if (o.runs("epoch") || o.runs("step") || o.runs("target") || o.runs("sync")
        || o.runs("hard")) {
      warmUpSpark();
    }
    double stream = o.runs("kernel") ? streamBandwidth() : Double.NaN;
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      Result r = new Result(sets.get(i));
      results.add(r);
      if (o.runs("kernel") || o.runs("epoch")) {
        kernels(r, i != 1 && o.runs("kernel"));
      }
      descentAndMllib(r);
      if (o.runs("target")) {
        timeToOptimum(r);
      }
    }
    tables(results, stream);
    if (o.runs("scale")) {
      scaleRun();
    }
    SyncBench local = new SyncBench(spark, o, log, report);
    if (o.runs("sync")) {
      local.epochTimes(sets);
    }
    if (o.runs("hard")) {
      local.timeToTarget();
    }
    DefaultsBench small = new DefaultsBench(jsc, o, report, log);
    if (o.runs("defaults")) {
      small.defaults();
    }
    if (o.runs("small")) {
      small.smallData();
    }
    if (o.runs("files")) {
      new FilesBench(spark, o, report, log).run();
    }
  }

  private void header(List<DataSet> sets) {
    report.line("# Descent benchmark");
    report.line("");
    report.line(String.format(Locale.ROOT, "Settings: scale=%s reps=%d seed=%d; Spark %s, master %s,"
            + " %d partitions; Java %s, %d cores, max heap %.1f GB; dense kernels: %s; netlib"
            + " BLAS: %s.", trim(o.scale()), o.reps(), o.seed(), spark.version(),
        jsc.master(), PARTITIONS, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1e9,
        BenchAccess.kernelImplementation(), BLAS.getInstance().getClass().getSimpleName()));
    List<String> names = new ArrayList<>();
    for (DataSet ds : sets) {
      names.add(ds.name());
    }
    report.line("");
    report.line("Data (binary logistic, generated from the seed, cached before timing): "
        + String.join("; ", names) + ". Times are medians; ratios are Descent / other, so"
        + " below 1 means Descent is faster (or smaller).");
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** Bare Spark jobs run before anything is timed (see {@link #warmUpSpark}). */
  private static final int WARM_UP_JOBS = 300;

  /**
   * A full collection before timing, once the contenders' data is cached, so that garbage left by
   * generating data (or by the previous section) is not collected inside someone's timing.
   */
  static void settle() {
    System.gc();
  }

  /**
   * Bare Spark jobs of a step's shape (broadcast, treeAggregate over 4 partitions) until the
   * scheduler's own code is compiled, so that the first data set is not charged for the JIT
   * compiling Spark (its round trips measured 30-35 ms against 12-20 ms for the later sets).
   */
  private void warmUpSpark() {
    long start = System.nanoTime();
    JavaRDD<Integer> tiny = jsc.parallelize(List.of(0, 1, 2, 3), PARTITIONS).cache();
    int jobs = o.scale() >= 0.1 ? WARM_UP_JOBS : 10; // quick runs only check the tables
    try {
      for (int i = 0; i < jobs; i++) {
        SparkRuns.roundTrip(jsc, tiny, 100);
      }
    } finally {
      tiny.unpersist(false);
    }
    log.printf(Locale.ROOT, "Spark warm-up: %d bare jobs, %.1f s%n", jobs,
        (System.nanoTime() - start) / 1e9);
  }

  // ---- kernels ----

  /** Memory read bandwidth (GB/s): two threads summing arrays far larger than the caches. */
  private double streamBandwidth() {
    int length = o.scale() >= 0.1 ? 32_000_000 : 2_000_000; // 2 x 256 MB, or 2 x 16 MB
    List<double[]> arrays = new ArrayList<>();
    for (int t = 0; t < KernelRuns.THREADS; t++) {
      double[] a = new double[length];
      java.util.Arrays.fill(a, 1.0);
      arrays.add(a);
    }
    try (KernelRuns k = new KernelRuns(o.reps())) {
      double s = k.streamRead(arrays);
      double gbps = 8.0 * length * arrays.size() / s / 1e9;
      log.printf(Locale.ROOT, "STREAM-like read, %d threads: %.1f GB/s%n", KernelRuns.THREADS,
          gbps);
      return gbps;
    }
  }

  private void kernels(Result r, boolean sweep) {
    DataSet ds = r.ds;
    log.println(ds.name() + ": kernels");
    List<LocalData> parts = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      parts.add(LocalData.generate(ds, p, PARTITIONS));
    }
    long rawBytes = 0;
    for (LocalData d : parts) {
      rawBytes += d.bytes();
    }
    try (KernelRuns k = new KernelRuns(o.reps())) {
      List<List<Block>> blocks = blocks(parts, BenchAccess.BLOCK_TARGET_BYTES,
          Precision.DOUBLE);
      long bytes = bytes(blocks);
      r.kernelPass = k.descentPass(blocks, ds.features());
      r.kernelGbps = bytes / r.kernelPass / 1e9;
      if (!o.runs("kernel")) {
        return;
      }
      if (sweep) {
        for (long target : new long[] {16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20}) {
          List<List<Block>> b = blocks(parts, target, Precision.DOUBLE);
          r.blockSweep.put(target, bytes(b) / k.descentPass(b, ds.features()) / 1e9);
        }
      }
      r.stages = k.descentStages(blocks, ds.features());
      blocks = null; // let the double blocks go before the float ones are built
      List<List<Block>> floats = blocks(parts, BenchAccess.BLOCK_TARGET_BYTES,
          Precision.FLOAT);
      double f = k.descentPass(floats, ds.features());
      r.floatGbps = bytes(floats) / f / 1e9;
      r.floatSpeedup = r.kernelPass / f;
      floats = null;
      r.plainGbps = rawBytes / k.plainPass(parts) / 1e9;
      if (ds.isDense()) {
        r.blasGbps = rawBytes / k.blasPass(parts, BenchAccess.BLOCK_TARGET_BYTES)
            / 1e9;
      }
    }
    log.printf(Locale.ROOT, "  Descent %.1f GB/s (pass %.1f ms), float %.1f GB/s, plain %.1f"
        + " GB/s, BLAS %.1f GB/s%n", r.kernelGbps, r.kernelPass * 1e3, r.floatGbps, r.plainGbps,
        r.blasGbps);
  }

  private static List<List<Block>> blocks(List<LocalData> parts, long target, Precision p) {
    List<List<Block>> out = new ArrayList<>();
    for (LocalData d : parts) {
      out.add(d.blocks(target, p));
    }
    return out;
  }

  private static long bytes(List<List<Block>> parts) {
    long b = 0;
    for (List<Block> p : parts) {
      b += LocalData.bytes(p);
    }
    return b;
  }

  // ---- Descent and MLlib on Spark ----

  static Map<String, String> sgd(String batch, int epochs) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("loss", "logistic");
    s.put("optimizer", "sgd");
    s.put("learningRate", Double.toString(STEP));
    s.put("schedule", "invsqrt");
    s.put("intercept", "false");
    s.put("standardize", "false");
    s.put("batchSize", batch);
    s.put("epochs", Integer.toString(epochs));
    s.put("tolerance", "0");
    return s;
  }

  /**
   * Untimed iterations each contender runs on a data set before its timed ones: a Spark job's
   * own code (task serialization, result handling) and the contender's kernels are still being
   * compiled for the first few dozen jobs, which timed Descent's first epochs at 1.5x its later
   * ones. Steps of 1% warm up five times as many (one Descent epoch of 100 steps).
   */
  private int warmUpIterations() {
    return o.scale() >= 0.1 ? 20 : 1;
  }

  private void descentAndMllib(Result r) {
    boolean epoch = o.runs("epoch");
    boolean step = o.runs("step");
    boolean memory = o.runs("memory");
    if (!epoch && !step && !memory) {
      return;
    }
    DataSet ds = r.ds;
    log.println(ds.name() + ": Descent and MLlib on Spark");
    try (TrainingData data = SparkData.descent(jsc, ds, PARTITIONS, Precision.DOUBLE)) {
      settle();
      JavaRDD<PackedPartition> rdd = data.rdd();
      r.cached = SparkData.cachedBytes(jsc, rdd.id());
      r.arrays = data.summary().bytes();
      if (epoch || step) {
        int d = ds.features();
        double[] trips = SparkRuns.roundTrips(jsc, rdd, d, o.reps());
        r.tripEmpty = trips[0];
        r.tripBroadcast = trips[1];
        r.trip = trips[2];
      }
      if (epoch) {
        SparkRuns.descent(data, sgd("all", warmUpIterations()));
        r.epoch = SparkRuns.secondsPerStep(SparkRuns.descent(data, sgd("all", o.reps() + 2)));
      }
      if (step) {
        if (warmUpIterations() > 1) {
          SparkRuns.descent(data, sgd("1%", 1)); // 100 steps
        }
        r.step = SparkRuns.secondsPerStep(SparkRuns.descent(data, sgd("1%", o.reps() + 1)));
      }
    }
    JavaRDD<Tuple2<Object, Vector>> mllib = SparkData.mllib(jsc, ds, PARTITIONS);
    try {
      settle();
      r.mllibCached = SparkData.cachedBytes(jsc, mllib.id());
      if (epoch) {
        r.mllibEpoch = SparkRuns.mllibSecondsPerIteration(mllib, ds.features(), 1.0, STEP,
            warmUpIterations(), o.reps(), o.reps());
      }
      if (step) {
        r.mllibStep = SparkRuns.mllibSecondsPerIteration(mllib, ds.features(), 0.01, STEP,
            5 * warmUpIterations(), Math.max(5, o.reps()), o.reps());
      }
    } finally {
      mllib.unpersist(false);
    }
    if (memory) {
      try (TrainingData floats = SparkData.descent(jsc, ds, PARTITIONS, Precision.FLOAT)) {
        r.cachedFloat = SparkData.cachedBytes(jsc, floats.rdd().id());
      }
    }
    log.printf(Locale.ROOT, "  epoch %.1f ms (MLlib %.1f), 1%% step %.1f ms (MLlib %.1f),"
            + " round trip %.1f ms%n", r.epoch * 1e3, r.mllibEpoch * 1e3, r.step * 1e3,
        r.mllibStep * 1e3, r.trip * 1e3);
  }

  // ---- time to the optimum: Descent vs Spark ML ----

  private Map<String, String> lbfgs(int iterations, String tolerance) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("loss", "logistic");
    s.put("optimizer", "lbfgs");
    s.put("regParam", Double.toString(REG_PARAM));
    s.put("standardize", "false");
    s.put("epochs", Integer.toString(iterations));
    s.put("tolerance", tolerance);
    return s;
  }

  /** Descent from the cached DataFrame, as {@code Descent.trainer().fit(df)} does it. */
  private TrainResult descentFromFrame(Dataset<Row> df, int features,
      Map<String, String> settings) {
    try (TrainingData data = TrainingData.of(TrainingInput.frame(df, new FrameColumns("label",
        "features", null, null), "DataFrame", LabelDomain.BINARY, features, 0, false,
        Precision.DOUBLE))) {
      return SparkRuns.descent(data, settings);
    }
  }

  private void timeToOptimum(Result r) {
    DataSet ds = r.ds;
    log.println(ds.name() + ": time to within " + TARGET + " of the optimum");
    Dataset<Row> df = SparkData.frame(spark, ds, PARTITIONS);
    try {
      settle();
      int d = ds.features();
      TrainResult tight = descentFromFrame(df, d, lbfgs(200, "1e-10"));
      double fDescent = SparkRuns.objective(df, tight.model().weights(0),
          tight.model().intercept(0), REG_PARAM);
      SparkRuns.MlFit mlTight = SparkRuns.sparkMl(df, REG_PARAM, 200, 1e-10);
      double fMl = SparkRuns.objective(df, mlTight.weights(), mlTight.intercept(), REG_PARAM);
      r.optimum = Math.min(fDescent, fMl);
      double target = r.optimum * (1 + TARGET);

      // Fewest iterations each needs, from its own history, confirmed by the independent objective.
      int k = 1;
      List<EpochRecord> h = tight.history();
      while (k < h.size() && h.get(k).objective() > target) {
        k++;
      }
      int kd = k;
      for (int tries = 0; tries < 20; tries++, kd++) {
        TrainResult t = descentFromFrame(df, d, lbfgs(kd, "0"));
        if (SparkRuns.objective(df, t.model().weights(0), t.model().intercept(0), REG_PARAM)
            <= target) {
          break;
        }
      }
      int km = 1;
      double[] mh = mlTight.history();
      while (km < mh.length - 1 && mh[km] > target) {
        km++;
      }
      for (int tries = 0; tries < 20; tries++, km++) {
        SparkRuns.MlFit f = SparkRuns.sparkMl(df, REG_PARAM, km, 0);
        if (SparkRuns.objective(df, f.weights(), f.intercept(), REG_PARAM) <= target) {
          break;
        }
      }
      int descentIterations = kd;
      int mlIterations = km;
      r.descentIterations = descentIterations;
      r.mlIterations = mlIterations;
      r.descentToTarget = Timing.median(
          () -> descentFromFrame(df, d, lbfgs(descentIterations, "0")), 0, o.reps());
      r.mlToTarget = Timing.median(
          () -> SparkRuns.sparkMl(df, REG_PARAM, mlIterations, 0), 0, o.reps());
    } finally {
      df.unpersist(false);
    }
    log.printf(Locale.ROOT, "  optimum %.10g; Descent %.2f s (%d iterations), Spark ML %.2f s"
            + " (%d iterations)%n", r.optimum, r.descentToTarget, r.descentIterations,
        r.mlToTarget, r.mlIterations);
  }

  // ---- the scale run ----

  private void scaleRun() {
    DataSet ds = DataSet.dense(o.rows(10_000_000), 100, o.seed() + 3);
    log.println(ds.name() + ": scale run, float storage");
    double epoch;
    long cached;
    try (TrainingData data = SparkData.descent(jsc, ds, PARTITIONS, Precision.FLOAT)) {
      settle();
      cached = SparkData.cachedBytes(jsc, data.rdd().id());
      epoch = SparkRuns.secondsPerStep(SparkRuns.descent(data, sgd("all", o.reps() + 1)));
    }
    report.heading("6. Scale: " + ds.name() + ", float storage (precision=float)");
    report.line("Full-batch epoch (sgd) of Descent in local mode; raw bytes count doubles.");
    report.table(List.of("data", "rows", "cached", "raw primitive bytes", "epoch"),
        List.of(List.of(ds.name(), DataSet.count(ds.rows()), Report.mb(cached),
            Report.mb(ds.rawBytes()), Report.ms(epoch))));
  }

  // ---- tables ----

  private void tables(List<Result> results, double stream) {
    if (o.runs("epoch")) {
      report.heading("1. Full-batch epoch: Descent vs MLlib GradientDescent (LogisticGradient,"
          + " step 1/sqrt(t))");
      report.line("Median wall time per iteration. The limit is the best hand kernel's pass"
          + " (Descent's, 2 threads, outside Spark) plus a bare round trip (broadcast +"
          + " treeAggregate of parameter-sized arrays, no rows read).");
      List<List<String>> rows = new ArrayList<>();
      for (Result r : results) {
        double limit = r.kernelPass + r.trip;
        rows.add(List.of(r.ds.name(), Report.ms(r.epoch), Report.ms(r.mllibEpoch),
            Report.ratio(r.epoch / r.mllibEpoch), Report.ms(r.kernelPass), Report.ms(r.trip),
            Report.ms(limit), Report.ratio(r.epoch / limit)));
      }
      report.table(List.of("data", "Descent", "MLlib", "Descent / MLlib", "kernel pass",
          "round trip", "limit", "Descent / limit"), rows);
    }
    if (o.runs("step")) {
      report.heading("2. Mini-batch step of 1%: Descent vs MLlib (miniBatchFraction=0.01)");
      report.line("Median wall time per step. A Descent step reads only its batch's rows, so it"
          + " should cost 1% of an epoch plus Spark's fixed cost per job (the round trip).");
      List<List<String>> rows = new ArrayList<>();
      for (Result r : results) {
        double expected = r.epoch / 100 + r.trip;
        rows.add(List.of(r.ds.name(), Report.ms(r.step), Report.ms(r.mllibStep),
            Report.ratio(r.step / r.mllibStep), Report.ms(r.epoch / 100), Report.ms(r.trip),
            Report.ratio(r.step / expected)));
      }
      report.table(List.of("data", "Descent", "MLlib", "Descent / MLlib", "1% of an epoch",
          "round trip", "Descent / (1% epoch + round trip)"), rows);
      report.line("");
      report.line("Spark's fixed cost per step, by what the round trip carries (median):");
      rows = new ArrayList<>();
      for (Result r : results) {
        rows.add(List.of(r.ds.name(), Report.ms(r.tripEmpty), Report.ms(r.tripBroadcast),
            Report.ms(r.trip)));
      }
      report.table(List.of("data", "job, 4 tasks, 1 number back",
          "+ broadcast of the parameters", "+ parameter-sized partial sums back"), rows);
    }
    if (o.runs("target")) {
      report.heading("3. Time to an objective within 1e-4 (relative) of the optimum: Descent vs"
          + " Spark ML LogisticRegression");
      report.line("Both fit from the same cached DataFrame (label, features), regParam="
          + REG_PARAM + ", intercept, no standardization (the data is generated on a unit scale)."
          + " Descent: optimizer=lbfgs. Each runs the fewest iterations that reach the target,"
          + " checked by an objective computed independently of both; the optimum is the lower"
          + " of both fits run to tolerance 1e-10.");
      List<List<String>> rows = new ArrayList<>();
      for (Result r : results) {
        rows.add(List.of(r.ds.name(), Report.number(r.optimum),
            Report.seconds(r.descentToTarget), Integer.toString(r.descentIterations),
            Report.seconds(r.mlToTarget), Integer.toString(r.mlIterations),
            Report.ratio(r.descentToTarget / r.mlToTarget)));
      }
      report.table(List.of("data", "optimum", "Descent", "Descent iterations", "Spark ML",
          "Spark ML iterations", "Descent / Spark ML"), rows);
    }
    if (o.runs("kernel")) {
      report.heading("4. Kernel throughput: GB of training data read per second");
      report.line(String.format(Locale.ROOT, "One pass of the logistic loss and gradient over"
          + " the data on the driver, outside Spark, timed by the CPU time of the busier thread"
          + " (on a shared machine, wall time would count other processes' turns). Memory read"
          + " bandwidth (STREAM-like sum, %d threads, timed the same way): %.1f GB/s. Float"
          + " storage: GB/s of float data, and its speed-up in rows per second over double.",
          KernelRuns.THREADS, stream));
      List<List<String>> rows = new ArrayList<>();
      for (Result r : results) {
        rows.add(List.of(r.ds.name(), Report.gbps(r.kernelGbps),
            Report.ratio(r.kernelGbps / stream), Report.gbps(r.floatGbps),
            Report.ratio(r.floatSpeedup), Report.gbps(r.plainGbps),
            Report.ratio(r.plainGbps / stream),
            r.ds.isDense() ? Report.gbps(r.blasGbps) : "n/a"));
      }
      report.table(List.of("data", "Descent, 2 threads", "Descent / STREAM", "float storage",
          "float speed-up", "plain Java loop, 1 thread", "plain / STREAM",
          "netlib BLAS dgemv, 2 threads"), rows);
      report.line("");
      report.line("Block size (BlockBuilder's byte target) against Descent's throughput, double"
          + " storage, 2 threads:");
      List<String> head = new ArrayList<>(List.of("data"));
      for (long t : results.get(0).blockSweep.keySet()) {
        head.add(t >= 1 << 20 ? (t >> 20) + " MiB" : (t >> 10) + " KiB");
      }
      rows = new ArrayList<>();
      for (Result r : results) {
        if (!r.blockSweep.isEmpty()) {
          List<String> row = new ArrayList<>(List.of(r.ds.name()));
          r.blockSweep.values().forEach(v -> row.add(Report.gbps(v)));
          rows.add(row);
        }
      }
      report.table(head, rows);
      report.line("");
      report.line("Where a pass goes: the same pass (double storage, 2 threads) stopped after"
          + " each stage, median times. The margins (X w) read every row from memory; the loss"
          + " works on one number per row; the gradient (X^T m) re-reads the block's rows from"
          + " cache.");
      rows = new ArrayList<>();
      for (Result r : results) {
        double bytes = r.kernelGbps * r.kernelPass * 1e9;
        rows.add(List.of(r.ds.name(), Report.ms(r.stages[0]),
            Report.gbps(bytes / r.stages[0] / 1e9),
            Report.ratio(bytes / r.stages[0] / 1e9 / stream),
            Report.ms(r.stages[1]), Report.ms(r.stages[2])));
      }
      report.table(List.of("data", "margins", "margins GB/s", "margins / STREAM",
          "margins and loss", "margins, loss and gradient"), rows);
    }
    if (o.runs("memory")) {
      report.heading("5. Cached training data (Spark's storage info)");
      report.line("Raw primitive bytes: values and labels as double arrays (CSR adds 4-byte"
          + " column indices and row starts). Descent and MLlib (its (label, Vector) RDD, cached"
          + " in memory) as Spark's storage info reports them (Spark's SizeEstimator samples"
          + " large object arrays, so it can be off by several percent); Descent's arrays: the"
          + " exact bytes of its blocks' arrays.");
      List<List<String>> rows = new ArrayList<>();
      for (Result r : results) {
        rows.add(List.of(r.ds.name(), Report.mb(r.ds.rawBytes()), Report.mb(r.cached),
            Report.ratio((double) r.cached / r.ds.rawBytes()), Report.mb(r.arrays),
            Report.ratio((double) r.arrays / r.ds.rawBytes()), Report.mb(r.cachedFloat),
            Report.mb(r.mllibCached), Report.ratio((double) r.cached / r.mllibCached)));
      }
      report.table(List.of("data", "raw primitive bytes", "Descent", "Descent / raw",
          "Descent's arrays", "arrays / raw", "Descent, precision=float", "MLlib",
          "Descent / MLlib"), rows);
    }
  }
}
