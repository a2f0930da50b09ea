package dev.descent.engine;

/** A fixed learning rate, or {@code auto}: estimated from the data's curvature. */
public record LearningRate(boolean auto, double value) {
  public static final LearningRate AUTO = new LearningRate(true, Double.NaN);

  public static LearningRate fixed(double value) {
    return new LearningRate(false, value);
  }

  @Override
  public String toString() {
    return auto ? "auto" : Double.toString(value);
  }
}
