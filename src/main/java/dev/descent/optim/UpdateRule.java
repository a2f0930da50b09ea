package dev.descent.optim;

import java.util.Map;

/**
 * A first-order update rule: moves parameters against a gradient, keeping whatever state it needs
 * (velocities, moment estimates) in itself.
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li><b>init</b>: constructed for a parameter count; all state is zero, step count 0.</li>
 *   <li><b>step</b>: {@link #step} is called once per mini-batch with the batch's averaged
 *       gradient of the smooth part of the objective ({@code +dF/dx}) and that step's learning
 *       rate; it updates the parameters in place, subtracting.</li>
 *   <li><b>state to checkpoint</b>: {@link #state} returns copies of every array and counter a
 *       resumed run needs, and {@link #restore} loads them, so that stepping after a restore is
 *       bit-for-bit the same as stepping on.</li>
 * </ol>
 * L1 penalties are applied by the caller after the step, as a proximal step whose threshold for
 * coordinate {@code i} is {@code learningRate * scale(i) * lambda1}; {@link #scale} reports the
 * per-coordinate multiplier of the gradient in the rule's step (1 for plain gradient steps; for
 * rules that add up past gradients, the multiplier once they have built up), so that the
 * threshold matches the step and the rule's fixed point is the penalized optimum.
 */
public interface UpdateRule {

  /** The setting value that selects this rule. */
  String name();

  /** Updates {@code params} in place for one step. */
  void step(double[] params, double[] gradient, double learningRate);

  /** Per-coordinate multiplier of the learning rate in the rule's steps (see above). */
  default double scale(int i) {
    return 1.0;
  }

  /** Copies of the rule's state, keyed by name; includes the step count as {@code "t"}. */
  Map<String, double[]> state();

  /** Loads state produced by {@link #state} of a rule of the same kind and size. */
  void restore(Map<String, double[]> state);

  /** Number of steps taken. */
  long steps();
}
