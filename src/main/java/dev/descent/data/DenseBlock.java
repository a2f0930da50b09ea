package dev.descent.data;

/** Rows stored densely, row-major: value (r, j) at {@code values[r * width + j]}. */
public final class DenseBlock extends Block {
  private static final long serialVersionUID = 1L;

  private final int width;
  private final double[] values;

  public DenseBlock(int rows, int width, double[] values, double[] labels, double[] weights) {
    super(rows, labels, weights);
    if (values.length != (long) rows * width) {
      throw new IllegalArgumentException("values length " + values.length + " != " + rows + "x" + width);
    }
    this.width = width;
    this.values = values;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public long storedValues() {
    return values.length;
  }

  @Override
  public long sizeInBytes() {
    return 8L * values.length + 8L * labels.length + (weights == null ? 0 : 8L * weights.length);
  }

  @Override
  public double get(int row, int column) {
    return column < width ? values[row * width + column] : 0.0;
  }

  @Override
  public void copyRow(int row, MutableRow out) {
    out.clear();
    out.label = labels[row];
    out.rawLabel = labels[row];
    out.weight = weight(row);
    int base = row * width;
    for (int j = 0; j < width; j++) {
      if (values[base + j] != 0.0) {
        out.add(j, values[base + j]);
      }
    }
  }

  @Override
  public Block withWeights(double[] w) {
    return new DenseBlock(rows, width, values, labels, w);
  }

  @Override
  public void margins(double[] coef, int stride, int outputs, int[] sel, int count, double[] out) {
    final double[] x = values;
    final int w = width;
    for (int p = 0; p < count; p++) {
      int base = row(sel, p) * w;
      for (int k = 0; k < outputs; k++) {
        out[p * outputs + k] = Kernels.dot(x, base, coef, k * stride, w);
      }
    }
  }

  @Override
  public void addGradient(double[] mult, int outputs, int[] sel, int count, double[] grad,
      int stride) {
    final double[] x = values;
    final int w = width;
    for (int p = 0; p < count; p++) {
      int base = row(sel, p) * w;
      for (int k = 0; k < outputs; k++) {
        double m = mult[p * outputs + k];
        if (m != 0.0) {
          Kernels.axpy(m, x, base, grad, k * stride, w);
        }
      }
    }
  }

  @Override
  public void addWeightedSums(double[] sums) {
    for (int r = 0; r < rows; r++) {
      Kernels.axpy(weight(r), values, r * width, sums, 0, width);
    }
  }

  @Override
  public void addCenteredSquares(double[] mean, double[] acc) {
    for (int r = 0; r < rows; r++) {
      double wr = weight(r);
      int base = r * width;
      for (int j = 0; j < width; j++) {
        double c = values[base + j] - mean[j];
        acc[j] += wr * (c * c - mean[j] * mean[j]);
      }
    }
  }
}
