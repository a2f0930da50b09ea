package dev.descent.optim;

import java.util.List;

/** The optimizers Descent offers, by setting name. */
public final class Optimizers {
  /** Full-batch quasi-Newton; not an {@link UpdateRule} because it drives its own line search. */
  public static final String LBFGS = "lbfgs";

  private static final List<String> NAMES =
      List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", LBFGS);

  private Optimizers() {}

  public static List<String> names() {
    return NAMES;
  }

  /** Whether the rule divides by running gradient magnitudes, making its rate per-coordinate. */
  public static boolean isAdaptive(String name) {
    return name.equals("adagrad") || name.equals("rmsprop") || name.equals("adam");
  }

  /** A fresh update rule for {@code size} parameters. */
  public static UpdateRule create(String name, int size, Hyperparameters h) {
    switch (name) {
      case "sgd":
        return new Sgd();
      case "momentum":
        return new Momentum(size, h.momentum());
      case "nesterov":
        return new Nesterov(size, h.momentum());
      case "adagrad":
        return new AdaGrad(size, h.epsilon());
      case "rmsprop":
        return new RmsProp(size, h.rho(), h.epsilon());
      case "adam":
        return new Adam(size, h.beta1(), h.beta2(), h.epsilon());
      default:
        throw new IllegalArgumentException("no update rule '" + name + "'; allowed: " + NAMES);
    }
  }

  /**
   * The largest stable full-batch learning rate for a rule on an objective whose gradient is
   * L-Lipschitz (curvature at most L), or NaN where no such closed form exists (adaptive rules).
   * Plain descent: 2/L; heavy ball: 2(1+mu)/L; Nesterov's form above: 2(1+mu)/((1+2mu) L).
   */
  public static double stableLimit(String name, double curvature, Hyperparameters h) {
    double mu = h.momentum();
    switch (name) {
      case "sgd":
        return 2 / curvature;
      case "momentum":
        return 2 * (1 + mu) / curvature;
      case "nesterov":
        return 2 * (1 + mu) / ((1 + 2 * mu) * curvature);
      default:
        return Double.NaN;
    }
  }
}
