package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Run-defining settings compare by value, so a resume accepts the same value written otherwise. */
class SameValueTest {

  @Test
  void textsOfOneValueAreTheSame() {
    assertTrue(Settings.sameValue("regParam", "1e-3", "0.001"));
    assertTrue(Settings.sameValue("syncEvery", "3steps", "3 steps"));
    assertTrue(Settings.sameValue("seed", "42", "042"));
    assertTrue(Settings.sameValue("learningRate", "auto", "auto"));
  }

  @Test
  void otherValuesOrTextsThatDoNotParseAreNot() {
    assertFalse(Settings.sameValue("regParam", "1e-3", "0.0011"));
    assertFalse(Settings.sameValue("syncEvery", "3 steps", "epoch"));
    assertFalse(Settings.sameValue("loss", "logistic", "hinge"));
    assertFalse(Settings.sameValue("regParam", "0.1", "lots"), "a text that does not parse");
    assertFalse(Settings.sameValue("regParam", "0.1", null), "a setting the checkpoint lacks");
    assertTrue(Settings.sameValue("noSuchKey", "a", "a"));
    assertFalse(Settings.sameValue("noSuchKey", "a", "b"));
  }
}
