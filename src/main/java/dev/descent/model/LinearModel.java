package dev.descent.model;

import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained linear model on the original feature scale: {@code K} weight vectors of
 * {@code numFeatures} and {@code K} intercepts, with the loss that defines how margins become
 * predictions, and the features' names when the training data had them. Immutable; needs no
 * Spark to load or use (see {@link ModelJson}).
 *
 * <p>{@link #predict(double[])} and {@link #probabilities(double[])} take a row's features;
 * {@link #predictFromMargins} and {@link #probabilitiesFromMargins} take the margins that
 * {@link #margins(double[])} computes. Margins never turn into NaN for finite features and
 * weights: a margin beyond the double range is infinite with its sign, and for softmax, whose
 * predictions depend only on differences of margins, margins that overflow are returned shifted
 * so that the largest is 0.
 *
 * <p>(Over 300 lines: the model's whole public face, prediction from dense, sparse and
 * parsed rows, and the checks of what a model is built from.)
 */
public final class LinearModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Exponent above which the overflow-safe margins scale factors down: scaled products stay
   * below 2^962, so sums of up to 2^61 of them cannot overflow.
   */
  private static final int SAFE_EXPONENT = 480;

  private final Loss loss;
  private final int numFeatures;
  private final int numClasses;
  private final double[][] weights;
  private final double[] intercepts;
  private final boolean fitIntercept;
  private final Map<String, String> settings;
  private final List<String> featureNames; // empty: unknown
  private final double largestParameter; // max |weight| and |intercept|

  /**
   * A model whose features have no names.
   *
   * @param numClasses 0 for regression, 2 for binary classifiers, K for softmax
   * @param weights one array of {@code numFeatures} per output
   * @param intercepts one per output (zeros when no intercept was fitted)
   * @param settings the settings the model was trained with, for the record
   */
  public LinearModel(String loss, int numFeatures, int numClasses, double[][] weights,
      double[] intercepts, boolean fitIntercept, Map<String, String> settings) {
    this(loss, numFeatures, numClasses, weights, intercepts, fitIntercept, settings, null);
  }

  /**
   * @param featureNames the features' names in order, one per feature and all different, or
   *     null when the training data had none
   * @throws IllegalArgumentException if the shapes, classes or names do not fit the loss and
   *     {@code numFeatures}
   */
  public LinearModel(String loss, int numFeatures, int numClasses, double[][] weights,
      double[] intercepts, boolean fitIntercept, Map<String, String> settings,
      List<String> featureNames) {
    this.loss = Losses.byName(loss);
    checkClasses(this.loss, numClasses);
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
    this.featureNames = featureNames == null ? List.of() : checkNames(featureNames, numFeatures);
    double largest = 0;
    for (int k = 0; k < outputs; k++) {
      largest = Math.max(largest, Math.abs(this.intercepts[k]));
      for (double w : this.weights[k]) {
        largest = Math.max(largest, Math.abs(w));
      }
    }
    this.largestParameter = largest;
  }

  /** The classes a loss's model has: 0 for regression, 2 for binary, at least 2 for softmax. */
  private static void checkClasses(Loss loss, int numClasses) {
    LabelDomain d = loss.labelDomain();
    boolean ok = d == LabelDomain.CLASSES ? numClasses >= 2
        : numClasses == (d == LabelDomain.BINARY ? 2 : 0);
    if (!ok) {
      throw new IllegalArgumentException("\"numClasses\" is " + numClasses + ", but a "
          + loss.name() + " model has " + (d == LabelDomain.CLASSES ? "at least 2"
              : d == LabelDomain.BINARY ? "2" : "0 (it is a regression)"));
    }
  }

  private static List<String> checkNames(List<String> names, int numFeatures) {
    if (names.size() != numFeatures) {
      throw new IllegalArgumentException("\"featureNames\" has " + names.size()
          + " names for numFeatures=" + numFeatures);
    }
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (n == null || n.isEmpty()) {
        throw new IllegalArgumentException("\"featureNames\" has an empty name");
      }
      if (!seen.add(n)) {
        throw new IllegalArgumentException("\"featureNames\" has '" + n + "' twice");
      }
    }
    return List.copyOf(names);
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

  /** Whether the features have names (from a CSV header, DataFrame columns or attributes). */
  public boolean hasFeatureNames() {
    return !featureNames.isEmpty();
  }

  /** The features' names in order; empty when the training data had none. */
  public List<String> featureNames() {
    return featureNames;
  }

  public boolean isClassifier() {
    return loss.isClassifier();
  }

  // ---- from features ----

  /** The prediction for a dense feature vector: the value (regression) or class index. */
  public double predict(double[] features) {
    return predictFromMargins(margins(features));
  }

  /**
   * The prediction for sparse features: {@code values[i]} is feature {@code indices[i]}
   * (0-based, below {@link #numFeatures()}).
   */
  public double predict(int[] indices, double[] values) {
    return predictFromMargins(margins(indices, values));
  }

  /**
   * Class probabilities for a dense feature vector, or null if the loss has none (regression,
   * hinge).
   */
  public double[] probabilities(double[] features) {
    return probabilitiesFromMargins(margins(features));
  }

  /** Class probabilities for sparse features (as {@link #predict(int[], double[])}). */
  public double[] probabilities(int[] indices, double[] values) {
    return probabilitiesFromMargins(margins(indices, values));
  }

  /** Margins of a dense feature vector of length {@link #numFeatures()}. */
  public double[] margins(double[] x) {
    if (x.length != numFeatures) {
      throw new IllegalArgumentException("expected " + numFeatures + " features, got " + x.length);
    }
    double[] m = new double[outputs()];
    for (int k = 0; k < m.length; k++) {
      double s = intercepts[k];
      double[] w = weights[k];
      for (int j = 0; j < numFeatures; j++) {
        s += w[j] * x[j];
      }
      m[k] = s;
    }
    return allFinite(m) ? m : rescue(m, x.length, j -> j, j -> x[j]);
  }

  /** Margins of sparse features (as {@link #predict(int[], double[])}). */
  public double[] margins(int[] indices, double[] values) {
    if (indices.length != values.length) {
      throw new IllegalArgumentException(indices.length + " indices for " + values.length
          + " values");
    }
    for (int i : indices) {
      if (i < 0 || i >= numFeatures) {
        throw new IllegalArgumentException("feature index " + i + " is outside 0.."
            + (numFeatures - 1));
      }
    }
    double[] m = new double[outputs()];
    for (int k = 0; k < m.length; k++) {
      double s = intercepts[k];
      double[] w = weights[k];
      for (int i = 0; i < indices.length; i++) {
        s += w[indices[i]] * values[i];
      }
      m[k] = s;
    }
    return allFinite(m) ? m : rescue(m, indices.length, i -> indices[i], i -> values[i]);
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
    if (!allFinite(out)) {
      rescue(out, row.size(), row::index, row::value);
    }
  }

  // ---- from margins ----

  /** The prediction for margins (as {@link #margins} computes them): a value or class index. */
  public double predictFromMargins(double[] margins) {
    return loss.predict(margins, 0, margins.length);
  }

  /** Class probabilities for margins, or null if the loss has none (regression, hinge). */
  public double[] probabilitiesFromMargins(double[] margins) {
    if (!loss.hasProbabilities()) {
      return null;
    }
    double[] p = new double[Math.max(numClasses, 2)];
    loss.probabilities(margins, 0, margins.length, p);
    return p;
  }

  // ---- margins that overflow ----

  private interface IntFn {
    int at(int i);
  }

  private interface ValueFn {
    double at(int i);
  }

  private static boolean allFinite(double[] m) {
    for (double v : m) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Margins {@code m} of which some overflowed: when the features are finite, the margins
   * recomputed with every product scaled down by a power of two (exact), so that the
   * sums cannot overflow (or meet infinity minus infinity), then scaled back: a margin beyond
   * the double range becomes infinite with its sign, and softmax margins are shifted so that the
   * largest is 0.
   */
  private double[] rescue(double[] m, int n, IntFn index, ValueFn value) {
    double largestValue = 0;
    for (int i = 0; i < n; i++) {
      largestValue = Math.max(largestValue, Math.abs(value.at(i)));
    }
    if (!Double.isFinite(largestValue) || !Double.isFinite(largestParameter)) {
      return m; // non-finite input: nothing to rescue
    }
    int sw = Math.max(0, Math.getExponent(largestParameter) - SAFE_EXPONENT);
    int sx = Math.max(0, Math.getExponent(largestValue) - SAFE_EXPONENT);
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < m.length; k++) {
      double s = Math.scalb(Math.scalb(intercepts[k], -sw), -sx);
      double[] w = weights[k];
      for (int i = 0; i < n; i++) {
        s += Math.scalb(w[index.at(i)], -sw) * Math.scalb(value.at(i), -sx);
      }
      m[k] = s;
      max = Math.max(max, s);
    }
    for (int k = 0; k < m.length; k++) {
      m[k] = Math.scalb(m.length == 1 ? m[k] : m[k] - max, sw + sx);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearModel m && m.loss.name().equals(loss.name())
        && m.numFeatures == numFeatures && m.numClasses == numClasses
        && Arrays.deepEquals(m.weights, weights) && Arrays.equals(m.intercepts, intercepts)
        && m.fitIntercept == fitIntercept && m.featureNames.equals(featureNames);
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
