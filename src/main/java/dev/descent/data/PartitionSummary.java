package dev.descent.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What packing one partition learned about its rows; summaries merge associatively into the
 * summary of the whole input. Small: O(number of classes), never O(rows) or O(features).
 */
public final class PartitionSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  long rows;
  double weightSum;
  int width;
  long storedValues;
  long bytes;
  double labelMin = Double.POSITIVE_INFINITY;
  double labelMax = Double.NEGATIVE_INFINITY;
  double labelWeightedSum;
  /** Rows per encoded class label (binary and multinomial losses), grown as labels appear. */
  long[] classCounts = new long[0];
  /** First rows with raw label 0 and -1, to report files that mix the two binary conventions. */
  Location firstZero;
  Location firstMinusOne;
  /** The first row with the largest feature index, to name when the dimension is implausible. */
  Location widest;
  /** Malformed records dropped under onBadRecord=skip. */
  SkippedRecords skipped = new SkippedRecords();

  /** Records one accepted row. */
  void addRow(MutableRow row, LabelDomain domain, Where where) {
    rows++;
    weightSum += row.weight;
    if (row.width() > width) {
      width = row.width();
      widest = where.get();
    }
    storedValues += row.size;
    labelMin = Math.min(labelMin, row.rawLabel);
    labelMax = Math.max(labelMax, row.rawLabel);
    labelWeightedSum += row.weight * row.label;
    if (domain != LabelDomain.REAL) {
      int c = (int) row.label;
      if (c >= classCounts.length) {
        classCounts = Arrays.copyOf(classCounts, c + 1);
      }
      classCounts[c]++;
    }
    if (domain == LabelDomain.BINARY) {
      if (row.rawLabel == 0.0 && firstZero == null) {
        firstZero = where.get();
      } else if (row.rawLabel == -1.0 && firstMinusOne == null) {
        firstMinusOne = where.get();
      }
    }
  }

  /** Lazily built location, so that the common case allocates nothing per row. */
  interface Where {
    Location get();
  }

  /** This summary for the same rows with the weights of {@code blocks}. */
  PartitionSummary reweighted(List<Block> blocks) {
    PartitionSummary m = merge(new PartitionSummary());
    m.weightSum = 0;
    m.labelWeightedSum = 0;
    for (Block b : blocks) {
      for (int r = 0; r < b.rows(); r++) {
        m.weightSum += b.weight(r);
        m.labelWeightedSum += b.weight(r) * b.label(r);
      }
    }
    return m;
  }

  public PartitionSummary merge(PartitionSummary o) {
    PartitionSummary m = new PartitionSummary();
    m.rows = rows + o.rows;
    m.weightSum = weightSum + o.weightSum;
    m.width = Math.max(width, o.width);
    m.widest = o.width > width ? o.widest : widest;
    m.storedValues = storedValues + o.storedValues;
    m.bytes = bytes + o.bytes;
    m.labelMin = Math.min(labelMin, o.labelMin);
    m.labelMax = Math.max(labelMax, o.labelMax);
    m.labelWeightedSum = labelWeightedSum + o.labelWeightedSum;
    m.classCounts = Arrays.copyOf(classCounts, Math.max(classCounts.length, o.classCounts.length));
    for (int i = 0; i < o.classCounts.length; i++) {
      m.classCounts[i] += o.classCounts[i];
    }
    m.firstZero = firstZero != null ? firstZero : o.firstZero;
    m.firstMinusOne = firstMinusOne != null ? firstMinusOne : o.firstMinusOne;
    m.skipped = skipped.merge(o.skipped);
    return m;
  }

  public long rows() {
    return rows;
  }

  public double weightSum() {
    return weightSum;
  }

  /** One past the largest feature index seen. */
  public int width() {
    return width;
  }

  public long storedValues() {
    return storedValues;
  }

  /** Where the first row of {@link #width()} is, or null if no row has features. */
  public Location widest() {
    return widest;
  }

  /** Bytes of the packed arrays. */
  public long bytes() {
    return bytes;
  }

  /** Smallest and largest label as written in the input. */
  public double labelMin() {
    return labelMin;
  }

  public double labelMax() {
    return labelMax;
  }

  /** Weighted mean of the stored labels. */
  public double labelMean() {
    return labelWeightedSum / weightSum;
  }

  /** Rows per class (encoded labels), for classification losses. */
  public long[] classCounts() {
    return classCounts.clone();
  }

  public Location firstZeroLabel() {
    return firstZero;
  }

  public Location firstMinusOneLabel() {
    return firstMinusOne;
  }

  /** Records dropped as malformed (onBadRecord=skip); none otherwise. */
  public SkippedRecords skipped() {
    return skipped;
  }
}
