package dev.descent.engine;

/**
 * Loss and gradient over a batch of rows at given coefficients, and rounds of local steps: all
 * that the training loops ask of the data. {@link DistributedObjective} answers each call with one Spark job over cached
 * partitions; tests answer from rows in memory, which drives the loops without Spark.
 * Coefficients are raw (on the original feature scale), in the layout of the run's
 * {@link dev.descent.loss.ParameterLayout}.
 */
public interface BatchObjective {

  /**
   * The sums over the rows {@code plan} selects, of the loss, its gradient and the instance
   * weight.
   *
   * @param coefficients raw coefficients (not modified)
   */
  Sums evaluate(double[] coefficients, BatchPlan plan);

  /**
   * One round of local steps: every partition steps from the round's parameters over its own
   * share of the round's batches ({@link LocalSteps}); the partitions' results, combined.
   */
  LocalSteps round(LocalRound round);

  /** Mean loss and, for classifiers, accuracy over every row (of validation data). */
  Score validate(double[] coefficients);

  /**
   * Sums over a batch: {@code sum_i v_i loss_i}, {@code sum_i v_i dLoss_i/dParameter} (raw, not
   * yet divided by the weight) and {@code sum_i v_i}.
   */
  record Sums(double lossSum, double[] gradientSum, double weightSum) {}

  /** Weighted mean loss, and accuracy (NaN for regression). */
  record Score(double loss, double accuracy) {}
}
