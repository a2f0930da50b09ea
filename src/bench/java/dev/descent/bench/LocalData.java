package dev.descent.bench;

import dev.descent.data.BenchAccess;
import dev.descent.data.Block;
import dev.descent.data.BlockBuilder;
import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import dev.descent.data.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition of a {@link DataSet} held on the driver as bare primitive arrays (row-major
 * dense values, or CSR), for the kernel measurements: the plain reference loop and the STREAM
 * read run on these arrays, and Descent's blocks are packed from the same rows.
 */
final class LocalData {
  final int rows;
  final int features;
  final double[] labels;
  /** Dense: row-major values; sparse: CSR values. */
  final double[] values;
  /** Sparse only: CSR row starts and column indices; null for dense data. */
  final int[] rowStart;
  final int[] cols;

  private LocalData(int rows, int features, double[] labels, double[] values, int[] rowStart,
      int[] cols) {
    this.rows = rows;
    this.features = features;
    this.labels = labels;
    this.values = values;
    this.rowStart = rowStart;
    this.cols = cols;
  }

  static LocalData generate(DataSet ds, int partition, int partitions) {
    int n = ds.rowsIn(partition, partitions);
    int k = ds.nonZeros();
    double[] labels = new double[n];
    double[] values = new double[Math.multiplyExact(n, k)];
    int[] rowStart = ds.isDense() ? null : new int[n + 1];
    int[] cols = ds.isDense() ? null : new int[values.length];
    int[] r = {0};
    ds.generate(partition, partitions, (label, c, v) -> {
      labels[r[0]] = label;
      System.arraycopy(v, 0, values, r[0] * k, k);
      if (c != null) {
        System.arraycopy(c, 0, cols, r[0] * k, k);
        rowStart[r[0] + 1] = (r[0] + 1) * k;
      }
      r[0]++;
    });
    return new LocalData(n, ds.features(), labels, values, rowStart, cols);
  }

  boolean isDense() {
    return cols == null;
  }

  /** Bytes of the arrays: what one pass of a kernel over them reads. */
  long bytes() {
    return 8L * labels.length + 8L * values.length
        + (cols == null ? 0 : 4L * cols.length + 4L * rowStart.length);
  }

  /** These rows packed into blocks of {@code targetBytes}, as Descent packs them. */
  List<Block> blocks(long targetBytes, Precision precision) {
    BlockBuilder builder = new BlockBuilder(targetBytes, precision);
    MutableRow row = new MutableRow();
    for (int r = 0; r < rows; r++) {
      row.clear();
      try {
        row.setLabel(labels[r], LabelDomain.BINARY, 0);
      } catch (dev.descent.data.BadRecord e) {
        throw new IllegalStateException(e.getMessage());
      }
      int from = isDense() ? r * features : rowStart[r];
      int to = isDense() ? from + features : rowStart[r + 1];
      for (int i = from; i < to; i++) {
        row.add(isDense() ? i - from : cols[i], values[i]);
      }
      builder.add(row);
    }
    return new ArrayList<>(builder.finish());
  }

  static long bytes(List<Block> blocks) {
    return BenchAccess.sizeInBytes(blocks);
  }
}
