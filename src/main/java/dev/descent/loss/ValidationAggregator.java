package dev.descent.loss;

import dev.descent.data.Block;
import dev.descent.data.SumVector;
import java.io.Serializable;

/**
 * Weighted loss and (for classifiers) accuracy of a model on rows it was not trained on: the
 * treeAggregate value of the per-epoch validation pass. Allocates nothing per row; its scratch
 * buffers are per task.
 */
public final class ValidationAggregator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final SumVector sums = new SumVector(3); // loss, weight, correctly classified weight

  private transient double[] margins;
  private transient double[] multipliers;

  public ValidationAggregator add(Block block, double[] coef, ParameterLayout layout, Loss loss) {
    int n = block.rows();
    int k = layout.outputs();
    if (margins == null || margins.length < n * k) {
      margins = new double[n * k];
      multipliers = new double[n * k];
    }
    block.margins(coef, layout.numFeatures(), k, null, n, margins);
    if (layout.intercept()) {
      for (int p = 0; p < n; p++) {
        for (int c = 0; c < k; c++) {
          margins[p * k + c] += coef[layout.interceptIndex(c)];
        }
      }
    }
    double[] s = sums.values();
    s[0] += loss.blockLoss(n, k, margins, block.labels(), block.weights(), null, multipliers);
    for (int r = 0; r < n; r++) {
      double w = block.weight(r);
      s[1] += w;
      if (loss.isClassifier() && Metrics.correct(loss, margins, r * k, k, block.label(r))) {
        s[2] += w;
      }
    }
    return this;
  }

  /** Adds {@code o} into this (order-free, see {@link SumVector}) and returns this. */
  public ValidationAggregator merge(ValidationAggregator o) {
    sums.merge(o.sums);
    return this;
  }

  /** Weighted mean loss. */
  public double loss() {
    return sums.values()[0] / sums.values()[1];
  }

  /** Accuracy ({@link Metrics}) for classifiers, NaN for regression. */
  public double accuracy(Loss loss) {
    return loss.isClassifier() ? Metrics.accuracy(sums.values()[2], sums.values()[1])
        : Double.NaN;
  }
}
