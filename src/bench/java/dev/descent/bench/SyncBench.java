package dev.descent.bench;

import dev.descent.data.BadRecord;
import dev.descent.data.BenchAccess;
import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionPacker;
import dev.descent.data.Precision;
import dev.descent.engine.TrainResult;
import dev.descent.engine.TrainingData;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's local-steps sections. {@code sync}: the epoch time of 1% mini-batches when
 * the partitions synchronize after every step, every 10 steps and once per epoch
 * ({@code syncEvery}), next to the full-batch epoch, per data set. {@code hard}: on problems that
 * are hard for full-batch methods ({@link HardProblem}), the time to an objective within
 * {@value #TARGET} (relative) of the optimum for mini-batch settings with and without local
 * steps, Descent's L-BFGS and Spark ML's LogisticRegression. The mini-batch contender is
 * momentum with {@code momentum=}{@value #MOMENTUM}, the setting docs/performance.md documents for
 * ill-conditioned problems. Measured without Spark on 20,000-row versions (1% batches, cosine,
 * learningRate=auto, HardMeasure): on the 10-class problem, momentum at the default 0.9 ended
 * 4e-2 above the optimum after 128 epochs with every syncEvery, at 0.99 within 2.5e-4 (step),
 * 1.5e-4 (10 steps) and 8.2e-5 (epoch) after 64; adam stayed 9e-2 to 2e-1 away.
 */
final class SyncBench {
  static final double TARGET = 1e-3;
  static final double REG_PARAM = 1e-4;
  /** The most epochs a mini-batch contender is given to reach the target. */
  static final int MAX_EPOCHS = 128;
  static final List<String> SYNCS = List.of("step", "10 steps", "epoch");
  /** The mini-batch contenders' momentum: for a condition number of 1e4, 0.9 is too little. */
  static final String MOMENTUM = "0.99";

  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final BenchOptions o;
  private final PrintStream log;
  private final Report report;

  SyncBench(SparkSession spark, BenchOptions o, PrintStream log, Report report) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.o = o;
    this.log = log;
    this.report = report;
  }

  // ---- sync: epoch times ----

  /** Section {@code sync} over {@code sets}. */
  void epochTimes(List<DataSet> sets) {
    List<List<String>> rows = new ArrayList<>();
    for (DataSet ds : sets) {
      log.println(ds.name() + ": epoch time at a 1% batch by syncEvery");
      try (TrainingData data = SparkData.descent(jsc, ds, Benchmark.PARTITIONS,
          Precision.DOUBLE)) {
        System.gc();
        rows.add(epochRow(ds.name(), data));
      }
    }
    report.heading("7. Local steps: epoch time at a 1% batch, by syncEvery");
    report.line("sgd (logistic, learningRate=1, schedule=invsqrt) on the data of sections 1-2,"
        + " " + Benchmark.PARTITIONS + " partitions: the median epoch (after the first) with"
        + " batchSize=1% (100 steps) when the partitions synchronize after every step (one"
        + " Spark job per step), after every 10 steps and once per epoch, next to the"
        + " full-batch epoch; the four runs are timed back to back " + timings()
        + " times, and the ratios are the medians of each time's ratios. Targets: epoch / full"
        + " batch at most 1.5; 10 steps / step at most 0.2.");
    report.table(List.of("data", "full-batch epoch", "1%, syncEvery=step", "1%, 10 steps",
        "1%, epoch", "epoch / full batch", "10 steps / step"), rows);
  }

  /**
   * One data set's row: {@code reps} rounds, each timing a full-batch run and the three
   * syncEvery runs back to back (the median epoch after the first of each), so that the ratios
   * are taken within a round and the machine's drift between rounds cancels; the table shows
   * the medians of the times and of the per-round ratios.
   */
  private List<String> epochRow(String name, TrainingData data) {
    int rounds = timings();
    int epochs = o.scale() >= 0.1 ? 4 : 2;
    SparkRuns.descent(data, sgd("all", null, 3));
    for (String sync : SYNCS) {
      SparkRuns.descent(data, sgd("1%", sync, 1));
    }
    List<Double> full = new ArrayList<>();
    List<List<Double>> t = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Double> epochRatio = new ArrayList<>();
    List<Double> tenRatio = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      full.add(secondsPerEpoch(SparkRuns.descent(data, sgd("all", null, epochs))));
      for (int i = 0; i < SYNCS.size(); i++) {
        t.get(i).add(secondsPerEpoch(SparkRuns.descent(data, sgd("1%", SYNCS.get(i), epochs))));
      }
      epochRatio.add(t.get(2).get(r) / full.get(r));
      tenRatio.add(t.get(1).get(r) / t.get(0).get(r));
    }
    List<String> row = new ArrayList<>(List.of(name, Report.ms(Timing.median(full))));
    for (List<Double> times : t) {
      row.add(Report.ms(Timing.median(times)));
    }
    row.add(Report.ratio(Timing.median(epochRatio)));
    row.add(Report.ratio(Timing.median(tenRatio)));
    log.printf(Locale.ROOT, "  full %.1f ms; 1%%: step %.1f ms, 10 steps %.1f ms, epoch %.1f ms;"
        + " epoch / full %s, 10 steps / step %s%n", Timing.median(full) * 1e3,
        Timing.median(t.get(0)) * 1e3, Timing.median(t.get(1)) * 1e3,
        Timing.median(t.get(2)) * 1e3, epochRatio, tenRatio);
    return row;
  }

  /** How many times section sync times each data set's four runs. */
  private int timings() {
    return Math.max(3, o.reps());
  }

  /** The benchmark's sgd settings ({@link Benchmark#sgd}) with {@code syncEvery=sync}. */
  private static Map<String, String> sgd(String batch, String sync, int epochs) {
    Map<String, String> s = Benchmark.sgd(batch, epochs);
    if (sync != null) {
      s.put("syncEvery", sync);
    }
    return s;
  }

  /** Median seconds of the epochs after the first. */
  static double secondsPerEpoch(TrainResult r) {
    List<Double> t = new ArrayList<>();
    List<EpochRecord> h = r.history();
    for (int i = h.size() > 1 ? 1 : 0; i < h.size(); i++) {
      t.add(h.get(i).seconds());
    }
    return Timing.median(t);
  }

  // ---- hard: time to the target ----

  /** Section {@code hard}: a binary and a 10-class problem. */
  void timeToTarget() {
    List<List<String>> rows = new ArrayList<>();
    for (HardProblem p : List.of(
        new HardProblem(o.rows(500_000), 50, 2, 0.995, 0.1, o.seed() + 10),
        new HardProblem(o.rows(500_000), 50, 10, 0.995, 0.1, o.seed() + 11))) {
      rows.addAll(hard(p));
    }
    report.heading("8. Local steps: time to within " + TARGET + " of the optimum on hard"
        + " problems");
    report.line("Problems of " + HardProblem.class.getSimpleName() + " (correlated features,"
        + " label noise), regParam=" + REG_PARAM + ", intercept, standardize=false, "
        + Benchmark.PARTITIONS + " partitions; objectives computed independently of the"
        + " contenders. Mini-batch runs use momentum=" + MOMENTUM + ", batchSize=1%,"
        + " learningRate=auto, schedule=cosine, and the fewest epochs (doubling, at most " + MAX_EPOCHS + ") whose run ends within"
        + " the target; L-BFGS and Spark ML the fewest iterations. Time: the whole fit (data"
        + " cached); its ratio is to the same rule with syncEvery=step (L-BFGS and Spark ML:"
        + " to momentum's), '-' where that did not reach the target. Target: the best"
        + " local-steps setting at least 3x sooner than syncEvery=step, and sooner than Spark"
        + " ML.");
    report.table(List.of("problem", "contender", "epochs / iterations", "rounds (jobs)",
        "objective gap", "time", "time / syncEvery=step"), rows);
  }

  private List<List<String>> hard(HardProblem p) {
    log.println(p.name() + ": time to within " + TARGET + " of the optimum");
    Dataset<Row> df = frame(p);
    List<List<String>> rows = new ArrayList<>();
    try (TrainingData data = descent(p)) {
      System.gc();
      String loss = p.classes() == 2 ? "logistic" : "softmax";
      TrainResult tight = SparkRuns.descent(data, settings(loss, "lbfgs", "all", null, 500,
          "1e-12"));
      LogisticRegressionModel mlTight = sparkMl(df, p, 500, 1e-12);
      double optimum = Math.min(objective(df, p, weights(tight.model(), p),
          intercepts(tight.model(), p)), objective(df, p, weights(mlTight, p),
          intercepts(mlTight, p)));
      double target = optimum * (1 + TARGET);
      log.printf(Locale.ROOT, "  optimum %.10g%n", optimum);
      // Each rule's time to the target with syncEvery=step is the reference of its rows; the
      // full-batch contenders are set against momentum's.
      double stepTime = Double.NaN;
      double momentumStep = Double.NaN;
      for (String[] c : new String[][] {{"momentum", "step"}, {"momentum", "10 steps"},
          {"momentum", "epoch"}}) {
        Attempt a = miniBatch(data, df, p, loss, c[0], c[1], target);
        if (c[1].equals("step")) {
          stepTime = a.reached ? a.seconds : Double.NaN;
          momentumStep = c[0].equals("momentum") ? stepTime : momentumStep;
        }
        rows.add(row(p, c[0] + ", syncEvery=" + c[1], a, optimum, stepTime));
      }
      rows.add(row(p, "Descent lbfgs", lbfgs(data, df, p, loss, tight, target), optimum,
          momentumStep));
      rows.add(row(p, "Spark ML LogisticRegression", sparkMlToTarget(df, p, mlTight, target),
          optimum, momentumStep));
    } finally {
      df.unpersist(false);
    }
    return rows;
  }

  /** A contender's fewest epochs (or iterations) to the target, and the time of that run. */
  private record Attempt(int iterations, long rounds, double objective, double seconds,
      boolean reached) {}

  private Attempt miniBatch(TrainingData data, Dataset<Row> df, HardProblem p, String loss,
      String optimizer, String sync, double target) {
    Attempt last = null;
    int most = o.scale() >= 0.1 ? MAX_EPOCHS : 4; // quick runs only check the tables
    for (int e = 1; e <= most; e *= 2) {
      Map<String, String> s = settings(loss, optimizer, "1%", sync, e, "0");
      long start = System.nanoTime();
      TrainResult r = SparkRuns.descent(data, s);
      double seconds = (System.nanoTime() - start) / 1e9;
      long rounds = r.history().stream().mapToLong(EpochRecord::rounds).sum();
      double f = objective(df, p, weights(r.model(), p), intercepts(r.model(), p));
      last = new Attempt(e, rounds, f, seconds, f <= target);
      log.printf(Locale.ROOT, "  %s syncEvery=%s, %d epochs: %.10g, %.2f s%n", optimizer, sync,
          e, f, seconds);
      if (last.reached) {
        return last;
      }
    }
    return last;
  }

  private Attempt lbfgs(TrainingData data, Dataset<Row> df, HardProblem p, String loss,
      TrainResult tight, double target) {
    List<EpochRecord> h = tight.history();
    int k = 1;
    while (k < h.size() && h.get(k - 1).objective() > target) {
      k++;
    }
    Attempt a = null;
    for (int tries = 0; tries < 20; tries++, k++) {
      long start = System.nanoTime();
      TrainResult r = SparkRuns.descent(data, settings(loss, "lbfgs", "all", null, k, "0"));
      double seconds = (System.nanoTime() - start) / 1e9;
      double f = objective(df, p, weights(r.model(), p), intercepts(r.model(), p));
      a = new Attempt(k, r.history().stream().mapToLong(EpochRecord::passes).sum(), f, seconds,
          f <= target);
      if (a.reached) {
        break;
      }
    }
    log.printf(Locale.ROOT, "  lbfgs: %d iterations, %.2f s%n", a.iterations, a.seconds);
    return a;
  }

  private Attempt sparkMlToTarget(Dataset<Row> df, HardProblem p, LogisticRegressionModel tight,
      double target) {
    double[] h = tight.summary().objectiveHistory();
    int k = 1;
    while (k < h.length - 1 && h[k] > target) {
      k++;
    }
    Attempt a = null;
    for (int tries = 0; tries < 20; tries++, k++) {
      long start = System.nanoTime();
      LogisticRegressionModel m = sparkMl(df, p, k, 0);
      double seconds = (System.nanoTime() - start) / 1e9;
      double f = objective(df, p, weights(m, p), intercepts(m, p));
      a = new Attempt(k, -1, f, seconds, f <= target);
      if (a.reached) {
        break;
      }
    }
    log.printf(Locale.ROOT, "  Spark ML: %d iterations, %.2f s%n", a.iterations, a.seconds);
    return a;
  }

  private static List<String> row(HardProblem p, String contender, Attempt a, double optimum,
      double stepTime) {
    return List.of(p.name(), contender, (a.reached ? "" : "not reached in ") + a.iterations,
        a.rounds < 0 ? "-" : Long.toString(a.rounds),
        String.format(Locale.ROOT, "%.1e", (a.objective - optimum) / optimum),
        Report.seconds(a.seconds), Double.isNaN(stepTime) ? "-" : Report.ratio(a.seconds
            / stepTime));
  }

  private static Map<String, String> settings(String loss, String optimizer, String batch,
      String sync, int epochs, String tolerance) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("loss", loss);
    s.put("optimizer", optimizer);
    s.put("regParam", Double.toString(REG_PARAM));
    s.put("standardize", "false");
    s.put("batchSize", batch);
    if (!optimizer.equals("lbfgs")) {
      s.put("schedule", "cosine");
      s.put("momentum", MOMENTUM);
    }
    if (sync != null) {
      s.put("syncEvery", sync);
    }
    s.put("epochs", Integer.toString(epochs));
    s.put("tolerance", tolerance);
    return s;
  }

  // ---- the problems' data, and an independent objective ----

  private TrainingData descent(HardProblem p) {
    int parts = Benchmark.PARTITIONS;
    LabelDomain domain = p.classes() == 2 ? LabelDomain.BINARY : LabelDomain.CLASSES;
    JavaRDD<PackedPartition> packed = ids(parts).mapPartitionsWithIndex((i, ignored) -> {
      PartitionPacker packer = BenchAccess.packer(i, domain, Precision.DOUBLE);
      MutableRow row = packer.row();
      long[] record = {0};
      p.generate(i, parts, (label, cols, vals) -> {
        row.clear();
        try {
          row.setLabel(label, domain, p.classes());
        } catch (BadRecord e) {
          throw new IllegalStateException(e.getMessage());
        }
        for (int j = 0; j < vals.length; j++) {
          row.add(j, vals[j]);
        }
        packer.acceptRow(p.name(), ++record[0]);
      });
      return Collections.singletonList(packer.finish()).iterator();
    }, true);
    return TrainingData.of(jsc, packed, p.name(), domain, p.features(),
        p.classes() == 2 ? 0 : p.classes());
  }

  private Dataset<Row> frame(HardProblem p) {
    int parts = Benchmark.PARTITIONS;
    JavaRDD<Row> rows = ids(parts).mapPartitionsWithIndex((i, ignored) -> {
      List<Row> out = new ArrayList<>(p.rowsIn(i, parts));
      p.generate(i, parts, (label, cols, vals) -> out.add(RowFactory.create(label,
          org.apache.spark.ml.linalg.Vectors.dense(vals.clone()))));
      return out.iterator();
    }, true);
    return SparkData.cachedFrame(spark, rows);
  }

  private JavaRDD<Integer> ids(int partitions) {
    List<Integer> ids = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    return jsc.parallelize(ids, partitions);
  }

  private static LogisticRegressionModel sparkMl(Dataset<Row> df, HardProblem p, int maxIter,
      double tol) {
    return new LogisticRegression().setRegParam(REG_PARAM).setElasticNetParam(0)
        .setStandardization(false).setFitIntercept(true).setMaxIter(maxIter).setTol(tol)
        .setFamily(p.classes() == 2 ? "binomial" : "multinomial").fit(df);
  }

  private static double[][] weights(LinearModel m, HardProblem p) {
    double[][] w = new double[p.outputs()][];
    for (int k = 0; k < w.length; k++) {
      w[k] = m.weights(k).clone();
    }
    return w;
  }

  private static double[] intercepts(LinearModel m, HardProblem p) {
    double[] b = new double[p.outputs()];
    for (int k = 0; k < b.length; k++) {
      b[k] = m.intercept(k);
    }
    return b;
  }

  private static double[][] weights(LogisticRegressionModel m, HardProblem p) {
    if (p.classes() == 2) {
      return new double[][] {m.coefficients().toArray()};
    }
    double[][] w = new double[p.outputs()][p.features()];
    for (int k = 0; k < w.length; k++) {
      for (int j = 0; j < p.features(); j++) {
        w[k][j] = m.coefficientMatrix().apply(k, j);
      }
    }
    return w;
  }

  private static double[] intercepts(LogisticRegressionModel m, HardProblem p) {
    return p.classes() == 2 ? new double[] {m.intercept()} : m.interceptVector().toArray();
  }

  /**
   * The objective at a model, computed here independently of the contenders: mean logistic
   * (or softmax) loss over the rows plus {@code regParam/2} times the squared weights.
   */
  private double objective(Dataset<Row> df, HardProblem p, double[][] w, double[] b) {
    Broadcast<double[][]> shared = jsc.broadcast(w);
    boolean binary = p.classes() == 2;
    double[] sums;
    try {
      sums = df.javaRDD().treeAggregate(new double[2], (acc, row) -> {
        double y = row.getDouble(0);
        double[] x = ((DenseVector) row.getAs(1)).values();
        double[][] c = shared.value();
        double[] m = new double[c.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c.length; k++) {
          m[k] = b[k];
          for (int j = 0; j < x.length; j++) {
            m[k] += c[k][j] * x[j];
          }
          max = Math.max(max, m[k]);
        }
        if (binary) {
          acc[0] += Math.log1p(Math.exp(-Math.abs(m[0]))) + Math.max(m[0], 0) - y * m[0];
        } else {
          double s = 0;
          for (double v : m) {
            s += Math.exp(v - max);
          }
          acc[0] += max + Math.log(s) - m[(int) y];
        }
        acc[1] += 1;
        return acc;
      }, (a, c) -> {
        a[0] += c[0];
        a[1] += c[1];
        return a;
      }, 2);
    } finally {
      shared.destroy();
    }
    double norm2 = 0;
    for (double[] wk : w) {
      for (double v : wk) {
        norm2 += v * v;
      }
    }
    return sums[0] / sums[1] + REG_PARAM / 2 * norm2;
  }
}
