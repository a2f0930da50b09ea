package dev.descent.model;

import java.nio.file.Path;

/**
 * Run in a JVM whose class path holds only Descent's classes and Jackson: loads a model.json,
 * predicts one dense row, prints the prediction and probabilities.
 */
public final class WithoutSparkProbe {
  public static void main(String[] args) throws Exception {
    LinearModel m = ModelJson.read(Path.of(args[0]));
    double[] x = new double[m.numFeatures()];
    for (int j = 0; j < x.length; j++) {
      x[j] = Double.parseDouble(args[1 + j]);
    }
    double[] p = m.probabilities(x);
    System.out.println(m.predict(x) + " " + (p == null ? "-" : p[0] + " " + p[1]));
  }
}
