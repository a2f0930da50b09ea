package dev.descent.model;

import dev.descent.data.MutableRow;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained linear model on the original feature scale: {@code K} weight vectors of
 * {@code numFeatures} and {@code K} intercepts, with the loss that defines how margins become
 * predictions. Immutable; needs no Spark to load or use (see {@link ModelJson}).
 */
public final class LinearModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Loss loss;
  private final int numFeatures;
  private final int numClasses;
  private final double[][] weights;
  private final double[] intercepts;
  private final boolean fitIntercept;
  private final Map<String, String> settings;

  /**
   * @param numClasses 0 for regression, 2 for binary classifiers, K for softmax
   * @param weights one array of {@code numFeatures} per output
   * @param intercepts one per output (zeros when no intercept was fitted)
   * @param settings the settings the model was trained with, for the record
   */
  public LinearModel(String loss, int numFeatures, int numClasses, double[][] weights,
      double[] intercepts, boolean fitIntercept, Map<String, String> settings) {
    this.loss = Losses.byName(loss);
    int outputs = this.loss.outputs(numClasses);
    if (weights.length != outputs || intercepts.length != outputs) {
      throw new IllegalArgumentException(loss + " with " + numClasses + " classes needs "
          + outputs + " weight vectors and intercepts, got " + weights.length + " and "
          + intercepts.length);
    }
    for (double[] w : weights) {
      if (w.length != numFeatures) {
        throw new IllegalArgumentException("weight vector of length " + w.length
            + " for numFeatures=" + numFeatures);
      }
    }
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
    this.weights = deepCopy(weights);
    this.intercepts = intercepts.clone();
    this.fitIntercept = fitIntercept;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  public Loss loss() {
    return loss;
  }

  public String lossName() {
    return loss.name();
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** 0 for regression, otherwise the number of classes. */
  public int numClasses() {
    return numClasses;
  }

  /** Number of margins per row: 1, or the number of classes for softmax. */
  public int outputs() {
    return weights.length;
  }

  /** A copy of output {@code k}'s weights. */
  public double[] weights(int k) {
    return weights[k].clone();
  }

  public double intercept(int k) {
    return intercepts[k];
  }

  public boolean fitIntercept() {
    return fitIntercept;
  }

  public Map<String, String> settings() {
    return settings;
  }

  public boolean isClassifier() {
    return loss.isClassifier();
  }

  /** Margins of a dense feature vector of length {@link #numFeatures()}. */
  public double[] margins(double[] x) {
    if (x.length != numFeatures) {
      throw new IllegalArgumentException("expected " + numFeatures + " features, got " + x.length);
    }
    double[] m = new double[outputs()];
    for (int k = 0; k < m.length; k++) {
      double s = intercepts[k];
      for (int j = 0; j < numFeatures; j++) {
        s += weights[k][j] * x[j];
      }
      m[k] = s;
    }
    return m;
  }

  /**
   * Margins of a parsed row into {@code out}; the row's indices must be below
   * {@link #numFeatures()} (callers check and report the offending line).
   */
  public void margins(MutableRow row, double[] out) {
    for (int k = 0; k < outputs(); k++) {
      double s = intercepts[k];
      double[] w = weights[k];
      for (int i = 0; i < row.size(); i++) {
        s += w[row.index(i)] * row.value(i);
      }
      out[k] = s;
    }
  }

  /** Prediction for margins: the value (regression) or class index. */
  public double predict(double[] margins) {
    return loss.predict(margins, 0, margins.length);
  }

  /** Class probabilities for margins, or null if the loss has none (regression, hinge). */
  public double[] probabilities(double[] margins) {
    if (!loss.hasProbabilities()) {
      return null;
    }
    double[] p = new double[Math.max(numClasses, 2)];
    loss.probabilities(margins, 0, margins.length, p);
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearModel m && m.loss.name().equals(loss.name())
        && m.numFeatures == numFeatures && m.numClasses == numClasses
        && Arrays.deepEquals(m.weights, weights) && Arrays.equals(m.intercepts, intercepts)
        && m.fitIntercept == fitIntercept;
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(weights) * 31 + Arrays.hashCode(intercepts);
  }

  @Override
  public String toString() {
    return "LinearModel[" + loss.name() + ", " + numFeatures + " features, " + outputs()
        + " outputs]";
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
