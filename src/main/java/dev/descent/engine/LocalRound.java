package dev.descent.engine;

import dev.descent.optim.ElasticNet;
import java.io.Serializable;

/**
 * What every partition needs for one round of local steps, broadcast once per round: the
 * parameters the round starts from, how to map them to raw coefficients and back, the smooth
 * penalty and L1 part, the local step sizes, and where the round's batches lie in the epoch's
 * plan. O(parameters) bytes: the parameters, and with standardization the scaling's two arrays
 * (with a prior, its centre).
 *
 * @param theta the parameters at the start of the round (optimization space)
 * @param rates the local step size of each of the round's steps
 * @param momentum the momentum of the local steps and the velocity they start from; null for
 *     plain steps
 * @param seed the seed of the epoch's shuffles
 * @param epoch the epoch (1-based)
 * @param firstStep the epoch's step (0-based) at which the round starts
 * @param stepsPerEpoch steps in an epoch
 */
record LocalRound(double[] theta, FeatureScaling scaling, ElasticNet penalty, double[] rates,
    Momentum momentum, long seed, long epoch, long firstStep, long stepsPerEpoch)
    implements Serializable {

  /**
   * Local steps of a momentum rule: {@code u = beta u + g}, then {@code x -= rate u} (heavy
   * ball) or {@code x -= rate (g + beta u)} (Nesterov, in the form of
   * {@link dev.descent.optim.Nesterov}), {@code u} starting at the driver's velocity.
   */
  record Momentum(double beta, boolean nesterov, double[] velocity) implements Serializable {}

  /** Steps in the round. */
  int steps() {
    return rates.length;
  }

  /** The batch of the round's step {@code k} (0-based). */
  BatchPlan plan(int k) {
    return new BatchPlan(seed, epoch, firstStep + k, stepsPerEpoch);
  }
}
