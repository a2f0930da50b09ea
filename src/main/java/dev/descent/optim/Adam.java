package dev.descent.optim;

import java.util.Map;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1): bias-corrected first and second moment estimates,
 * {@code x -= lr mHat / (sqrt(vHat) + eps)}.
 */
public final class Adam implements UpdateRule {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[] m;
  private final double[] v;
  private long t;
  private double secondCorrection = 1;

  public Adam(int size, double beta1, double beta2, double eps) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = new double[size];
    this.v = new double[size];
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public void step(double[] x, double[] g, double lr) {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    secondCorrection = 1 - Math.pow(beta2, t);
    for (int i = 0; i < x.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      x[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / secondCorrection) + eps);
    }
  }

  @Override
  public double scale(int i) {
    return 1 / (Math.sqrt(v[i] / secondCorrection) + eps);
  }

  @Override
  public Map<String, double[]> state() {
    return RuleState.of(t, "m", m, "v", v);
  }

  @Override
  public void restore(Map<String, double[]> state) {
    t = RuleState.steps(state);
    RuleState.copy(state, "m", m);
    RuleState.copy(state, "v", v);
    secondCorrection = t == 0 ? 1 : 1 - Math.pow(beta2, t);
  }

  @Override
  public long steps() {
    return t;
  }
}
