package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.LineLocator;
import dev.descent.data.Location;
import dev.descent.data.SettingException;
import dev.descent.loss.Loss;
import dev.descent.optim.Optimizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Refuses a model too large for the driver before anything of its size is allocated: a
 * dimension declared too large is a configuration error (exit 2), one implied by the data (a
 * huge LIBSVM index or class label) is a data error (exit 3). The estimate counts the arrays of
 * the parameter vector's length that the driver's JVM holds at once while training:
 *
 * <pre>
 *   bytes = 8 * (P * (8 + rule + 2 * w * f + (3 * w + l) * min(localTasks, partitions))
 *                + (standardize ? 3 * d : 0)) + 300 MiB
 * </pre>
 *
 * with {@code P = K * d + (intercept ? K : 0)} parameters:
 *
 * <ul>
 *   <li>8 arrays of training state: the parameters; the raw coefficients, which are also the
 *       broadcast's value; the broadcast's serialized copy; the merged gradient sum, in
 *       double-double, 2; the gradient in the optimizer's space; the model reported each epoch;
 *       the best parameters under early stopping;
 *   <li>{@code rule} arrays of update-rule state, as each {@link Optimizer} declares (sgd 0,
 *       momentum and nesterov 1, adagrad and rmsprop 1, adam 2, lbfgs
 *       {@code 2 * historySize + 11});
 *   <li>the partial sums arriving at the driver: treeAggregate's last stage has {@code f}
 *       tasks ({@link #finalTasks}), and Spark may hold all of their results at once, each
 *       serialized and deserialized (fetched by its task-result-getter threads, then queued
 *       for the merge): 2 arrays of width {@code w} each, where {@code w} is 1 when the tasks
 *       send a partition's own sum and 2 when they send merged (double-double) sums;
 *   <li>in local mode, the tasks running inside the driver's JVM: each holds its partial sum,
 *       its serialized result, and the copy of it that waits in the block manager until the
 *       driver fetches it (results over 1 MiB go that way): 3 arrays of width {@code w}; with
 *       local steps ({@code syncEvery} other than step) {@code l = 5} more: the local
 *       parameters, their accumulated change, the copy before the L1 step, the raw coefficients
 *       and the gradient of the local step ({@link LocalSteps}; lazy steps, {@link LazySteps},
 *       hold no copy but two ints per feature and the list of features a step touches),
 *       else {@code l = 0};
 *   <li>when standardizing, the feature means, deviations and their inverses;
 *   <li>the 300 MiB that Spark reserves for itself out of every heap.
 * </ul>
 *
 * The estimate is compared with the heap limit, {@link Runtime#maxMemory()}. Measured (sgd, a
 * sparse input of 4 million features, the smallest -Xmx that completes, less the 55 MiB of an
 * idle local driver): 12.5 arrays with local[1] and 1 partition (estimated 13), 15.5 with
 * local[2] and 2 (18), 21.6 with local[4] and 4 (28), 25.9 with local[2] and 8 partitions,
 * merged once before the driver (28); lbfgs with local[2] and 2, 39.3 (49).
 */
public final class DriverMemory {
  /** The largest Java array, and so the largest parameter vector. */
  static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;
  /** Arrays of training state every run keeps (see the class doc). */
  static final int STATE_ARRAYS = 8;
  /** Arrays a task holds besides its partial sums when it takes local steps. */
  static final int LOCAL_STEP_ARRAYS = 5;
  /** What Spark sets aside for itself in any heap (its RESERVED_SYSTEM_MEMORY_BYTES). */
  static final long SPARK_RESERVED = 300L << 20;

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private DriverMemory() {}

  /**
   * What a run needs on the driver.
   *
   * @param parameters the length of the parameter vector
   * @param arrays parameter-sized arrays of training and update-rule state
   * @param results parameter-sized arrays of the partial sums arriving at the driver at once
   * @param finalTasks tasks of treeAggregate's last stage, whose results the driver receives
   * @param tasks tasks running in the driver's JVM (local mode)
   * @param taskArrays parameter-sized arrays those tasks hold
   * @param bytes the whole estimate
   */
  record Estimate(long parameters, int arrays, int results, int finalTasks, int tasks,
      int taskArrays, long bytes) {
    int total() {
      return arrays + results + taskArrays;
    }
  }

  /**
   * The estimate for a model of {@code numFeatures} and {@code outputs} under {@code plan}, over
   * {@code partitions} partitions with {@code localTasks} tasks running in the driver's JVM.
   */
  static Estimate estimate(TrainingPlan plan, long numFeatures, int outputs, int partitions,
      int localTasks) {
    long p = numFeatures * outputs + (plan.model().intercept() ? outputs : 0);
    int arrays = STATE_ARRAYS
        + plan.steps().optimizer().stateArrays(plan.steps().hyperparameters());
    int depth = plan.execution().aggregationDepth().levels(partitions, p);
    int finalTasks = finalTasks(partitions, depth);
    int width = finalTasks < partitions ? 2 : 1; // merged sums carry their error terms
    int tasks = Math.min(localTasks, partitions);
    int results = 2 * width * finalTasks;
    int taskArrays = (3 * width + (plan.steps().syncEvery().local() ? LOCAL_STEP_ARRAYS : 0))
        * tasks;
    double bytes = 8.0 * (p * (double) (arrays + results + taskArrays)
        + (plan.model().standardize() ? 3.0 * numFeatures : 0)) + SPARK_RESERVED;
    return new Estimate(p, arrays, results, finalTasks, tasks, taskArrays,
        (long) Math.min(bytes, Long.MAX_VALUE));
  }

  /**
   * The tasks of the last stage of Spark's treeAggregate over {@code partitions} partitions at
   * {@code depth}, whose results go to the driver (as RDD.treeAggregate computes it: levels of
   * {@code scale = max(ceil(partitions^(1/depth)), 2)} while a level saves work).
   */
  static int finalTasks(int partitions, int depth) {
    int n = Math.max(1, partitions);
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
    while (n > scale + Math.ceil((double) n / scale)) {
      n /= scale;
    }
    return n;
  }

  /**
   * Before the data is read: refuses numFeatures (and numClasses) as set.
   *
   * @throws SettingException if the declared dimension alone is too large
   */
  public static void checkSettings(TrainingPlan plan, JavaSparkContext jsc) {
    Integer d = plan.model().numFeatures();
    if (d == null) {
      return;
    }
    Loss loss = plan.model().loss();
    Integer k = plan.model().numClasses();
    int outputs = loss.outputs(k != null ? k : 2); // at least 2 classes: a lower bound
    Integer partitions = plan.execution().partitions(); // else at least 1: a lower bound
    String problem = problem(plan, d, outputs, partitions == null ? 1 : partitions,
        localTasks(jsc.master()), Runtime.getRuntime().maxMemory());
    if (problem != null) {
      throw new SettingException("numFeatures", "numFeatures=" + d
          + (loss.outputs(2) > 1 ? " with " + outputs + " classes" : "") + " " + problem
          + "; set numFeatures to the real dimension (hashing features into fewer if need be)"
          + " or give the driver more memory (spark-submit --driver-memory)");
    }
  }

  /**
   * After the data is read: refuses a dimension the data implies.
   *
   * @throws DataException naming where the largest index or label is
   */
  public static void checkData(TrainingPlan plan, TrainingData data) {
    JavaSparkContext jsc = data.sparkContext();
    Loss loss = plan.model().loss();
    int d = data.numFeatures();
    String problem = problem(plan, d, loss.outputs(data.numClasses()), data.numPartitions(),
        localTasks(jsc.master()), Runtime.getRuntime().maxMemory());
    if (problem == null) {
      return;
    }
    StringBuilder why = new StringBuilder();
    if (plan.model().numFeatures() == null) {
      Location widest = data.summary().widest();
      why.append("the data implies numFeatures=").append(d).append(" (the largest feature index")
          .append(widest == null ? "" : ", at "
              + LineLocator.describe(widest, jsc.hadoopConfiguration())).append(')');
    } else {
      why.append("numFeatures=").append(d);
    }
    if (loss.outputs(2) > 1) {
      why.append(plan.model().numClasses() == null ? " and the labels imply " : " and ")
          .append(data.numClasses()).append(" classes");
    }
    throw DataException.of(data.source(), why + ", which " + problem + "; if that is a mistake in"
        + " the data, set numFeatures (and numClasses) to the real dimensions: records beyond"
        + " them are then errors, or are skipped with onBadRecord=skip");
  }

  /**
   * What is wrong with a model of this size, over {@code partitions} partitions, for a driver of
   * {@code maxMemory} bytes, or null if it fits.
   */
  static String problem(TrainingPlan plan, long numFeatures, int outputs, int partitions,
      int localTasks, long maxMemory) {
    Estimate e = estimate(plan, numFeatures, outputs, partitions, localTasks);
    if (e.parameters() > MAX_PARAMETERS) {
      return String.format(Locale.ROOT, "means %,d parameters, more than the %,d a Java array"
          + " holds", e.parameters(), MAX_PARAMETERS);
    }
    if (e.bytes() <= maxMemory) {
      return null;
    }
    return String.format(Locale.ROOT, "means %,d parameters; training holds about %d arrays of"
        + " them at once on the driver (%d of training state with optimizer=%s, %d for the"
        + " partial sums of the %d task%s whose results the driver merges%s), plus the %s Spark"
        + " reserves: about %s, but the driver has %s (Runtime.maxMemory)", e.parameters(),
        e.total(), e.arrays(), plan.steps().optimizer(), e.results(), e.finalTasks(),
        e.finalTasks() == 1 ? "" : "s", e.tasks() == 0 ? ""
            : ", " + e.taskArrays() + " for the " + e.tasks() + " task" + (e.tasks() == 1 ? ""
                : "s") + " running in the driver's JVM",
        size(SPARK_RESERVED), size(e.bytes()), size(maxMemory));
  }

  /** Tasks that run inside the driver's JVM: the cores of a local master, else none. */
  static int localTasks(String master) {
    Matcher m = LOCAL.matcher(master == null ? "" : master.trim());
    if (!m.matches()) {
      return 0;
    }
    String n = m.group(1);
    if (n == null) {
      return 1;
    }
    return n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
  }

  /** Bytes in GiB or MiB, for people. */
  static String size(long bytes) {
    double gib = bytes / (double) (1L << 30);
    return gib >= 1 ? String.format(Locale.ROOT, "%.1f GiB", gib)
        : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
  }
}
