package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.Status;
import dev.descent.testing.SparkTests;
import dev.descent.testing.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model of 2^22 hashed features trains in local mode within the test JVM's heap (3 GB; the
 * limit docs/performance.md gives for a 4 GiB driver), and equals the same problem with its few
 * used columns renumbered 0..u-1: the unused weights stay exactly 0 and the used ones match.
 */
class WideModelTest {
  static final int WIDE = 1 << 22;

  @BeforeAll
  static void spark() {
    SparkTests.session();
  }

  /** Sparse rows over 60 columns spread across [0, 2^22), and the same rows renumbered. */
  private static Path[] write(Path dir) {
    Random rnd = new Random(3);
    TreeSet<Integer> used = new TreeSet<>();
    while (used.size() < 60) {
      used.add(rnd.nextInt(WIDE));
    }
    used.add(WIDE - 1); // the last column too
    List<Integer> columns = new ArrayList<>(used);
    List<String> wide = new ArrayList<>();
    List<String> compact = new ArrayList<>();
    for (int r = 0; r < 300; r++) {
      TreeMap<Integer, Double> row = new TreeMap<>();
      for (int i = 0; i < 6; i++) {
        row.put(rnd.nextInt(columns.size()), Math.round(rnd.nextGaussian() * 100) / 100.0);
      }
      double margin = 0;
      StringBuilder w = new StringBuilder();
      StringBuilder c = new StringBuilder();
      for (var e : row.entrySet()) {
        margin += (e.getKey() % 5 - 2) * e.getValue();
        w.append(' ').append(columns.get(e.getKey()) + 1).append(':').append(e.getValue());
        c.append(' ').append(e.getKey() + 1).append(':').append(e.getValue());
      }
      String label = rnd.nextDouble() < 1 / (1 + Math.exp(-margin)) ? "1" : "0";
      wide.add(label + w);
      compact.add(label + c);
    }
    return new Path[] {TestFiles.write(dir, "wide.libsvm", wide.toArray(new String[0])),
        TestFiles.write(dir, "compact.libsvm", compact.toArray(new String[0])),
        TestFiles.write(dir, "columns.txt", columns.stream().map(String::valueOf)
            .toArray(String[]::new))};
  }

  private static TrainResult fit(Path input, int numFeatures, String... settings) {
    Descent.Builder b = Descent.trainer()
        .set("input", input.toString())
        .set("loss", "logistic")
        .set("numFeatures", Integer.toString(numFeatures))
        .set("partitions", "4");
    for (int i = 0; i < settings.length; i += 2) {
      b.set(settings[i], settings[i + 1]);
    }
    return b.fit(SparkTests.jsc());
  }

  private static List<Integer> columns(Path file) throws Exception {
    return java.nio.file.Files.readAllLines(file).stream().map(Integer::valueOf).toList();
  }

  @Test
  void lbfgsOnTwoToTheTwentySecondFeaturesMatchesTheCompactProblem(@TempDir Path dir)
      throws Exception {
    Path[] files = write(dir);
    List<Integer> columns = columns(files[2]);
    String[] settings = {"optimizer", "lbfgs", "regParam", "0.01", "standardize", "false",
        "epochs", "6", "tolerance", "0"};
    TrainResult wide = fit(files[0], WIDE, settings);
    TrainResult compact = fit(files[1], columns.size(), settings);
    assertNotEquals(Status.DIVERGED, wide.status());
    assertEquals(compact.history().size(), wide.history().size());
    assertEquals(compact.finalObjective(), wide.finalObjective(),
        1e-12 * compact.finalObjective());
    LinearModel w = wide.model();
    LinearModel c = compact.model();
    assertEquals(WIDE, w.numFeatures());
    double[] ww = w.weights(0);
    double[] cw = c.weights(0);
    for (int i = 0; i < columns.size(); i++) {
      assertEquals(cw[i], ww[columns.get(i)], 1e-9, "column " + columns.get(i));
      ww[columns.get(i)] = 0;
    }
    for (int j = 0; j < WIDE; j++) {
      if (ww[j] != 0) {
        assertEquals(0.0, ww[j], "unused column " + j);
      }
    }
    assertEquals(c.intercept(0), w.intercept(0), 1e-9);
  }

  @Test
  void defaultSettingsTrainTwoToTheTwentySecondFeatures(@TempDir Path dir) throws Exception {
    // The default optimizer (sgd), learningRate=auto (a curvature estimate over all 2^22
    // coordinates) and standardize=true (columns without values have no spread).
    Path[] files = write(dir);
    TrainResult r = fit(files[0], WIDE, "epochs", "5");
    assertNotEquals(Status.DIVERGED, r.status());
    assertTrue(r.finalObjective() < r.initialObjective(),
        r.finalObjective() + " vs " + r.initialObjective());
    double[] w = r.model().weights(0);
    List<Integer> columns = columns(files[2]);
    int nonZero = 0;
    for (int j = 0; j < WIDE; j++) {
      if (w[j] != 0) {
        nonZero++;
        assertTrue(columns.contains(j), "weight on unused column " + j);
      }
    }
    assertTrue(nonZero > columns.size() / 2, nonZero + " non-zero weights");
  }
}
