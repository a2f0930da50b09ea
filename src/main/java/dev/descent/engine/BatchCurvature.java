package dev.descent.engine;

/**
 * The curvature a mini-batch step has to be stable against, which {@code learningRate=auto}
 * divides by. A batch of {@code b} of the {@code n} rows, drawn without replacement, has the
 * expected smoothness (Gower et al. 2019, "SGD: general analysis and improved rates", with the
 * mean row curvature in place of the largest)
 *
 * <pre>  L_b = L + (R - L) (n - b) / (b (n - 1))</pre>
 *
 * <p>for the full objective's curvature bound {@code L} and the mean curvature of one row
 * {@code R} ({@code c E||z||^2} plus the smooth penalty): {@code L} for the full batch, {@code R}
 * for single rows. A rule that adds up past gradients amplifies the batch's noise by its
 * {@link dev.descent.optim.Optimizer#noiseGain}, {@code g}, so the bound used is
 * {@code L + g (L_b - L)}. For the full batch it is {@code L}: full-batch runs are unchanged.
 *
 * <p>Measured (docs/objective.md, Mini-batch defaults): with 1/L as the base rate, momentum at batches of 1-2% of a few
 * hundred rows diverges on least squares and the rules end up to 10x further from the optimum;
 * with this bound all reach it within 1e-3.
 */
final class BatchCurvature {
  private BatchCurvature() {}

  /**
   * @param curvature the full objective's curvature bound L
   * @param rowCurvature the mean curvature of one row R
   * @param rows the rows n
   * @param stepsPerEpoch steps per epoch (the batch is n / stepsPerEpoch rows)
   * @param noiseGain the rule's noise gain g
   */
  static double of(double curvature, double rowCurvature, long rows, long stepsPerEpoch,
      double noiseGain) {
    if (stepsPerEpoch <= 1 || rows <= 1 || !(rowCurvature > curvature)) {
      return curvature;
    }
    double b = (double) rows / stepsPerEpoch;
    double batch = curvature + (rowCurvature - curvature) * (rows - b) / (b * (rows - 1));
    return curvature + noiseGain * (batch - curvature);
  }

  /**
   * The curvature bound {@code learningRate=auto} divides by in the run of {@code c}: L for the
   * full batch; for mini-batches {@link #of}, with the rule's noise gain.
   */
  static double forRun(TrainingLoop.Context c) {
    return batch(c, c.stepsPerEpoch(), c.steps().optimizer().noiseGain(c.steps().hyperparameters()));
  }

  /**
   * sgd's synchronous mini-batch steps count the full objective's curvature L as
   * {@code L / SGD_HEADROOM} ({@link #forSgdSteps}) where L was estimated from every row: on a
   * batch without noise the rate is 1.75/L, 7/8 of gradient descent's stable limit 2/L (power
   * iteration that settled to 0.1% is within about 1% of the top eigenvalue: {@link Curvature}).
   */
  static final double SGD_HEADROOM = 1.75;
  /**
   * The same where L was estimated from a sample ({@link Curvature#SAMPLE_ROWS} rows of more),
   * whose top eigenvalue can fall short of the data's (rare rows of large norm): 3/4 of the limit.
   */
  static final double SGD_HEADROOM_SAMPLED = 1.5;

  /**
   * The curvature bound {@code learningRate=auto} divides by for sgd's synchronous mini-batch
   * steps ({@code syncEvery=step}, or rounds of one step; longer rounds of local steps, on a
   * partition's share of each batch, keep {@link #forRun}'s): {@link #forRun}'s
   * {@code L_b = L + (L_b - L)} with the full objective's part counted as {@code L / 1.75}, that
   * is {@code L / 1.75 + (L_b - L)} ({@code L / 1.5} where L came from a sample).
   *
   * <p>Gradient descent on an L-smooth convex objective is stable below 2/L, and on a quadratic
   * whose batches have expected smoothness {@code L_b} ({@code E[H_b^2] <= L_b H}) the expected
   * squared distance of sgd steps to the optimum shrinks, noise aside, below {@code 2/L_b}.
   * 1/L_b is half of that limit at every batch size. This bound's rate is below {@code 2/L_b}
   * for every batch ({@code L_b >= L}): 7/8 of it where the batch's noise vanishes (large
   * batches, where cosine's mean rate of half the base left sgd bias-limited on ill-conditioned
   * data) and nearer 1/2 where the noise dominates (small batches keep about their rate). Where
   * the bound does not count batch noise (the full batch, or the row curvature unknown) it is
   * {@link #forRun}'s, L.
   *
   * <p>Measured (docs/objective.md, Mini-batch defaults): on the benchmark's least-squares sample
   * sgd at 10% batches ended 2.0e-3 above the optimum at 1/L_b, 3.0e-4 with this bound.
   */
  static double forSgdSteps(TrainingLoop.Context c) {
    return sgdSteps(c.curvature().get(), forRun(c), c.rows().count());
  }

  /** {@link #forSgdSteps} for curvature {@code l}, batch bound {@code bound} and {@code rows}. */
  static double sgdSteps(double l, double bound, long rows) {
    double headroom = rows <= Curvature.SAMPLE_ROWS ? SGD_HEADROOM : SGD_HEADROOM_SAMPLED;
    return bound > l ? bound - l + l / headroom : bound;
  }

  /**
   * The curvature bound of a local step ({@code syncEvery} other than {@code step}): one
   * partition's share of a batch, about {@code n / (stepsPerEpoch x partitions)} rows (at least
   * one), for local steps of noise gain {@code gain} (1 for plain steps). A local step at 1/L on
   * a share of one or two rows overshot by the ratio of a row's curvature to the objective's and
   * diverged within a round.
   */
  static double local(TrainingLoop.Context c, double gain) {
    long shares = Math.min(c.stepsPerEpoch() * Math.max(1, c.rows().partitions()),
        Math.max(1, c.rows().count()));
    return batch(c, shares, gain);
  }

  private static double batch(TrainingLoop.Context c, long batchesPerEpoch, double gain) {
    double l = c.curvature().get();
    if (batchesPerEpoch <= 1) {
      return l;
    }
    return of(l, c.curvature().row(), c.rows().count(), batchesPerEpoch, gain);
  }
}
