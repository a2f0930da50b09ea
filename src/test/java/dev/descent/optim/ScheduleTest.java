package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final double TOL = 1e-15;

  /** A schedule with 4 steps per epoch, 10 planned epochs, decay 0.5 every 2 epochs. */
  private static Schedule schedule(String kind, double base, double warmupEpochs) {
    return new Schedule(kind, base, 0.5, 2, warmupEpochs, 4, 10);
  }

  @Test
  void constantKeepsTheBaseRate() {
    Schedule s = schedule("constant", 0.3, 0);
    for (long t : new long[] {0, 1, 17, 39, 1000}) {
      assertEquals(0.3, s.rate(t), TOL);
    }
    assertEquals(0.3, s.base());
  }

  @Test
  void invsqrtDividesByRootOfStepsPlusOne() {
    Schedule s = schedule("invsqrt", 0.3, 0);
    assertEquals(0.3, s.rate(0), TOL);
    assertEquals(0.3 / Math.sqrt(2), s.rate(1), TOL);
    assertEquals(0.15, s.rate(3), TOL);
    assertEquals(0.1, s.rate(8), TOL);
    assertEquals(0.03, s.rate(99), TOL);
  }

  @Test
  void stepHalvesEveryTwoEpochs() {
    Schedule s = schedule("step", 0.8, 0);
    // epochs 0-1 = steps 0-7: 0.8; epochs 2-3 = steps 8-15: 0.4; epochs 4-5: 0.2
    assertEquals(0.8, s.rate(0), TOL);
    assertEquals(0.8, s.rate(7), TOL);
    assertEquals(0.4, s.rate(8), TOL);
    assertEquals(0.4, s.rate(15), TOL);
    assertEquals(0.2, s.rate(16), TOL);
    assertEquals(0.8 / 32, s.rate(40), TOL);
  }

  @Test
  void exponentialDecaysSmoothlyAtTheSameRate() {
    Schedule s = schedule("exponential", 0.8, 0);
    // rate(t) = 0.8 * 0.5^(epoch / 2) with epoch = t / 4
    assertEquals(0.8, s.rate(0), TOL);
    assertEquals(0.8 * Math.pow(0.5, 0.125), s.rate(1), TOL);
    assertEquals(0.8 / Math.sqrt(2), s.rate(4), TOL);
    assertEquals(0.4, s.rate(8), TOL);
    assertEquals(0.2, s.rate(16), TOL);
  }

  @Test
  void cosineFallsToZeroAtTheHorizon() {
    Schedule s = schedule("cosine", 0.8, 0); // horizon 4 * 10 = 40 steps
    assertEquals(0.8, s.rate(0), TOL);
    assertEquals(0.4 * (1 + Math.cos(Math.PI / 4)), s.rate(10), TOL);
    assertEquals(0.4, s.rate(20), 1e-15);
    assertEquals(0.4 * (1 - Math.cos(Math.PI / 4)), s.rate(30), 1e-15);
    assertEquals(0.0, s.rate(40), 1e-15);
    assertEquals(0.0, s.rate(55), 1e-15);
  }

  @Test
  void warmupRampsLinearlyThenStartsTheScheduleFromItsBeginning() {
    Schedule s = schedule("invsqrt", 0.8, 1); // warm-up: 1 epoch = 4 steps
    assertEquals(0.2, s.rate(0), TOL);
    assertEquals(0.4, s.rate(1), TOL);
    assertEquals(0.6, s.rate(2), TOL);
    assertEquals(0.8, s.rate(3), TOL);
    assertEquals(0.8, s.rate(4), TOL); // invsqrt at its step 0
    assertEquals(0.4, s.rate(7), TOL); // invsqrt at its step 3

    Schedule half = schedule("step", 0.8, 0.5); // 2 warm-up steps
    assertEquals(0.4, half.rate(0), TOL);
    assertEquals(0.8, half.rate(1), TOL);
    assertEquals(0.8, half.rate(9), TOL); // step schedule at its step 7 = epoch 1
    assertEquals(0.4, half.rate(10), TOL); // its step 8 = epoch 2

    Schedule cosine = schedule("cosine", 0.8, 2); // 8 warm-up steps, then 32 steps of cosine
    assertEquals(0.1, cosine.rate(0), TOL);
    assertEquals(0.8, cosine.rate(8), TOL);
    assertEquals(0.4, cosine.rate(8 + 16), 1e-15);
    assertEquals(0.0, cosine.rate(40), 1e-15);
  }

  @Test
  void autoIsConstantForTheFullBatchBitForBit() {
    Schedule auto = new Schedule("auto", 0.3, 0.5, 2, 0, 1, 10);
    Schedule constant = new Schedule("constant", 0.3, 0.5, 2, 0, 1, 10);
    assertEquals("constant", auto.kind());
    for (long t = 0; t < 20; t++) {
      assertEquals(Double.doubleToLongBits(constant.rate(t)), Double.doubleToLongBits(auto.rate(t)));
    }
  }

  @Test
  void autoIsCosineOverThePlannedEpochsForMiniBatches() {
    Schedule auto = schedule("auto", 0.8, 0);
    Schedule cosine = schedule("cosine", 0.8, 0);
    assertEquals("cosine", auto.kind());
    for (long t = 0; t <= 45; t++) {
      assertEquals(Double.doubleToLongBits(cosine.rate(t)), Double.doubleToLongBits(auto.rate(t)));
    }
    assertEquals(0.0, auto.rate(40), 1e-15);
    Schedule warm = schedule("auto", 0.8, 2); // warm-up, then cosine over the rest
    assertEquals(0.1, warm.rate(0), TOL);
    assertEquals(0.4, warm.rate(8 + 16), 1e-15);
  }

  @Test
  void resolveNamesTheScheduleFollowed() {
    assertEquals("constant", Schedule.resolve("auto", 1));
    assertEquals("cosine", Schedule.resolve("auto", 2));
    assertEquals("invsqrt", Schedule.resolve("invsqrt", 1));
    assertEquals("constant", Schedule.resolve("constant", 100));
  }

  @Test
  void unknownKindIsRejectedNamingTheAllowedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> schedule("linear", 0.1, 0));
    assertEquals(true, e.getMessage().contains("linear") && e.getMessage().contains("cosine"));
  }
}
