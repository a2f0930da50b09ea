package dev.descent.bench;

import dev.descent.config.Checks;
import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import dev.descent.data.PackedPartition;
import dev.descent.engine.TrainResult;
import dev.descent.engine.Trainer;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingListener;
import dev.descent.optim.stopping.EpochRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/** The timed Spark runs: Descent, MLlib's GradientDescent, Spark ML's LogisticRegression, and a bare round trip. */
final class SparkRuns {
  private SparkRuns() {}

  /** Descent on cached data with these settings (validated as the CLI validates them). */
  static TrainResult descent(TrainingData data, Map<String, String> settings) {
    Config config = Config.of(settings);
    Checks.forTrainingInMemory(config);
    return new Trainer(RunPlans.training(config), TrainingListener.NONE).fit(data);
  }

  /** Median seconds per step of the epochs after the first (which includes JIT warm-up). */
  static double secondsPerStep(TrainResult r) {
    List<Double> t = new ArrayList<>();
    List<EpochRecord> h = r.history();
    for (int i = h.size() > 1 ? 1 : 0; i < h.size(); i++) {
      t.add(h.get(i).seconds() / h.get(i).passes());
    }
    return Timing.median(t);
  }

  /**
   * Median seconds per iteration of MLlib's {@code GradientDescent.runMiniBatchSGD} with
   * {@code LogisticGradient} and {@code SimpleUpdater} (step / sqrt(iteration)): each repetition
   * times a run of {@code k} iterations and subtracts the row count MLlib takes at the start of
   * every run (timed on its own just before), so only its iterations are charged. A run of
   * {@code warmUp} iterations goes first, untimed.
   */
  static double mllibSecondsPerIteration(JavaRDD<Tuple2<Object, Vector>> data, int features,
      double fraction, double step, int warmUp, int k, int reps) {
    Vector zero = Vectors.zeros(features);
    run(data, fraction, step, warmUp, zero);
    double[] per = new double[reps];
    for (int i = 0; i < reps; i++) {
      double count = Timing.time(data::count);
      double run = Timing.time(() -> run(data, fraction, step, k, zero));
      per[i] = Math.max(run - count, run / (k + 1)) / k;
    }
    return Timing.median(per);
  }

  private static void run(JavaRDD<Tuple2<Object, Vector>> data, double fraction, double step,
      int iterations, Vector initial) {
    // convergenceTol 0: never stop early, every iteration is run.
    GradientDescent.runMiniBatchSGD(data.rdd(), new LogisticGradient(), new SimpleUpdater(), step,
        iterations, 0.0, fraction, initial, 0.0);
  }

  /** A fitted Spark ML model and its objective history (index i: after i iterations). */
  record MlFit(double[] weights, double intercept, double[] history) {}

  static MlFit sparkMl(Dataset<Row> df, double regParam, int maxIter, double tol) {
    LogisticRegressionModel m = new LogisticRegression()
        .setRegParam(regParam)
        .setElasticNetParam(0)
        .setStandardization(false)
        .setFitIntercept(true)
        .setMaxIter(maxIter)
        .setTol(tol)
        .fit(df);
    return new MlFit(m.coefficients().toArray(), m.intercept(),
        m.summary().objectiveHistory());
  }

  /**
   * The regularized objective at a model, computed independently of both contenders: mean
   * logistic loss over the DataFrame's rows plus {@code regParam/2 ||w||^2} (intercept unpenalized).
   */
  static double objective(Dataset<Row> df, double[] w, double b, double regParam) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    Broadcast<double[]> shared = jsc.broadcast(w);
    double[] sums;
    try {
      sums = df.javaRDD().treeAggregate(new double[2], (acc, row) -> {
        double y = row.getDouble(0);
        org.apache.spark.ml.linalg.Vector x = row.getAs(1);
        double[] c = shared.value();
        double m = b;
        if (x instanceof org.apache.spark.ml.linalg.SparseVector sv) {
          int[] idx = sv.indices();
          double[] val = sv.values();
          for (int i = 0; i < idx.length; i++) {
            m += val[i] * c[idx[i]];
          }
        } else {
          double[] val = x.toArray();
          for (int j = 0; j < val.length; j++) {
            m += val[j] * c[j];
          }
        }
        double e = Math.exp(-Math.abs(m));
        acc[0] += Math.log1p(e) + Math.max(m, 0) - y * m;
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
    for (double v : w) {
      norm2 += v * v;
    }
    return sums[0] / sums[1] + regParam / 2 * norm2;
  }

  /**
   * Median seconds of bare Spark round trips of the shape of one Descent step, without reading
   * any row, measured interleaved: [0] a treeAggregate (depth 2) whose tasks each return one
   * number; [1] the same after broadcasting {@code features} doubles that every task reads
   * (destroyed after); [2] as [1], with each task returning a fresh array of {@code features}
   * doubles, merged on the way: the fixed cost of a step.
   */
  static double[] roundTrips(JavaSparkContext jsc, JavaRDD<PackedPartition> data, int features,
      int reps) {
    int n = Math.max(7, 3 * reps);
    double[][] t = new double[3][n];
    for (int i = -3; i < n; i++) {
      for (int v = 0; v < 3; v++) {
        double s = Timing.time(trip(jsc, data, features, v >= 1, v == 2));
        if (i >= 0) {
          t[v][i] = s;
        }
      }
    }
    return new double[] {Timing.median(t[0]), Timing.median(t[1]), Timing.median(t[2])};
  }

  /** One bare round trip (broadcast, parameter-sized partial sums back) over {@code data}. */
  static <T> void roundTrip(JavaSparkContext jsc, JavaRDD<T> data, int features) {
    trip(jsc, data, features, true, true).run();
  }

  private static <T> Runnable trip(JavaSparkContext jsc, JavaRDD<T> data, int features,
      boolean broadcast, boolean partialSums) {
    int size = partialSums ? features : 1;
    return () -> {
      Broadcast<double[]> shared = broadcast ? jsc.broadcast(new double[features]) : null;
      try {
        data.treeAggregate(new double[0], (acc, part) -> {
          double[] g = acc.length == 0 ? new double[size] : acc;
          g[0] += shared == null ? 1 : shared.value().length;
          return g;
        }, (a, b) -> {
          if (a.length == 0) {
            return b;
          }
          for (int i = 0; i < b.length; i++) {
            a[i] += b[i];
          }
          return a;
        }, 2);
      } finally {
        if (shared != null) {
          shared.destroy();
        }
      }
    };
  }
}
