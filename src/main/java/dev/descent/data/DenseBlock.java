package dev.descent.data;

/**
 * Rows stored densely, row-major: value (r, j) at {@code values[r * width + j]}, in double or
 * float ({@link Precision}); exactly one of the two arrays is held.
 */
public final class DenseBlock extends Block {
  private static final long serialVersionUID = 2L;

  private final int width;
  private final double[] values;
  private final float[] floats;

  public DenseBlock(int rows, int width, double[] values, double[] labels, double[] weights) {
    this(rows, width, values, null, labels, weights);
  }

  public DenseBlock(int rows, int width, float[] values, double[] labels, double[] weights) {
    this(rows, width, null, values, labels, weights);
  }

  private DenseBlock(int rows, int width, double[] values, float[] floats, double[] labels,
      double[] weights) {
    super(rows, labels, weights);
    long length = values != null ? values.length : floats.length;
    if (length != (long) rows * width) {
      throw new IllegalArgumentException("values length " + length + " != " + rows + "x" + width);
    }
    this.width = width;
    this.values = values;
    this.floats = floats;
  }

  /**
   * A block of row {@code row[i]} of block {@code from[block[i]]}, for i in order: every block
   * so named dense, of width {@code width} and in precision {@code precision}. How a partition is
   * shuffled without re-packing its rows one value at a time.
   */
  static DenseBlock gather(Block[] from, int[] block, int[] row, int width, Precision precision) {
    int m = row.length;
    double[] labels = new double[m];
    double[] weights = null;
    double[] values = precision == Precision.DOUBLE ? new double[m * width] : null;
    float[] floats = values == null ? new float[m * width] : null;
    for (int i = 0; i < m; i++) {
      DenseBlock b = (DenseBlock) from[block[i]];
      int r = row[i];
      labels[i] = b.labels[r];
      if (b.weights != null && weights == null) {
        weights = new double[m];
        java.util.Arrays.fill(weights, 0, i, 1.0);
      }
      if (weights != null) {
        weights[i] = b.weight(r);
      }
      if (values != null) {
        System.arraycopy(b.values, r * width, values, i * width, width);
      } else {
        System.arraycopy(b.floats, r * width, floats, i * width, width);
      }
    }
    return new DenseBlock(m, width, values, floats, labels, weights);
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public Precision precision() {
    return values != null ? Precision.DOUBLE : Precision.FLOAT;
  }

  @Override
  public long storedValues() {
    return (long) rows * width;
  }

  @Override
  long sizeInBytes() {
    return storedValues() * precision().bytes() + 8L * labels.length
        + (weights == null ? 0 : 8L * weights.length);
  }

  @Override
  public double get(int row, int column) {
    if (column >= width) {
      return 0.0;
    }
    return values != null ? values[row * width + column] : floats[row * width + column];
  }

  @Override
  public double touch(int row) {
    int base = row * width;
    double sum = 0;
    if (width == 0) {
      return sum;
    }
    if (values != null) {
      for (int j = 0; j < width; j += 8) { // 8 doubles to a 64-byte line
        sum += values[base + j];
      }
      return sum + values[base + width - 1];
    }
    for (int j = 0; j < width; j += 16) {
      sum += floats[base + j];
    }
    return sum + floats[base + width - 1];
  }

  @Override
  public void copyRow(int row, MutableRow out) {
    startRow(row, out);
    int base = row * width;
    for (int j = 0; j < width; j++) {
      double v = values != null ? values[base + j] : floats[base + j];
      if (v != 0.0) {
        out.add(j, v);
      }
    }
  }

  @Override
  public Block withWeights(double[] w) {
    return new DenseBlock(rows, width, values, floats, labels, w);
  }

  @Override
  public void margins(double[] coef, int stride, int outputs, int[] sel, int count, double[] out) {
    // One small method per storage type keeps each within the JIT's inlining budget, so the
    // vector kernels are compiled into their callers as SIMD code. Margins go row by row: a
    // four-row dot product (one coefficient load for four rows) measured slower.
    for (int k = 0; k < outputs; k++) {
      if (values != null) {
        margins(values, width, coef, k * stride, sel, count, out, k, outputs);
      } else {
        margins(floats, width, coef, k * stride, sel, count, out, k, outputs);
      }
    }
  }

  private static void margins(double[] x, int w, double[] coef, int c, int[] sel, int count,
      double[] out, int k, int outputs) {
    for (int p = 0; p < count; p++) {
      out[p * outputs + k] = Kernels.dot(x, row(sel, p) * w, coef, c, w);
    }
  }

  private static void margins(float[] x, int w, double[] coef, int c, int[] sel, int count,
      double[] out, int k, int outputs) {
    for (int p = 0; p < count; p++) {
      out[p * outputs + k] = Kernels.dot(x, row(sel, p) * w, coef, c, w);
    }
  }

  @Override
  public void addGradient(double[] mult, int outputs, int[] sel, int count, double[] grad,
      int stride) {
    for (int k = 0; k < outputs; k++) {
      if (values != null) {
        addGradient(values, width, mult, k, outputs, sel, count, grad, k * stride);
      } else {
        addGradient(floats, width, mult, k, outputs, sel, count, grad, k * stride);
      }
    }
  }

  private static void addGradient(double[] x, int w, double[] mult, int k, int outputs,
      int[] sel, int count, double[] grad, int c) {
    int p = 0;
    for (; p + 3 < count; p += 4) {
      Kernels.axpy4(mult[p * outputs + k], mult[(p + 1) * outputs + k],
          mult[(p + 2) * outputs + k], mult[(p + 3) * outputs + k], x, row(sel, p) * w,
          row(sel, p + 1) * w, row(sel, p + 2) * w, row(sel, p + 3) * w, grad, c, w);
    }
    for (; p < count; p++) {
      Kernels.axpy(mult[p * outputs + k], x, row(sel, p) * w, grad, c, w);
    }
  }

  private static void addGradient(float[] x, int w, double[] mult, int k, int outputs,
      int[] sel, int count, double[] grad, int c) {
    int p = 0;
    for (; p + 3 < count; p += 4) {
      Kernels.axpy4(mult[p * outputs + k], mult[(p + 1) * outputs + k],
          mult[(p + 2) * outputs + k], mult[(p + 3) * outputs + k], x, row(sel, p) * w,
          row(sel, p + 1) * w, row(sel, p + 2) * w, row(sel, p + 3) * w, grad, c, w);
    }
    for (; p < count; p++) {
      Kernels.axpy(mult[p * outputs + k], x, row(sel, p) * w, grad, c, w);
    }
  }

  @Override
  public int storedColumns(int[] sel, int count, int[] stamp, int mark, int[] out, int n) {
    int m = n;
    if (count > 0) {
      for (int j = 0; j < width; j++) {
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
      int base = r * width;
      if (values != null) {
        Kernels.axpy(weight(r), values, base, sums, 0, width);
      } else {
        Kernels.axpy(weight(r), floats, base, sums, 0, width);
      }
      for (int j = 0; j < width; j++) {
        maxAbs[j] = Math.max(maxAbs[j], Math.abs(values != null ? values[base + j]
            : floats[base + j]));
      }
    }
  }

  @Override
  public void addCenteredSquares(double[] mean, double[] scale, double[] squares,
      double[] storedWeight, long[] storedRows) {
    double blockWeight = 0;
    for (int r = 0; r < rows; r++) {
      double wr = weight(r);
      blockWeight += wr;
      int base = r * width;
      for (int j = 0; j < width; j++) {
        double c = ((values != null ? values[base + j] : floats[base + j]) - mean[j])
            * scale[j];
        squares[j] += wr * c * c;
      }
    }
    for (int j = 0; j < width; j++) {
      storedWeight[j] += blockWeight;
      storedRows[j] += rows;
    }
  }

}
