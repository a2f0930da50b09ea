package dev.descent.optim;

import java.util.Map;

/**
 * Nesterov's accelerated gradient in the reformulation that needs the gradient only at the current
 * parameters (Sutskever et al. 2013, as in PyTorch): {@code v = mu v + g; x -= lr (g + mu v)}.
 */
public final class Nesterov implements UpdateRule {
  private final double mu;
  private final double[] v;
  private long t;

  public Nesterov(int size, double mu) {
    this.mu = mu;
    this.v = new double[size];
  }

  @Override
  public String name() {
    return "nesterov";
  }

  @Override
  public void step(double[] x, double[] g, double lr) {
    for (int i = 0; i < x.length; i++) {
      v[i] = mu * v[i] + g[i];
      x[i] -= lr * (g[i] + mu * v[i]);
    }
    t++;
  }

  /** {@code 1 / (1 - mu)}, as {@link Momentum#scale} says why. */
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
