package dev.descent.loss;

import dev.descent.data.Block;
import dev.descent.data.SumVector;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Sums of loss, gradient and weight over the rows it has seen: the value a training step's
 * treeAggregate carries. {@link #add} folds in a block (or a selection of its rows), {@link #merge}
 * combines two partial sums. Gradients are raw sums (not yet divided by the total weight), of
 * {@code +dLoss/dParameter}, in the layout of {@link ParameterLayout}.
 *
 * <p>The gradient array is allocated at the first {@link #add}, so the empty aggregator that
 * Spark ships to every task as the zero value costs a few bytes, not a parameter vector.
 *
 * <p>Reproducible sums: Spark merges partial sums in the order tasks finish, and floating-point
 * addition is not associative, so {@link #merge} adds in double-double arithmetic
 * ({@link SumVector}); the same data in the same partitions gives bitwise the same steps.
 */
public final class GradientAggregator implements Serializable {
  private static final long serialVersionUID = 1L;

  private SumVector gradient;
  private final SumVector scalars = new SumVector(2); // loss sum, weight sum
  private long rows;

  private transient double[] margins;
  private transient double[] multipliers;

  /**
   * Adds the rows {@code sel[0..count)} of {@code block} ({@code sel == null}: all rows) at the
   * raw-feature coefficients {@code coef}.
   */
  public GradientAggregator add(Block block, int[] sel, int count, double[] coef,
      ParameterLayout layout, Loss loss) {
    if (count == 0) {
      return this;
    }
    int k = layout.outputs();
    int d = layout.numFeatures();
    if (gradient == null) {
      gradient = new SumVector(layout.size());
    }
    double[] g = gradient.values();
    if (margins == null || margins.length < count * k) {
      margins = new double[count * k];
      multipliers = new double[count * k];
    }
    block.margins(coef, d, k, sel, count, margins);
    if (layout.intercept()) {
      for (int p = 0; p < count; p++) {
        for (int c = 0; c < k; c++) {
          margins[p * k + c] += coef[layout.interceptIndex(c)];
        }
      }
    }
    double[] sums = scalars.values();
    sums[0] += loss.blockLoss(count, k, margins, block.labels(), block.weights(), sel, multipliers);
    block.addGradient(multipliers, k, sel, count, g, d);
    if (layout.intercept()) {
      for (int p = 0; p < count; p++) {
        for (int c = 0; c < k; c++) {
          g[layout.interceptIndex(c)] += multipliers[p * k + c];
        }
      }
    }
    double[] w = block.weights();
    if (w == null) {
      sums[1] += count;
    } else {
      for (int p = 0; p < count; p++) {
        sums[1] += w[sel == null ? p : sel[p]];
      }
    }
    rows += count;
    return this;
  }

  /**
   * Empties this aggregator for the next batch, keeping its arrays: a partition's local steps
   * reuse one aggregator rather than allocating a parameter vector per step.
   */
  public GradientAggregator reset() {
    if (gradient != null) {
      gradient.clear();
    }
    return resetSums();
  }

  /**
   * Empties the loss and weight sums and the row count but keeps the gradient, which the caller
   * has set back to zero wherever the last {@link #add} wrote: a step over sparse rows zeroes the
   * coordinates its rows touched, O(non-zeros) instead of O(parameters).
   */
  public GradientAggregator resetSums() {
    scalars.clear();
    rows = 0;
    return this;
  }

  /** Adds {@code other} into this aggregator and returns this; see the class doc on order. */
  public GradientAggregator merge(GradientAggregator other) {
    if (other.gradient != null) {
      gradient = gradient == null ? other.gradient.copy() : gradient.merge(other.gradient);
    }
    scalars.merge(other.scalars);
    rows += other.rows;
    return this;
  }

  /** Sum over rows of {@code v_i * loss_i}. */
  public double lossSum() {
    return scalars.values()[0];
  }

  /** Sum of the instance weights of the rows seen. */
  public double weightSum() {
    return scalars.values()[1];
  }

  public long rows() {
    return rows;
  }

  /** Sum over rows of {@code v_i * dLoss_i/dParameter}; zeros if no row was seen. */
  public double[] gradientSum(int size) {
    return gradient == null ? new double[size] : gradient.values();
  }

  @Override
  public String toString() {
    return "GradientAggregator[rows=" + rows + ", loss=" + lossSum() + ", weight=" + weightSum()
        + ", gradient=" + (gradient == null ? "none" : Arrays.toString(
            Arrays.copyOf(gradient.values(), Math.min(gradient.size(), 8)))) + "]";
  }
}
