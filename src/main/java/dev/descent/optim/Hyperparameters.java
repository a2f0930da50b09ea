package dev.descent.optim;

/**
 * Constants of the update rules, with the published defaults.
 *
 * @param momentum velocity decay of momentum and nesterov
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param rho RMSProp's mean-square decay
 * @param epsilon added to square roots in adagrad, rmsprop and adam
 * @param historySize correction pairs L-BFGS keeps
 */
public record Hyperparameters(double momentum, double beta1, double beta2, double rho,
    double epsilon, int historySize) {

  public static final Hyperparameters DEFAULTS = new Hyperparameters(0.9, 0.9, 0.999, 0.9, 1e-8, 10);
}
