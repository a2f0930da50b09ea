package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.LineLocator;
import dev.descent.data.Location;
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
 * the parameter vector's length that training keeps on the driver at once:
 *
 * <pre>
 *   bytes = 8 * (P * (8 + rule + 2 * localTasks) + (standardize ? 3 * d : 0))
 * </pre>
 *
 * with {@code P = K * d + (intercept ? K : 0)} parameters; 8 arrays every run keeps (the
 * parameters; the raw coefficients, which are also the broadcast's value; the broadcast's
 * serialized copy; the merged gradient sum, in double-double, 2; one task's partial sum while it
 * is merged, serialized and deserialized, 2; the model copy reported each epoch); {@code rule}
 * arrays of update-rule state (as each {@link Optimizer} declares: sgd 0, momentum and nesterov
 * 1, adagrad and rmsprop 1, adam 2, lbfgs {@code 2 * historySize + 11}); 2 per task that runs
 * inside the driver's
 * JVM in local mode (its partial sum and the serialized result); and, when standardizing, the
 * feature means, deviations and their inverses. The estimate is compared with the heap limit,
 * {@link Runtime#maxMemory()}.
 */
public final class DriverMemory {
  /** The largest Java array, and so the largest parameter vector. */
  static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private DriverMemory() {}

  /**
   * What a run needs on the driver.
   *
   * @param parameters the length of the parameter vector
   * @param arrays parameter-sized arrays the driver itself keeps
   * @param tasks tasks running in the driver's JVM (local mode), 2 parameter-sized arrays each
   * @param bytes the whole estimate
   */
  record Estimate(long parameters, int arrays, int tasks, long bytes) {}

  /** The estimate for a model of {@code numFeatures} and {@code outputs} under {@code plan}. */
  static Estimate estimate(TrainingPlan plan, long numFeatures, int outputs, int localTasks) {
    boolean intercept = plan.model().intercept();
    long p = numFeatures * outputs + (intercept ? outputs : 0);
    int arrays = 8 + plan.steps().optimizer().stateArrays(plan.steps().hyperparameters());
    double bytes = 8.0 * (p * (double) (arrays + 2L * localTasks)
        + (plan.model().standardize() ? 3.0 * numFeatures : 0));
    return new Estimate(p, arrays, localTasks, (long) Math.min(bytes, Long.MAX_VALUE));
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
    String problem = problem(plan, d, outputs, localTasks(jsc.master()),
        Runtime.getRuntime().maxMemory());
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
    String problem = problem(plan, d, loss.outputs(data.numClasses()), localTasks(jsc.master()),
        Runtime.getRuntime().maxMemory());
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
   * What is wrong with a model of this size for a driver of {@code maxMemory} bytes, or null if
   * it fits.
   */
  static String problem(TrainingPlan plan, long numFeatures, int outputs, int localTasks,
      long maxMemory) {
    Estimate e = estimate(plan, numFeatures, outputs, localTasks);
    if (e.parameters() > MAX_PARAMETERS) {
      return String.format(Locale.ROOT, "means %,d parameters, more than the %,d a Java array"
          + " holds", e.parameters(), MAX_PARAMETERS);
    }
    if (e.bytes() <= maxMemory) {
      return null;
    }
    return String.format(Locale.ROOT, "means %,d parameters; training keeps about %d arrays of"
        + " them on the driver with optimizer=%s%s, about %s, but the driver has %s"
        + " (Runtime.maxMemory)", e.parameters(), e.arrays() + 2 * e.tasks(),
        plan.steps().optimizer(), e.tasks() == 0 ? ""
            : " (" + 2 * e.tasks() + " of them for the " + e.tasks() + " local tasks)",
        size(e.bytes()), size(maxMemory));
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
