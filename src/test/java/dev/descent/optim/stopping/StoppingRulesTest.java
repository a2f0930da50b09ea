package dev.descent.optim.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppingRulesTest {

  /** A history with these epoch objectives (and a finite gradient norm). */
  private static List<EpochRecord> objectives(double... values) {
    List<EpochRecord> h = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      h.add(new EpochRecord(i + 1, values[i], values[i], 0.1, 1.0, 0.01, 1));
    }
    return h;
  }

  @Test
  void nonFiniteObjectiveOrGradientIsDivergence() {
    NonFiniteObjective rule = new NonFiniteObjective();
    assertNull(rule.check(objectives(3, 2, 1e300)));
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      Stop stop = rule.check(objectives(3, 2, bad));
      assertEquals(Status.DIVERGED, stop.status());
      assertTrue(stop.reason().contains("epoch 3"), stop.reason());
    }
    List<EpochRecord> nanGradient =
        List.of(new EpochRecord(1, 1, 1, 0.1, Double.NaN, 0.01, 1));
    assertEquals(Status.DIVERGED, rule.check(nanGradient).status());
  }

  @Test
  void relativeImprovementConvergesWhenTheChangeIsWithinTolerance() {
    RelativeImprovement rule = new RelativeImprovement(1e-6);
    assertNull(rule.check(objectives(10)), "one epoch: nothing to compare");
    assertNull(rule.check(objectives(10, 5)));
    assertNull(rule.check(objectives(10, 10 * (1 - 2e-6))));
    Stop stop = rule.check(objectives(10, 10 * (1 - 5e-7)));
    assertEquals(Status.CONVERGED, stop.status());
    assertTrue(stop.reason().contains("epoch 2") && stop.reason().contains("tolerance"),
        stop.reason());
    assertEquals(Status.CONVERGED, rule.check(objectives(10, 8, 8)).status());
  }

  /**
   * A mini-batch run's epoch objective is noisy: one epoch whose change falls within the
   * tolerance by chance does not stop it; three in a row do.
   */
  @Test
  void aMiniBatchRunNeedsThreeEpochsInARowWithinTolerance() {
    RelativeImprovement rule = new RelativeImprovement(1e-6, RelativeImprovement.MINI_BATCH_EPOCHS);
    double f = 10;
    double calm = f * (1 - 5e-7);
    assertNull(rule.check(objectives(12, 11, f, calm)), "one calm epoch among noisy ones");
    assertNull(rule.check(objectives(12, f, calm, f, 10.5)), "the last change is not calm");
    assertNull(rule.check(objectives(f, calm, f)), "two calm epochs");
    Stop stop = rule.check(objectives(12, f, calm, f, calm));
    assertEquals(Status.CONVERGED, stop.status());
    assertTrue(stop.reason().contains("each of epochs 3-5") && stop.reason().contains(
        "tolerance=1e-6"), stop.reason());
    assertEquals(Status.CONVERGED, new RelativeImprovement(1e-6).check(objectives(12, 11, f,
        calm)).status(), "a full-batch run stops at the first calm epoch");
  }

  @Test
  void relativeImprovementChangeEqualToToleranceCounts() {
    // |1 - 0.5| / max(1, 0.5) = 0.5: "at most" the tolerance
    assertEquals(Status.CONVERGED, new RelativeImprovement(0.5).check(objectives(1, 0.5)).status());
    assertNull(new RelativeImprovement(0.49).check(objectives(1, 0.5)));
  }

  @Test
  void relativeImprovementScalesByTheLargerOfTheTwoObjectives() {
    // rising objective: |1 - 2| / max(1, 2) = 0.5
    assertEquals(Status.CONVERGED, new RelativeImprovement(0.5).check(objectives(1, 2)).status());
    assertNull(new RelativeImprovement(0.49).check(objectives(1, 2)));
  }

  @Test
  void relativeImprovementFloorLetsAnObjectiveThatReachesZeroStop() {
    RelativeImprovement rule = new RelativeImprovement(1e-6);
    // Relative to itself, 1e-20 -> 0 is a change of 100%; relative to 1e-12 of the first
    // objective (1), it is 1e-8, within the tolerance.
    Stop stop = rule.check(objectives(1, 1e-10, 1e-20, 0));
    assertEquals(Status.CONVERGED, stop.status());
    assertTrue(stop.reason().contains("epoch 4"), stop.reason());
    assertNull(rule.check(objectives(1, 1e-10, 1e-20)), "1e-10 -> 1e-20 is above the floor");
    // A run that starts that small has a floor that small too.
    assertNull(rule.check(objectives(1e-20, 0)));
  }

  @Test
  void zeroToleranceDisablesRelativeImprovement() {
    RelativeImprovement rule = new RelativeImprovement(0);
    assertNull(rule.check(objectives(3, 3)));
    assertNull(rule.check(objectives(1, 0, 0)));
  }

  @Test
  void epochLimitFinishesAfterThePlannedEpochs() {
    EpochLimit rule = new EpochLimit(3);
    assertNull(rule.check(objectives(5)));
    assertNull(rule.check(objectives(5, 4)));
    Stop stop = rule.check(objectives(5, 4, 3));
    assertEquals(Status.FINISHED, stop.status());
    assertTrue(stop.reason().contains("3"), stop.reason());
    Stop past = rule.check(objectives(5, 4, 3, 2, 1)); // resumed from a longer run
    assertEquals(Status.FINISHED, past.status());
    assertEquals("the planned 3 epochs were done before this run resumed (5 in all); raise"
        + " epochs to train further", past.reason());
    assertEquals("finished", Status.FINISHED.json());
    assertEquals("converged", Status.CONVERGED.json());
    assertEquals("diverged", Status.DIVERGED.json());
  }
}
