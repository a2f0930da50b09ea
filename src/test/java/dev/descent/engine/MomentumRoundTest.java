package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.loss.ParameterLayout;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.UpdateRule;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver's side of a momentum round: the started-from velocity's part, as the partitions
 * report it, is the rule's own steps on zero gradients over the steps they took (a partition
 * with no rows in a batch skips it); at a share of 1 the round is the partitions' mean; the
 * batches' part scales with the share; and the reported gradient of a constant gradient is
 * that gradient.
 */
class MomentumRoundTest {
  static final ParameterLayout LAYOUT = new ParameterLayout(2, 1, true);

  private static UpdateRule rule(boolean nesterov, double beta) {
    return nesterov ? new Nesterov(3, beta) : new Momentum(3, beta);
  }

  /** A partition's round over rows whose gradient is {@code g} (weight 1), none in step 1. */
  private static Objective.Round round(double[] x0, double[] rates, LocalRound.Momentum m,
      double[] g) {
    LocalRound lr = new LocalRound(x0, FeatureScaling.identity(), new ElasticNet(0, 0, LAYOUT),
        rates, m, 1, 1, 0, rates.length);
    LocalSteps s = new LocalSteps().add((coef, plan) -> new BatchObjective.Sums(0, g.clone(),
        plan.step() == 1 ? 0 : 1), lr, LAYOUT);
    return new Objective.Round(s.meanChange(3), s.meanVelocity(3), s.meanCarried(),
        s.meanDecay(), s.lossSum(), s.objectiveSum(), s.weightSum());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theCarriedPartIsTheRulesStepsOnZeroGradientsOverTheStepsTaken(boolean nesterov) {
    double[] v0 = {0.5, -1, 2};
    double[] x0 = {0.1, 0.2, 0.3};
    double[] rates = {0.3, 0.2, 0.25, 0.1};
    double beta = 0.9;
    UpdateRule ref = rule(nesterov, beta);
    double[] expected = x0.clone();
    MomentumRound.setVelocity(ref, v0.clone(), 0);
    for (int k : new int[] {0, 2, 3}) { // step 1 has no rows
      ref.step(expected, new double[3], rates[k]);
    }
    LocalRound.Momentum m = new LocalRound.Momentum(beta, nesterov, v0);
    Objective.Round r = round(x0, rates, m, new double[3]);
    double[] batches = MomentumRound.batchesPart(r, m);
    assertArrayEquals(new double[3], batches, 1e-15, "nothing left for the batches");
    double[] x = x0.clone();
    double[] v = MomentumRound.apply(x, batches, r, m, 0.7);
    assertArrayEquals(expected, x, 1e-15);
    assertArrayEquals(MomentumRound.velocity(ref), v, 1e-15);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void atAShareOfOneTheRoundIsTheMeanAndTheBatchesPartScales(boolean nesterov) {
    Random rnd = new Random(3);
    double[] v0 = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
    double[] rates = {0.1, 0.2, 0.3};
    LocalRound.Momentum m = new LocalRound.Momentum(0.8, nesterov, v0);
    double[] g = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
    double[] x0 = {1, 2, 3};
    double[][] x = {x0.clone(), x0.clone(), x0.clone()};
    double[][] v = new double[3][];
    double[] shares = {1, 0.5, 0};
    Objective.Round one = null;
    for (int i = 0; i < 3; i++) {
      Objective.Round r = round(x0, rates, m, g);
      one = i == 0 ? new Objective.Round(r.change().clone(), r.velocity(), r.carried(),
          r.decay(), 0, 0, r.weight()) : one;
      v[i] = MomentumRound.apply(x[i], MomentumRound.batchesPart(r, m), r, m, shares[i]);
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(x0[i] + one.change()[i], x[0][i], 1e-15, "share 1: the mean change");
      assertEquals(one.velocity()[i], v[0][i], 1e-15, "share 1: the mean velocity");
      assertEquals((x[0][i] + x[2][i]) / 2, x[1][i], 1e-15, "the change is linear in the share");
      assertEquals((v[0][i] + v[2][i]) / 2, v[1][i], 1e-15, "so is the velocity");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aConstantGradientIsReportedAsItself(boolean nesterov) {
    double[] rates = {0.3, 0.2, 0.25, 0.1, 0.05};
    LocalRound.Momentum m = new LocalRound.Momentum(0.9, nesterov, new double[3]);
    UpdateRule ref = rule(nesterov, 0.9);
    double[] x = new double[3];
    double[] g = {1, -2, 0.5};
    for (double r : rates) {
      ref.step(x, g, r);
    }
    double scale = MomentumRound.gradientScale(m, rates);
    for (int i = 0; i < 3; i++) {
      assertEquals(g[i], -x[i] / scale, 1e-12);
    }
    assertEquals(nesterov ? 0.3 * 1.9 : 0.3, MomentumRound.gradientScale(m, new double[] {0.3}),
        1e-15, "a round of one step reports the batch's gradient");
  }
}
