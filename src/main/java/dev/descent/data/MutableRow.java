package dev.descent.data;

import java.util.Arrays;

/** One parsed record, reused from line to line: label, instance weight, and sparse features (0-based). */
public final class MutableRow {
  double label;
  double rawLabel;
  double weight = 1.0;
  int size;
  int[] indices = new int[16];
  double[] values = new double[16];

  public void clear() {
    label = 0;
    weight = 1.0;
    size = 0;
  }

  public void add(int index, double value) {
    if (size == indices.length) {
      indices = Arrays.copyOf(indices, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    indices[size] = index;
    values[size] = value;
    size++;
  }

  /** The label as stored for training (see {@link LabelDomain#encode}). */
  public double label() {
    return label;
  }

  /** The label as written in the input. */
  public double rawLabel() {
    return rawLabel;
  }

  public double weight() {
    return weight;
  }

  public int size() {
    return size;
  }

  public int index(int i) {
    return indices[i];
  }

  public double value(int i) {
    return values[i];
  }

  /** One past the largest feature index, or 0 for a row with no features. */
  public int width() {
    return size == 0 ? 0 : indices[size - 1] + 1;
  }

  /** Sets the label, validated and encoded for {@code domain}. */
  public void setLabel(double raw, LabelDomain domain, int numClasses) throws BadRecord {
    if (!Double.isFinite(raw)) {
      throw new BadRecord("label " + raw + " is not a finite number");
    }
    this.rawLabel = raw;
    this.label = domain.encode(raw, numClasses);
  }

  /** Sets a validated instance weight (see {@link Numbers#MAX_MAGNITUDE}). */
  public void setWeight(double weight) throws BadRecord {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new BadRecord("instance weight " + weight + " is not a finite number >= 0");
    }
    Numbers.checkMagnitude(weight, "instance weight");
    this.weight = weight;
  }

  /**
   * Adds features from arrays, checking what a file parser would: finite values whose squares
   * are finite ({@link Numbers#MAX_MAGNITUDE}), strictly
   * increasing indices, and indices below {@code numFeatures} when it is given (> 0).
   *
   * @param indices 0-based indices, or null for a dense vector
   */
  public void addFeatures(int[] indices, double[] values, int numFeatures) throws BadRecord {
    if (indices == null && numFeatures > 0 && values.length != numFeatures) {
      throw new BadRecord("has " + values.length + " features but numFeatures=" + numFeatures);
    }
    int previous = -1;
    for (int i = 0; i < values.length; i++) {
      int index = indices == null ? i : indices[i];
      if (index <= previous) {
        throw new BadRecord("feature index " + index + " follows index " + previous
            + ": indices must be strictly increasing");
      }
      if (numFeatures > 0 && index >= numFeatures) {
        throw new BadRecord("feature index " + index + " (0-based) is not below numFeatures="
            + numFeatures);
      }
      if (!Double.isFinite(values[i])) {
        throw new BadRecord("feature " + index + " has non-finite value " + values[i]);
      }
      if (Math.abs(values[i]) > Numbers.MAX_MAGNITUDE) {
        throw Numbers.tooLarge(values[i], "feature " + index + " =");
      }
      add(index, values[i]);
      previous = index;
    }
  }
}
