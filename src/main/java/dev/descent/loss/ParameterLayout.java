package dev.descent.loss;

import java.io.Serializable;

/**
 * Where each parameter of a linear model sits in the flat parameter vector: the weights of output
 * {@code k} at {@code [k*d, (k+1)*d)}, then, if fitted, the {@code K} intercepts.
 */
public record ParameterLayout(int numFeatures, int outputs, boolean intercept)
    implements Serializable {

  public ParameterLayout {
    if (numFeatures < 0 || outputs < 1) {
      throw new IllegalArgumentException("bad layout " + numFeatures + "x" + outputs);
    }
    if ((long) numFeatures * outputs + outputs > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(numFeatures + " features x " + outputs
          + " outputs exceed the 2^31 parameters a Java array holds");
    }
  }

  /** Length of the parameter vector. */
  public int size() {
    return numFeatures * outputs + (intercept ? outputs : 0);
  }

  /** Number of weights (everything but the intercepts). */
  public int numWeights() {
    return numFeatures * outputs;
  }

  public int weightIndex(int output, int feature) {
    return output * numFeatures + feature;
  }

  /** Index of output {@code k}'s intercept; only when {@link #intercept()} is true. */
  public int interceptIndex(int output) {
    return numFeatures * outputs + output;
  }
}
