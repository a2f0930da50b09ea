package dev.descent.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and clocks. */
final class Timing {
  private Timing() {}

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double median(List<Double> v) {
    return median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  /** Seconds one run of {@code r} takes. */
  static double time(Runnable r) {
    long t = System.nanoTime();
    r.run();
    return seconds(t);
  }

  /** Median seconds of {@code reps} runs after {@code warmups} untimed ones. */
  static double median(Runnable r, int warmups, int reps) {
    for (int i = 0; i < warmups; i++) {
      r.run();
    }
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      t[i] = time(r);
    }
    return median(t);
  }
}
