package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.Descent;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.data.LabelDomain;
import dev.descent.data.Precision;
import dev.descent.input.TrainingInput;
import dev.descent.model.LinearModel;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The features' moments against an exact reference, on features whose mean is large next to
 * their spread (where {@code E[x^2] - E[x]^2} loses every digit) and features of values around
 * 1e-300 and 1e153 (whose squared deviations underflow, or overflow once summed), stored
 * densely (CSV, with and without instance weights) and sparsely (LIBSVM: three features in
 * every row, one in a tenth of the rows, so that most of its values are zeros the blocks do not
 * store).
 */
class DataStatisticsTest {
  private static final int ROWS = 3000;
  private static final double[] OFFSET = {1e7, 1e9, 0, 5e6, 0, 0};
  private static final double[] SPREAD = {1, 1e-3, 1, 1, 1e-300, 1e153};

  @TempDir
  static Path dir;

  @ParameterizedTest(name = "{0}, weighted={1}")
  @CsvSource({"csv, false", "csv, true", "libsvm, false"})
  void momentsOfLargeMeansWithSmallSpreadsMatchTheTwoPassReference(String format,
      boolean weighted) throws IOException {
    SplittableRandom r = new SplittableRandom(17);
    double[][] x = new double[ROWS][OFFSET.length];
    double[] w = new double[ROWS];
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      w[i] = weighted ? r.nextDouble(0.1, 5) : 1;
      for (int j = 0; j < OFFSET.length; j++) {
        x[i][j] = OFFSET[j] + r.nextGaussian() * SPREAD[j];
      }
      x[i][2] = i % 10 == 0 ? 1e6 + r.nextGaussian() : 0; // stored in a tenth of the rows
      lines.add(line(format, weighted, i % 2, w[i], x[i]));
    }
    Path file = dir.resolve(format + weighted + "." + format);
    Files.write(file, lines);
    Config c = Config.empty().with("input", file.toString()).with("format", format)
        .with("partitions", "3");
    if (weighted) {
      c = c.with("weightColumn", "1");
    }
    double[][] expected = reference(x, w);
    try (TrainingData data = TrainingData.of(TrainingInput.text(SparkTests.jsc(),
        Inputs.forTraining(c, LabelDomain.BINARY), Precision.DOUBLE))) {
      double[][] m = DataStatistics.moments(data, 2);
      for (int j = 0; j < OFFSET.length; j++) {
        assertEquals(expected[0][j], m[0][j], 1e-13 * Math.abs(expected[0][j]) + 1e-12,
            "mean " + j);
        assertEquals(expected[1][j], m[1][j], 1e-6 * expected[1][j], "std " + j);
      }
    }
  }

  /**
   * Least squares through the user's path with its defaults (standardized features, full-batch
   * gradient descent) on a feature of mean 1e9 and spread 1: its weight is the generating one.
   * The moments' old form ({@code sum w ((x - mu)^2 - mu^2)} plus {@code W mu^2}, which cancels)
   * made that feature's deviation 0 here, so its weight was held at 0, and the run ended as if
   * converged.
   */
  @Test
  void aFeatureOfLargeMeanAndUnitSpreadGetsItsWeight() throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      double y = 2 * x1 + x2 + 0.1 * r.nextGaussian();
      lines.add(String.format(Locale.ROOT, "%.17g,%.17g,%.17g", y, 1e9 + x1, x2));
    }
    Path file = dir.resolve("offset.csv");
    Files.write(file, lines);
    LinearModel m = Descent.trainer().set("input", file.toString()).set("loss", "squared")
        .fit(SparkTests.jsc()).model();
    assertEquals(2, m.weights(0)[0], 0.02, "the offset feature's weight");
    assertEquals(1, m.weights(0)[1], 0.02, "the other feature's weight");
  }

  private static String line(String format, boolean weighted, int label, double w, double[] x) {
    StringBuilder b = new StringBuilder().append(label);
    if (weighted) { // CSV only: LIBSVM has no weights
      b.append(',').append(String.format(Locale.ROOT, "%.17g", w));
    }
    for (int j = 0; j < x.length; j++) {
      String v = String.format(Locale.ROOT, "%.17g", x[j]);
      if (format.equals("csv")) {
        b.append(',').append(v);
      } else if (x[j] != 0) {
        b.append(' ').append(j + 1).append(':').append(v);
      }
    }
    return b.toString();
  }

  /** Weighted means and population standard deviations, exactly (BigDecimal), then rounded. */
  private static double[][] reference(double[][] x, double[] w) {
    int d = x[0].length;
    double[] mean = new double[d];
    double[] std = new double[d];
    BigDecimal weight = BigDecimal.ZERO;
    for (double wi : w) {
      weight = weight.add(new BigDecimal(wi));
    }
    for (int j = 0; j < d; j++) {
      BigDecimal sum = BigDecimal.ZERO;
      for (int i = 0; i < x.length; i++) {
        sum = sum.add(new BigDecimal(w[i]).multiply(new BigDecimal(x[i][j])));
      }
      BigDecimal mu = sum.divide(weight, MathContext.DECIMAL128);
      BigDecimal squares = BigDecimal.ZERO;
      for (int i = 0; i < x.length; i++) {
        BigDecimal c = new BigDecimal(x[i][j]).subtract(mu);
        squares = squares.add(new BigDecimal(w[i]).multiply(c).multiply(c));
      }
      mean[j] = mu.doubleValue();
      std[j] = squares.divide(weight, MathContext.DECIMAL128).sqrt(MathContext.DECIMAL128)
          .doubleValue();
    }
    return new double[][] {mean, std};
  }
}
