package dev.descent.optim;

import java.util.Map;

/**
 * Heavy-ball momentum in the form PyTorch and most frameworks use: {@code v = mu v + g;
 * x -= lr v}. Stable for full-batch steps below {@code 2 (1 + mu) / L}.
 */
public final class Momentum implements UpdateRule {
  private final double mu;
  private final double[] v;
  private long t;

  public Momentum(int size, double mu) {
    this.mu = mu;
    this.v = new double[size];
  }

  @Override
  public String name() {
    return "momentum";
  }

  @Override
  public void step(double[] x, double[] g, double lr) {
    for (int i = 0; i < x.length; i++) {
      v[i] = mu * v[i] + g[i];
      x[i] -= lr * v[i];
    }
    t++;
  }

  /**
   * {@code 1 / (1 - mu)}: the velocity adds up gradients with weights summing to that, so a
   * step moves by about {@code lr g / (1 - mu)} once it has built up; an L1 threshold of
   * {@code lr lambda1} per step (scale 1) would leave the fixed point at the optimum of an L1
   * strength {@code (1 - mu) lambda1}.
   */
  @Override
  public double scale(int i) {
    return 1 / (1 - mu);
  }

  @Override
  public Map<String, double[]> state() {
    return RuleState.of(t, "velocity", v);
  }

  @Override
  public void restore(Map<String, double[]> state) {
    t = RuleState.steps(state);
    RuleState.copy(state, "velocity", v);
  }

  @Override
  public long steps() {
    return t;
  }
}
