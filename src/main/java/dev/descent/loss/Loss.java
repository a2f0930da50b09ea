package dev.descent.loss;

import dev.descent.data.LabelDomain;
import java.io.Serializable;

/**
 * A per-row loss of a linear model, as a function of the row's margins (see the package
 * conventions). Each loss has a per-row form, the reference, and a blocked form over many rows
 * at once, which is what training runs; tests check that the two agree.
 */
public interface Loss extends Serializable {

  /** The setting value that selects this loss. */
  String name();

  /** The labels this loss accepts. */
  LabelDomain labelDomain();

  /** Number of margins per row for a problem with {@code numClasses} classes. */
  int outputs(int numClasses);

  /**
   * Per-row reference: the loss at {@code margins[off .. off+K)} for a stored label, writing
   * {@code dLoss/dm_k} into {@code deriv[doff .. doff+K)}.
   */
  double rowLoss(double[] margins, int off, int outputs, double label, double[] deriv, int doff);

  /**
   * Blocked form over the rows of a block: for position {@code p < count}, whose row is
   * {@code r = sel == null ? p : sel[p]}, writes {@code mult[p*K+k] = v_r * dLoss/dm_k} and returns
   * {@code sum_p v_r * loss_p}. {@code weights == null} means every weight is 1.
   */
  default double blockLoss(int count, int outputs, double[] margins, double[] labels,
      double[] weights, int[] sel, double[] mult) {
    double sum = 0;
    for (int p = 0; p < count; p++) {
      int r = sel == null ? p : sel[p];
      double v = weights == null ? 1.0 : weights[r];
      double l = rowLoss(margins, p * outputs, outputs, labels[r], mult, p * outputs);
      for (int k = 0; k < outputs; k++) {
        mult[p * outputs + k] *= v;
      }
      sum += v * l;
    }
    return sum;
  }

  /**
   * An upper bound on the second derivative of the loss with respect to the margins (spectral
   * norm of that Hessian), used to bound the objective's curvature; for the non-smooth hinge, a
   * unit scale used the same way.
   */
  double curvature();

  /** Whether the model predicts classes (and the prediction is a class index). */
  boolean isClassifier();

  /** Whether it is differentiable everywhere, as quasi-Newton methods need (hinge is not). */
  default boolean smooth() {
    return true;
  }

  /** Whether it takes any number of classes, one output each (rather than a value or two). */
  default boolean multiclass() {
    return labelDomain() == LabelDomain.CLASSES;
  }

  /** Whether {@link #probabilities} is meaningful. */
  default boolean hasProbabilities() {
    return isClassifier();
  }

  /** The prediction for margins {@code m[off .. off+K)}: a value, or a class index. */
  double predict(double[] margins, int off, int outputs);

  /**
   * Class probabilities for margins {@code m[off .. off+K)} into {@code out[0 .. classes)}; for
   * binary losses {@code out[0]} = P(class 0), {@code out[1]} = P(class 1).
   */
  default void probabilities(double[] margins, int off, int outputs, double[] out) {
    throw new UnsupportedOperationException(name() + " has no probabilities");
  }
}
