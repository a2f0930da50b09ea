package dev.descent.optim;

import java.util.Map;

/** Plain gradient descent: {@code x -= lr * g}. Stateless but for the step count. */
public final class Sgd implements UpdateRule {
  private long t;

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public void step(double[] x, double[] g, double lr) {
    for (int i = 0; i < x.length; i++) {
      x[i] -= lr * g[i];
    }
    t++;
  }

  @Override
  public Map<String, double[]> state() {
    return RuleState.of(t);
  }

  @Override
  public void restore(Map<String, double[]> state) {
    t = RuleState.steps(state);
  }

  @Override
  public long steps() {
    return t;
  }
}
