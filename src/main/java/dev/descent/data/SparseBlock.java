package dev.descent.data;

/** Rows stored in CSR form: row r holds {@code cols/vals[rowStart[r] .. rowStart[r+1])}, columns ascending. */
public final class SparseBlock extends Block {
  private static final long serialVersionUID = 1L;

  private final int width;
  private final int[] rowStart;
  private final int[] cols;
  private final double[] vals;

  public SparseBlock(int rows, int width, int[] rowStart, int[] cols, double[] vals,
      double[] labels, double[] weights) {
    super(rows, labels, weights);
    if (rowStart.length != rows + 1 || cols.length != vals.length
        || rowStart[rows] != cols.length) {
      throw new IllegalArgumentException("inconsistent CSR arrays");
    }
    this.width = width;
    this.rowStart = rowStart;
    this.cols = cols;
    this.vals = vals;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public long storedValues() {
    return vals.length;
  }

  @Override
  public long sizeInBytes() {
    return 12L * vals.length + 4L * rowStart.length + 8L * labels.length
        + (weights == null ? 0 : 8L * weights.length);
  }

  @Override
  public double get(int row, int column) {
    for (int i = rowStart[row]; i < rowStart[row + 1]; i++) {
      if (cols[i] == column) {
        return vals[i];
      }
    }
    return 0.0;
  }

  @Override
  public void copyRow(int row, MutableRow out) {
    out.clear();
    out.label = labels[row];
    out.rawLabel = labels[row];
    out.weight = weight(row);
    for (int i = rowStart[row]; i < rowStart[row + 1]; i++) {
      out.add(cols[i], vals[i]);
    }
  }

  @Override
  public Block withWeights(double[] w) {
    return new SparseBlock(rows, width, rowStart, cols, vals, labels, w);
  }

  @Override
  public void margins(double[] coef, int stride, int outputs, int[] sel, int count, double[] out) {
    for (int p = 0; p < count; p++) {
      int r = row(sel, p);
      int from = rowStart[r];
      int to = rowStart[r + 1];
      for (int k = 0; k < outputs; k++) {
        int off = k * stride;
        double s = 0.0;
        for (int i = from; i < to; i++) {
          s += vals[i] * coef[off + cols[i]];
        }
        out[p * outputs + k] = s;
      }
    }
  }

  @Override
  public void addGradient(double[] mult, int outputs, int[] sel, int count, double[] grad,
      int stride) {
    for (int p = 0; p < count; p++) {
      int r = row(sel, p);
      int from = rowStart[r];
      int to = rowStart[r + 1];
      for (int k = 0; k < outputs; k++) {
        double m = mult[p * outputs + k];
        if (m == 0.0) {
          continue;
        }
        int off = k * stride;
        for (int i = from; i < to; i++) {
          grad[off + cols[i]] += m * vals[i];
        }
      }
    }
  }

  @Override
  public void addWeightedSums(double[] sums) {
    for (int r = 0; r < rows; r++) {
      double wr = weight(r);
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        sums[cols[i]] += wr * vals[i];
      }
    }
  }

  @Override
  public void addCenteredSquares(double[] mean, double[] acc) {
    for (int r = 0; r < rows; r++) {
      double wr = weight(r);
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        int j = cols[i];
        double c = vals[i] - mean[j];
        acc[j] += wr * (c * c - mean[j] * mean[j]);
      }
    }
  }
}
