package dev.descent.optim;

import java.util.Map;

/** RMSProp (Hinton): {@code E = rho E + (1 - rho) g^2; x -= lr g / (sqrt(E) + eps)}. */
public final class RmsProp implements UpdateRule {
  private final double rho;
  private final double eps;
  private final double[] meanSquares;
  private long t;

  public RmsProp(int size, double rho, double eps) {
    this.rho = rho;
    this.eps = eps;
    this.meanSquares = new double[size];
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  public void step(double[] x, double[] g, double lr) {
    for (int i = 0; i < x.length; i++) {
      meanSquares[i] = rho * meanSquares[i] + (1 - rho) * g[i] * g[i];
      x[i] -= lr * g[i] / (Math.sqrt(meanSquares[i]) + eps);
    }
    t++;
  }

  @Override
  public double scale(int i) {
    return 1 / (Math.sqrt(meanSquares[i]) + eps);
  }

  @Override
  public Map<String, double[]> state() {
    return RuleState.of(t, "meanSquares", meanSquares);
  }

  @Override
  public void restore(Map<String, double[]> state) {
    t = RuleState.steps(state);
    RuleState.copy(state, "meanSquares", meanSquares);
  }

  @Override
  public long steps() {
    return t;
  }
}
