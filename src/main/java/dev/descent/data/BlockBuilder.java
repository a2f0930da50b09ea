package dev.descent.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs rows into {@link Block}s of about {@link #TARGET_BYTES} of feature data each, so a block
 * stays in a core's L2 cache between the margin and the gradient pass over it (the second pass
 * then costs no memory traffic). Each block is stored dense or sparse, whichever is smaller, with
 * values in double or float ({@link Precision}): a float block holds twice the rows.
 */
public final class BlockBuilder {
  /**
   * Feature bytes per block; a block is closed when adding a row would pass it. Measured
   * (docs/performance.md): 64 KiB to 1 MiB blocks run within a few percent of each other on
   * dense data, smaller ones pay per-block overhead, larger ones fall out of L2.
   */
  static final long TARGET_BYTES = 256 * 1024;

  private final long targetBytes;
  private final Precision precision;
  private final List<Block> blocks = new ArrayList<>();

  private int rows;
  private double[] labels = new double[64];
  private double[] weights; // allocated at the first weight that is not 1
  private int[] rowStart = new int[65];
  private int[] cols = new int[256];
  private double[] vals = new double[256];
  private int nnz;
  private int width;

  public BlockBuilder() {
    this(TARGET_BYTES, Precision.DOUBLE);
  }

  public BlockBuilder(long targetBytes) {
    this(targetBytes, Precision.DOUBLE);
  }

  public BlockBuilder(long targetBytes, Precision precision) {
    this.targetBytes = targetBytes;
    this.precision = precision;
  }

  /**
   * Why {@code row} cannot be stored in {@code precision}, or null if it can: float storage
   * holds magnitudes up to about 3.4e38 (smaller values round to the nearest float, and values
   * below about 1.4e-45 to zero).
   */
  public static String problemStoring(MutableRow row, Precision precision) {
    if (precision == Precision.FLOAT) {
      for (int i = 0; i < row.size; i++) {
        if (Math.abs(row.values[i]) > Float.MAX_VALUE) {
          return "feature " + (row.indices[i] + 1) + " = " + row.values[i] + " is beyond the"
              + " float range (about 3.4e38); use precision=double";
        }
      }
    }
    return null;
  }

  /** Appends one row; closes the current block first if the row would overfill it. */
  public void add(MutableRow row) {
    int newWidth = Math.max(width, row.width());
    if (rows > 0 && Math.min(denseBytes(rows + 1, newWidth), sparseBytes(rows + 1, nnz + row.size))
        > targetBytes) {
      flush();
      newWidth = row.width();
    }
    if (rows == labels.length) {
      labels = Arrays.copyOf(labels, rows * 2);
      rowStart = Arrays.copyOf(rowStart, rows * 2 + 1);
      if (weights != null) {
        weights = Arrays.copyOf(weights, rows * 2);
      }
    }
    if (nnz + row.size > cols.length) {
      int capacity = Math.max(cols.length * 2, nnz + row.size);
      cols = Arrays.copyOf(cols, capacity);
      vals = Arrays.copyOf(vals, capacity);
    }
    labels[rows] = row.label;
    if (row.weight != 1.0 && weights == null) {
      weights = new double[labels.length];
      Arrays.fill(weights, 0, rows, 1.0);
    }
    if (weights != null) {
      weights[rows] = row.weight;
    }
    System.arraycopy(row.indices, 0, cols, nnz, row.size);
    System.arraycopy(row.values, 0, vals, nnz, row.size);
    nnz += row.size;
    rows++;
    rowStart[rows] = nnz;
    width = newWidth;
  }

  /** Closes the current block, if it has rows. */
  public void flush() {
    if (rows == 0) {
      return;
    }
    double[] l = Arrays.copyOf(labels, rows);
    double[] w = weights == null ? null : Arrays.copyOf(weights, rows);
    boolean floats = precision == Precision.FLOAT;
    if (denseBytes(rows, width) <= sparseBytes(rows, nnz)) {
      if (floats) {
        float[] dense = new float[rows * width];
        for (int r = 0; r < rows; r++) {
          for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
            dense[r * width + cols[i]] = (float) vals[i];
          }
        }
        blocks.add(new DenseBlock(rows, width, dense, l, w));
      } else {
        double[] dense = new double[rows * width];
        for (int r = 0; r < rows; r++) {
          for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
            dense[r * width + cols[i]] = vals[i];
          }
        }
        blocks.add(new DenseBlock(rows, width, dense, l, w));
      }
    } else {
      int[] start = Arrays.copyOf(rowStart, rows + 1);
      int[] c = Arrays.copyOf(cols, nnz);
      if (floats) {
        float[] v = new float[nnz];
        for (int i = 0; i < nnz; i++) {
          v[i] = (float) vals[i];
        }
        blocks.add(new SparseBlock(rows, width, start, c, v, l, w));
      } else {
        blocks.add(new SparseBlock(rows, width, start, c, Arrays.copyOf(vals, nnz), l, w));
      }
    }
    rows = 0;
    nnz = 0;
    width = 0;
    weights = null;
  }

  /** The blocks built so far, after closing the current one. */
  public List<Block> finish() {
    flush();
    return blocks;
  }

  private long denseBytes(long rows, long width) {
    return precision.bytes() * rows * width;
  }

  private long sparseBytes(long rows, long nnz) {
    return (4L + precision.bytes()) * nnz + 4 * rows;
  }
}
