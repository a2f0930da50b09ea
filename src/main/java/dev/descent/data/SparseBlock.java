package dev.descent.data;

/**
 * Rows stored in CSR form: row r holds {@code cols/vals[rowStart[r] .. rowStart[r+1])}, columns
 * ascending; values in double or float ({@link Precision}), exactly one of the two arrays held.
 */
public final class SparseBlock extends Block {
  private static final long serialVersionUID = 2L;

  private final int width;
  private final int[] rowStart;
  private final int[] cols;
  private final double[] vals;
  private final float[] floats;

  public SparseBlock(int rows, int width, int[] rowStart, int[] cols, double[] vals,
      double[] labels, double[] weights) {
    this(rows, width, rowStart, cols, vals, null, labels, weights);
  }

  public SparseBlock(int rows, int width, int[] rowStart, int[] cols, float[] vals,
      double[] labels, double[] weights) {
    this(rows, width, rowStart, cols, null, vals, labels, weights);
  }

  private SparseBlock(int rows, int width, int[] rowStart, int[] cols, double[] vals,
      float[] floats, double[] labels, double[] weights) {
    super(rows, labels, weights);
    int length = vals != null ? vals.length : floats.length;
    if (rowStart.length != rows + 1 || cols.length != length || rowStart[rows] != cols.length) {
      throw new IllegalArgumentException("inconsistent CSR arrays");
    }
    this.width = width;
    this.rowStart = rowStart;
    this.cols = cols;
    this.vals = vals;
    this.floats = floats;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public Precision precision() {
    return vals != null ? Precision.DOUBLE : Precision.FLOAT;
  }

  @Override
  public long storedValues() {
    return cols.length;
  }

  @Override
  long sizeInBytes() {
    return (4L + precision().bytes()) * cols.length + 4L * rowStart.length + 8L * labels.length
        + (weights == null ? 0 : 8L * weights.length);
  }

  @Override
  public double get(int row, int column) {
    for (int i = rowStart[row]; i < rowStart[row + 1]; i++) {
      if (cols[i] == column) {
        return value(i);
      }
    }
    return 0.0;
  }

  private double value(int i) {
    return vals != null ? vals[i] : floats[i];
  }

  @Override
  public double touch(int row) {
    int end = rowStart[row + 1];
    double sum = 0;
    for (int i = rowStart[row]; i < end; i += 8) { // 8 doubles (or 16 floats) to a line
      sum += value(i);
    }
    for (int i = rowStart[row]; i < end; i += 16) { // 16 ints to a line
      sum += cols[i];
    }
    return sum;
  }

  @Override
  public void copyRow(int row, MutableRow out) {
    startRow(row, out);
    for (int i = rowStart[row]; i < rowStart[row + 1]; i++) {
      out.add(cols[i], value(i));
    }
  }

  @Override
  public Block withWeights(double[] w) {
    return new SparseBlock(rows, width, rowStart, cols, vals, floats, labels, w);
  }

  @Override
  public void margins(double[] coef, int stride, int outputs, int[] sel, int count, double[] out) {
    for (int p = 0; p < count; p++) {
      int r = row(sel, p);
      int from = rowStart[r];
      int to = rowStart[r + 1];
      for (int k = 0; k < outputs; k++) {
        out[p * outputs + k] = vals != null
            ? ScalarKernels.sparseDot(vals, cols, from, to, coef, k * stride)
            : ScalarKernels.sparseDot(floats, cols, from, to, coef, k * stride);
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
        if (vals != null) {
          ScalarKernels.sparseAxpy(m, vals, cols, from, to, grad, k * stride);
        } else {
          ScalarKernels.sparseAxpy(m, floats, cols, from, to, grad, k * stride);
        }
      }
    }
  }

  @Override
  public int storedColumns(int[] sel, int count, int[] stamp, int mark, int[] out, int n) {
    int m = n;
    for (int p = 0; p < count; p++) {
      int r = row(sel, p);
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        int j = cols[i];
        if (stamp[j] != mark) {
          stamp[j] = mark;
          out[m++] = j;
        }
      }
    }
    return m;
  }

  @Override
  public void addWeightedSums(double[] sums, double[] maxAbs) {
    for (int r = 0; r < rows; r++) {
      double wr = weight(r);
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        int j = cols[i];
        double x = value(i);
        sums[j] += wr * x;
        maxAbs[j] = Math.max(maxAbs[j], Math.abs(x));
      }
    }
  }

  @Override
  public void addCenteredSquares(double[] mean, double[] scale, double[] squares,
      double[] storedWeight, long[] storedRows) {
    for (int r = 0; r < rows; r++) {
      double wr = weight(r);
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        int j = cols[i];
        double c = (value(i) - mean[j]) * scale[j];
        squares[j] += wr * c * c;
        storedWeight[j] += wr;
        storedRows[j]++;
      }
    }
  }

}
