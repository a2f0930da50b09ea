package dev.descent.optim.stopping;

import java.io.Serializable;

/**
 * One epoch of training history.
 *
 * @param epoch 1-based
 * @param loss the weighted mean data loss over the epoch, at the parameters before each step
 *     (for full batch: at the parameters before the epoch's update)
 * @param objective loss plus penalty, likewise
 * @param learningRate the rate of the epoch's last step (L-BFGS: the accepted step length)
 * @param gradientNorm Euclidean norm of the last step's gradient (optimization space)
 * @param seconds wall-clock seconds the epoch took
 * @param passes full or partial passes over the data in the epoch (steps, or L-BFGS evaluations)
 * @param rounds synchronizations in the epoch: rounds of local steps ({@code syncEvery} other
 *     than step), else as {@code passes}
 * @param validationLoss mean data loss on the validation rows after the epoch; NaN without them
 * @param validationAccuracy classifiers: accuracy on the validation rows; NaN otherwise
 */
public record EpochRecord(int epoch, double loss, double objective, double learningRate,
    double gradientNorm, double seconds, int passes, int rounds, double validationLoss,
    double validationAccuracy) implements Serializable {

  /** A record without validation figures, with a synchronization per pass. */
  public EpochRecord(int epoch, double loss, double objective, double learningRate,
      double gradientNorm, double seconds, int passes) {
    this(epoch, loss, objective, learningRate, gradientNorm, seconds, passes, passes);
  }

  /** A record without validation figures. */
  public EpochRecord(int epoch, double loss, double objective, double learningRate,
      double gradientNorm, double seconds, int passes, int rounds) {
    this(epoch, loss, objective, learningRate, gradientNorm, seconds, passes, rounds, Double.NaN,
        Double.NaN);
  }

  /** A record with a synchronization per pass. */
  public EpochRecord(int epoch, double loss, double objective, double learningRate,
      double gradientNorm, double seconds, int passes, double validationLoss,
      double validationAccuracy) {
    this(epoch, loss, objective, learningRate, gradientNorm, seconds, passes, passes,
        validationLoss, validationAccuracy);
  }

  /** This record with validation figures. */
  public EpochRecord withValidation(double validationLoss, double validationAccuracy) {
    return new EpochRecord(epoch, loss, objective, learningRate, gradientNorm, seconds, passes,
        rounds, validationLoss, validationAccuracy);
  }

  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }
}
