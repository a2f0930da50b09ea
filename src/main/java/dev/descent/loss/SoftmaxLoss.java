package dev.descent.loss;

import dev.descent.data.LabelDomain;

/**
 * Multinomial (softmax) cross-entropy for class labels 0..K-1 with one margin per class and no
 * pivot class: {@code logsumexp(m) - m_y}, derivative {@code softmax(m)_k - [k = y]}. The
 * log-sum-exp is shifted by the largest margin so it never overflows.
 */
public final class SoftmaxLoss implements Loss {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public LabelDomain labelDomain() {
    return LabelDomain.CLASSES;
  }

  @Override
  public int outputs(int numClasses) {
    return numClasses;
  }

  @Override
  public double rowLoss(double[] m, int off, int outputs, double label, double[] deriv, int doff) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < outputs; k++) {
      max = Math.max(max, m[off + k]);
    }
    double sum = 0;
    for (int k = 0; k < outputs; k++) {
      double e = Math.exp(m[off + k] - max);
      deriv[doff + k] = e;
      sum += e;
    }
    int y = (int) label;
    for (int k = 0; k < outputs; k++) {
      deriv[doff + k] /= sum;
    }
    deriv[doff + y] -= 1;
    return max + Math.log(sum) - m[off + y];
  }

  @Override
  public double curvature() {
    // The Hessian of log-sum-exp is diag(p) - p p^T, whose spectral norm is at most 1/2.
    return 0.5;
  }

  @Override
  public boolean isClassifier() {
    return true;
  }

  @Override
  public double predict(double[] m, int off, int outputs) {
    int best = 0;
    for (int k = 1; k < outputs; k++) {
      if (m[off + k] > m[off + best]) {
        best = k;
      }
    }
    return best;
  }

  @Override
  public void probabilities(double[] m, int off, int outputs, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < outputs; k++) {
      max = Math.max(max, m[off + k]);
    }
    double sum = 0;
    for (int k = 0; k < outputs; k++) {
      // Margins at +infinity share the probability (inf - inf would be NaN).
      out[k] = max == Double.POSITIVE_INFINITY ? (m[off + k] == max ? 1 : 0)
          : Math.exp(m[off + k] - max);
      sum += out[k];
    }
    for (int k = 0; k < outputs; k++) {
      out[k] /= sum;
    }
  }
}
