package dev.descent.optim;

/**
 * The values of the {@link Hyperparameter}s for one run, as the settings give them (defaults
 * included); each optimizer reads those it declares.
 *
 * @param momentum velocity decay of momentum and nesterov
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param rho RMSProp's mean-square decay
 * @param epsilon added to square roots in adagrad, rmsprop and adam
 * @param historySize correction pairs L-BFGS keeps
 */
public record Hyperparameters(double momentum, double beta1, double beta2, double rho,
    double epsilon, int historySize) {}
