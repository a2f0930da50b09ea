package dev.descent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** The independently computed optima in src/test/resources/reference (see its README.md). */
public final class Reference {
  public final double objective;
  public final double intercept;
  public final double[] weights;

  private Reference(double objective, double intercept, double[] weights) {
    this.objective = objective;
    this.intercept = intercept;
    this.weights = weights;
  }

  public static String data(String name) {
    return TestFiles.resource("reference/" + name + ".libsvm").toString();
  }

  public static Reference optimum(String name) {
    Map<String, String> fields = new HashMap<>();
    try {
      for (String line : Files.readAllLines(TestFiles.resource("reference/" + name + ".optimum"))) {
        if (!line.startsWith("#") && line.contains("=")) {
          fields.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double[] w = null;
    if (fields.containsKey("weights")) {
      String[] parts = fields.get("weights").split(",");
      w = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        w[i] = Double.parseDouble(parts[i]);
      }
    }
    return new Reference(Double.parseDouble(fields.get("objective")),
        fields.containsKey("intercept") ? Double.parseDouble(fields.get("intercept")) : Double.NaN,
        w);
  }
}
