package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.UpdateRule;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver's side of a momentum round: the started-from velocity's part is the rule's own
 * steps on zero gradients; at a share of 1 the round is the partitions' mean; and the batches'
 * part scales with the share as a synchronous gradient would.
 */
class MomentumRoundTest {

  private static UpdateRule rule(boolean nesterov, int size, double beta) {
    return nesterov ? new Nesterov(size, beta) : new Momentum(size, beta);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theCarriedPartIsTheRulesStepsOnZeroGradients(boolean nesterov) {
    double[] v0 = {0.5, -1, 2};
    double[] rates = {0.3, 0.2, 0.25, 0.1};
    double beta = 0.9;
    UpdateRule r = rule(nesterov, 3, beta);
    double[] state = {0, 0, 0};
    MomentumRound.setVelocity(r, v0.clone(), 0);
    for (double rate : rates) {
      r.step(state, new double[3], rate);
    }
    LocalRound.Momentum m = new LocalRound.Momentum(beta, nesterov, v0);
    double[] x = {0, 0, 0};
    double[] change = new double[3]; // the partitions moved by the carried part only
    for (int i = 0; i < 3; i++) {
      change[i] = state[i];
    }
    double[] batches = MomentumRound.batchesPart(change, m, rates);
    assertArrayEquals(new double[3], batches, 1e-15, "nothing left for the batches");
    double[] v = MomentumRound.apply(x, batches, MomentumRound.velocity(r), m, rates, 0.7);
    assertArrayEquals(state, x, 1e-15);
    assertArrayEquals(MomentumRound.velocity(r), v, 1e-15);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void atAShareOfOneTheRoundIsTheMeanAndTheBatchesPartScales(boolean nesterov) {
    Random rnd = new Random(3);
    double[] v0 = {rnd.nextGaussian(), rnd.nextGaussian()};
    double[] rates = {0.1, 0.2, 0.3};
    LocalRound.Momentum m = new LocalRound.Momentum(0.8, nesterov, v0);
    double[] change = {rnd.nextGaussian(), rnd.nextGaussian()};
    double[] velocity = {rnd.nextGaussian(), rnd.nextGaussian()};
    double[] x = {1, 2};
    double[] one = MomentumRound.apply(x, MomentumRound.batchesPart(change.clone(), m, rates),
        velocity, m, rates, 1);
    assertArrayEquals(new double[] {1 + change[0], 2 + change[1]}, x, 1e-15);
    assertArrayEquals(velocity, one, 1e-15);
    double[] y = {1, 2};
    double[] half = MomentumRound.apply(y, MomentumRound.batchesPart(change.clone(), m, rates),
        velocity, m, rates, 0.5);
    double[] z = {1, 2};
    double[] zero = MomentumRound.apply(z, MomentumRound.batchesPart(change.clone(), m, rates),
        velocity, m, rates, 0);
    for (int i = 0; i < 2; i++) {
      assertEquals((x[i] + z[i]) / 2, y[i], 1e-15, "the change is linear in the share");
      assertEquals((one[i] + zero[i]) / 2, half[i], 1e-15, "so is the velocity");
    }
  }
}
