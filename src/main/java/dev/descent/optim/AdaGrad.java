package dev.descent.optim;

import java.util.Map;

/** AdaGrad (Duchi et al. 2011): {@code G += g^2; x -= lr g / (sqrt(G) + eps)}. */
public final class AdaGrad implements UpdateRule {
  private final double eps;
  private final double[] sumSquares;
  private long t;

  public AdaGrad(int size, double eps) {
    this.eps = eps;
    this.sumSquares = new double[size];
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public void step(double[] x, double[] g, double lr) {
    for (int i = 0; i < x.length; i++) {
      sumSquares[i] += g[i] * g[i];
      x[i] -= lr * g[i] / (Math.sqrt(sumSquares[i]) + eps);
    }
    t++;
  }

  @Override
  public double scale(int i) {
    return 1 / (Math.sqrt(sumSquares[i]) + eps);
  }

  @Override
  public Map<String, double[]> state() {
    return RuleState.of(t, "sumSquares", sumSquares);
  }

  @Override
  public void restore(Map<String, double[]> state) {
    t = RuleState.steps(state);
    RuleState.copy(state, "sumSquares", sumSquares);
  }

  @Override
  public long steps() {
    return t;
  }
}
