package dev.descent.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for the {@link UpdateRule#state()} maps: copies in, copies out, size checks. */
final class RuleState {
  private RuleState() {}

  static Map<String, double[]> of(long steps, Object... namesAndArrays) {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("t", new double[] {steps});
    for (int i = 0; i < namesAndArrays.length; i += 2) {
      m.put((String) namesAndArrays[i], ((double[]) namesAndArrays[i + 1]).clone());
    }
    return m;
  }

  static long steps(Map<String, double[]> state) {
    return (long) require(state, "t", 1)[0];
  }

  /** Copies the named array into {@code target}, checking it is there and of the right size. */
  static void copy(Map<String, double[]> state, String name, double[] target) {
    System.arraycopy(require(state, name, target.length), 0, target, 0, target.length);
  }

  private static double[] require(Map<String, double[]> state, String name, int length) {
    double[] a = state.get(name);
    if (a == null || a.length != length) {
      throw new IllegalArgumentException("optimizer state '" + name + "' is missing or has the wrong size");
    }
    return a;
  }
}
