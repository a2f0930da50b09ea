package dev.descent.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The optimizers Descent offers, each declared once: the setting value that selects it, the
 * hyperparameters it reads, its update rule, how many parameter-sized arrays of state it keeps,
 * and what the learning-rate advice and {@code learningRate=auto} need to know of it. Every other
 * place asks this declaration. First-order optimizers are an {@link UpdateRule} each (one small
 * class per rule); L-BFGS is full-batch and drives its own line search ({@link Lbfgs}).
 *
 * <p>Each constant gives: the setting value, whether it is adaptive, the hyperparameters it
 * reads, its state arrays, its update rule's factory (none for L-BFGS) and its stable-limit
 * formula (none where there is no closed form).
 */
public enum Optimizer {
  SGD("sgd", false, Set.of(), 0, (size, h) -> new Sgd(), (l, h) -> 2 / l),
  MOMENTUM("momentum", false, Set.of(Hyperparameter.MOMENTUM), 1,
      (size, h) -> new Momentum(size, h.momentum()), (l, h) -> 2 * (1 + h.momentum()) / l) {
    @Override
    public double noiseGain(Hyperparameters h) {
      return 1 / (1 - h.momentum());
    }
  },
  NESTEROV("nesterov", false, Set.of(Hyperparameter.MOMENTUM), 1,
      (size, h) -> new Nesterov(size, h.momentum()),
      (l, h) -> 2 * (1 + h.momentum()) / ((1 + 2 * h.momentum()) * l)) {
    @Override
    public double noiseGain(Hyperparameters h) {
      return 1 / (1 - h.momentum());
    }
  },
  ADAGRAD("adagrad", true, Set.of(Hyperparameter.EPSILON), 1,
      (size, h) -> new AdaGrad(size, h.epsilon()), null),
  RMSPROP("rmsprop", true, Set.of(Hyperparameter.RHO, Hyperparameter.EPSILON), 1,
      (size, h) -> new RmsProp(size, h.rho(), h.epsilon()), null) {
    /** The first mean square is {@code (1 - rho) g^2}: the first step is rate / sqrt(1 - rho). */
    @Override
    public double firstStepFactor(Hyperparameters h) {
      return Math.sqrt(1 - h.rho());
    }
  },
  ADAM("adam", true, Set.of(Hyperparameter.BETA1, Hyperparameter.BETA2, Hyperparameter.EPSILON),
      2, (size, h) -> new Adam(size, h.beta1(), h.beta2(), h.epsilon()), null),
  /**
   * Full-batch quasi-Newton, no update rule: its state is the correction pairs, and its point,
   * gradient, pseudo-gradient, direction, new point and gradient, two trial points with their
   * gradients and the best point with its gradient in the line search.
   */
  LBFGS("lbfgs", false, Set.of(Hyperparameter.HISTORY_SIZE), 11, null, null) {
    @Override
    public int stateArrays(Hyperparameters h) {
      return 2 * h.historySize() + 11;
    }

    @Override
    public boolean fullBatch() {
      return true;
    }
  };

  /** Makes an update rule for a parameter count. */
  private interface Factory {
    UpdateRule create(int size, Hyperparameters h);
  }

  /** The stable-limit formula, of the curvature bound L. */
  private interface Limit {
    double of(double curvature, Hyperparameters h);
  }

  private final String settingName;
  private final boolean adaptive;
  private final Set<Hyperparameter> reads;
  private final int stateArrays;
  private final Factory factory; // null: no update rule
  private final Limit limit; // null: no closed form

  Optimizer(String settingName, boolean adaptive, Set<Hyperparameter> reads, int stateArrays,
      Factory factory, Limit limit) {
    this.settingName = settingName;
    this.adaptive = adaptive;
    this.reads = reads;
    this.stateArrays = stateArrays;
    this.factory = factory;
    this.limit = limit;
  }

  /** The setting value that selects it. */
  public String settingName() {
    return settingName;
  }

  /** The hyperparameters it reads; the others have no effect with it. */
  public Set<Hyperparameter> reads() {
    return reads;
  }

  /**
   * Whether it divides by running gradient magnitudes, making its rate per-coordinate (and its
   * first step about the rate, whatever the gradient's size).
   */
  public boolean adaptive() {
    return adaptive;
  }

  /**
   * Whether it works on the full batch and sets its own step by a line search (no learning
   * rate, schedule or mini-batches), rather than being an {@link UpdateRule}.
   */
  public boolean fullBatch() {
    return false;
  }

  /** Parameter-sized arrays of state it keeps on the driver. */
  public int stateArrays(Hyperparameters h) {
    return stateArrays;
  }

  /**
   * A fresh update rule for {@code size} parameters.
   *
   * @throws IllegalArgumentException for a {@link #fullBatch} optimizer, which is no update rule
   */
  public UpdateRule create(int size, Hyperparameters h) {
    if (factory == null) {
      throw new IllegalArgumentException("no update rule '" + settingName + "'; allowed: "
          + stochasticNames());
    }
    return factory.create(size, h);
  }

  /**
   * The largest stable full-batch learning rate on an objective whose gradient is L-Lipschitz
   * (curvature at most L), or NaN where no such closed form exists (adaptive rules, L-BFGS).
   * Plain descent: 2/L; heavy ball: 2(1+mu)/L; Nesterov's form: 2(1+mu)/((1+2mu) L).
   */
  public double stableLimit(double curvature, Hyperparameters h) {
    return limit == null ? Double.NaN : limit.of(curvature, h);
  }

  /**
   * How far the first step of an adaptive rule moves a coordinate, in learning rates: what
   * {@code learningRate=auto} divides out so that it matches gradient descent's first step.
   */
  public double firstStepFactor(Hyperparameters h) {
    return 1.0;
  }

  /**
   * How much the rule amplifies the noise of a step's gradient, in learning rates: heavy ball and
   * Nesterov add up past gradients with weights summing to {@code 1/(1 - mu)}; plain steps and
   * the adaptive rules (whose first moment is a weighted mean) 1. What {@code learningRate=auto}
   * divides a mini-batch's extra curvature by (see {@code dev.descent.engine.BatchCurvature}).
   */
  public double noiseGain(Hyperparameters h) {
    return 1.0;
  }

  /** The optimizer selected by this setting value. */
  public static Optimizer byName(String name) {
    for (Optimizer o : values()) {
      if (o.settingName.equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown optimizer '" + name + "'; allowed: " + names());
  }

  /** Every setting value, in declaration order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Optimizer o : values()) {
      names.add(o.settingName);
    }
    return names;
  }

  /** The setting values of the update rules (those that take mini-batches). */
  public static List<String> stochasticNames() {
    List<String> names = new ArrayList<>();
    for (Optimizer o : values()) {
      if (!o.fullBatch()) {
        names.add(o.settingName);
      }
    }
    return names;
  }

  @Override
  public String toString() {
    return settingName;
  }
}
