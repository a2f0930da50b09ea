package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import org.junit.jupiter.api.Test;

/** The divergence advice never recommends what the run already did. */
class DiagnosisTest {
  private static final Hyperparameters H = RunPlans.hyperparameters(Config.empty());

  @Test
  void adviceNeverRecommendsTheSettingInUse() {
    int cases = 0;
    for (Optimizer optimizer : Optimizer.values()) {
      for (String schedule : Schedule.names()) {
        for (boolean auto : new boolean[] {true, false}) {
          for (boolean standardized : new boolean[] {true, false}) {
            for (boolean fullBatch : new boolean[] {true, false}) {
              for (double curvature : new double[] {Double.NaN, 0, 24}) {
                for (double rate : new double[] {0.001, 0.05, 0.1, 10}) {
                  String advice = Diagnosis.explain(optimizer, H, curvature, rate, auto,
                      standardized, fullBatch, schedule);
                  String at = optimizer + " " + schedule + " auto=" + auto + " standardized="
                      + standardized + " fullBatch=" + fullBatch + " L=" + curvature + " rate="
                      + rate + ": " + advice;
                  assertFalse(advice.contains("schedule=" + schedule), at);
                  assertFalse(auto && advice.contains("learningRate=auto"), at);
                  assertFalse(standardized && advice.contains("standardize=true"), at);
                  assertFalse(fullBatch && advice.contains("batchSize"), at);
                  cases++;
                }
              }
            }
          }
        }
      }
    }
    assertTrue(cases > 1000, "cases: " + cases);
  }

  /** The report: "schedule (constant) is the likely cause; try schedule=constant". */
  @Test
  void aConstantScheduleBelowTheLimitIsNotBlamed() {
    String advice = Diagnosis.explain(Optimizer.SGD, H, 24, 0.05, false, true, true, "constant");
    assertFalse(advice.contains("schedule"), advice);
    assertTrue(advice.contains("extreme values in the data"), advice);
  }

  @Test
  void theFoundingExamplesAdviceIsUnchanged() {
    assertEquals("learning rate 0.1 is above the stable limit ~0.084 for this data (the"
        + " objective's curvature is up to 24); try learningRate=auto, a rate below 0.084, or"
        + " standardize=true.", Diagnosis.explain(Optimizer.SGD, H, 23.7, 0.1, false, false, true,
            "constant"));
  }

  /** With rounds of local steps the rounds come first where the rate is not plainly too large. */
  @Test
  void roundsOfLocalStepsAreNamedWithSyncEveryStepFirst() {
    String below = Diagnosis.explain(Optimizer.MOMENTUM, H, 24, 0.01, true, true, false,
        "cosine", "10 steps");
    assertTrue(below.contains("rounds of local steps (syncEvery=10 steps)")
        && below.contains("try syncEvery=step, a smaller learningRate"), below);
    String adaptive = Diagnosis.explain(Optimizer.ADAM, H, 24, 1.85e16, true, true, false,
        "cosine", "epoch");
    assertTrue(adaptive.contains("1.85e+16 (automatic) is too large for adam with rounds of"
        + " local steps (syncEvery=epoch)") && adaptive.contains("try syncEvery=step,"), adaptive);
    String tooLarge = Diagnosis.explain(Optimizer.SGD, H, 24, 100, false, true, false, "cosine",
        "10 steps");
    assertFalse(tooLarge.contains("syncEvery"), tooLarge);
    assertFalse(Diagnosis.explain(Optimizer.MOMENTUM, H, 24, 0.01, true, true, false, "cosine",
        null).contains("syncEvery"));
  }
}
