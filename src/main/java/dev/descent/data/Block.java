package dev.descent.data;

import java.io.Serializable;

/**
 * A run of training rows packed into primitive arrays: labels, optional instance weights, and the
 * feature matrix (dense row-major or CSR, see subclasses). Blocks are built once per partition,
 * cached, and read by every training step; they are never modified after construction.
 *
 * <p>Linear-algebra entry points work on a selection of rows: {@code sel == null} means all
 * rows in order, otherwise {@code sel[0..count)} lists local row indices (ascending, for locality).
 * Coefficients are laid out per output {@code k} at {@code coef[k * stride + j]}; a block only
 * touches columns below its own {@link #width()}, which may be smaller than the model's.
 */
public abstract class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  protected final int rows;
  protected final double[] labels;
  protected final double[] weights; // null when every weight is 1

  protected Block(int rows, double[] labels, double[] weights) {
    this.rows = rows;
    this.labels = labels;
    this.weights = weights;
  }

  public final int rows() {
    return rows;
  }

  public final double label(int row) {
    return labels[row];
  }

  public final double weight(int row) {
    return weights == null ? 1.0 : weights[row];
  }

  /** The labels array (read-only by convention). */
  public final double[] labels() {
    return labels;
  }

  /** The weights array, or null when every weight is 1 (read-only by convention). */
  public final double[] weights() {
    return weights;
  }

  /** One past the largest column index stored in this block. */
  public abstract int width();

  /** How the feature values are stored. */
  public abstract Precision precision();

  /** Number of stored feature values. */
  public abstract long storedValues();

  /** Approximate bytes of the arrays this block holds. */
  abstract long sizeInBytes();

  /** Feature value at (row, column); for tests and diagnostics, not for hot loops. */
  public abstract double get(int row, int column);

  /**
   * Reads one value from each cache line of row {@code row}'s stored features and returns their
   * sum, so that the row is on its way from memory before a kernel needs it (Java has no
   * prefetch instruction), for a mini-batch's rows where they lie scattered over the partition
   * (single rows or short groups). The sum means nothing.
   */
  public abstract double touch(int row);

  /**
   * Copies row {@code row} into {@code out}: its stored label (also as the raw label), weight
   * and non-zero features. Used to re-pack rows, e.g. when holding some out for validation.
   */
  public abstract void copyRow(int row, MutableRow out);

  /** This block's rows with other instance weights (arrays shared, not copied); null = all 1. */
  public abstract Block withWeights(double[] weights);

  /**
   * For each selected row p: {@code out[p*outputs + k] = sum_j x[row,j] * coef[k*stride + j]}.
   * Intercepts are not included.
   */
  public abstract void margins(double[] coef, int stride, int outputs, int[] sel, int count,
      double[] out);

  /** For each selected row p and output k: {@code grad[k*stride + j] += mult[p*outputs + k] * x[row,j]}. */
  public abstract void addGradient(double[] mult, int outputs, int[] sel, int count,
      double[] grad, int stride);

  /**
   * Appends to {@code out[n..]} the columns the selected rows store (a dense row stores every
   * column) that {@code stamp} does not yet mark with {@code mark}, marking them; returns the new
   * length. How a step finds the coordinates its rows touch, in O(stored values).
   */
  public abstract int storedColumns(int[] sel, int count, int[] stamp, int mark, int[] out, int n);

  /**
   * {@code sums[j] += w_row * x[row,j]} over all rows (weights from this block), and
   * {@code maxAbs[j] = max(maxAbs[j], |x[row,j]|)} over the values it stores.
   */
  public abstract void addWeightedSums(double[] sums, double[] maxAbs);

  /**
   * Adds, per feature {@code j}, the weighted squared deviations from {@code mean[j]} of the
   * values this block stores, scaled by {@code scale[j]} (a power of two, so exactly),
   * {@code squares[j] += w_row ((x[row,j] - mean[j]) scale[j])^2}, and the weight and number of
   * the rows that store one, {@code storedWeight[j] += w_row}, {@code storedRows[j] += 1} (a
   * dense block stores every value, zeros too). Each row that stores no value of feature
   * {@code j} holds a zero, whose term the caller adds from the weight left over: every term is
   * non-negative, so nothing cancels however large the mean is next to the spread, and the scale
   * keeps the squares of tiny or huge deviations from underflowing or overflowing.
   */
  public abstract void addCenteredSquares(double[] mean, double[] scale, double[] squares,
      double[] storedWeight, long[] storedRows);

  /** Starts {@code out} as row {@code row}: cleared, with its label and weight. */
  protected final void startRow(int row, MutableRow out) {
    out.clear();
    out.label = labels[row];
    out.rawLabel = labels[row];
    out.weight = weight(row);
  }

  protected static int row(int[] sel, int p) {
    return sel == null ? p : sel[p];
  }
}
