package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two shipped examples: conf/seed.properties (diverges) and conf/default.properties. */
class ExamplesTest {

  /**
   * The founding example computed independently: plain full-batch gradient descent on the MSE of
   * w x + b against y = 2x + 1, x = 1..5, from w = b = 0 at rate 0.1. Each line shows the loss
   * before the epoch's update and the parameters after it.
   */
  static List<String> foundingExampleLines() {
    double[] x = {1, 2, 3, 4, 5};
    double w = 0;
    double b = 0;
    List<String> lines = new ArrayList<>();
    for (int epoch = 1; epoch <= 20; epoch++) {
      double loss = 0;
      double gw = 0;
      double gb = 0;
      for (double xi : x) {
        double r = w * xi + b - (2 * xi + 1);
        loss += r * r / x.length;
        gw += 2 * r * xi / x.length;
        gb += 2 * r / x.length;
      }
      w -= 0.1 * gw;
      b -= 0.1 * gb;
      lines.add(String.format(Locale.ROOT, "Epoch %d: loss=%.4f, weight=%.4f, bias=%.4f",
          epoch, loss, w, b));
    }
    return lines;
  }

  @Test
  void independentComputationMatchesTheDocumentedEndpoints() {
    List<String> expected = foundingExampleLines();
    assertEquals("Epoch 1: loss=57.0000, weight=5.0000, bias=1.4000", expected.get(0));
    assertEquals("Epoch 2: loss=106.3600, weight=-1.8400, bias=-0.4800", expected.get(1));
    assertEquals("Epoch 20: loss=8036431.8320, weight=-1083.0719, bias=-299.7717",
        expected.get(19));
  }

  @Test
  void seedExamplePrintsTheTwentyFoundingLinesAndExitsDiverged() {
    Cli.Result r = Cli.run("train", "conf/seed.properties").assertExit(4);

    assertEquals(foundingExampleLines(), r.outLines());
    r.assertErrContains("diverged", "0.085", "learningRate=auto");
  }

  @Test
  void seedExampleWithOutputRecordsTheDivergenceBesideTheOutputAndWritesNoModel(@TempDir Path tmp) {
    Path output = tmp.resolve("seed-run");

    Cli.Result r = Cli.run("train", "conf/seed.properties", "output=" + output).assertExit(4);

    assertEquals(foundingExampleLines(), r.outLines());
    r.assertErrContains("diverged", "0.085", "learningRate=auto");
    assertFalse(Files.exists(output), "a diverged run writes nothing at its output");
    Path record = tmp.resolve("seed-run.failed");
    r.assertErrContains(record + "/metrics.json");
    JsonNode metrics = Cli.readJson(record.resolve("metrics.json"));
    assertEquals("diverged", metrics.path("status").asText());
    assertEquals(20, metrics.path("epochs").size());
    assertFalse(Files.exists(record.resolve("model.json")), "a diverged run writes no model");
    assertTrue(Files.isRegularFile(record.resolve("report.html")), "its report shows why");
    assertFalse(Files.exists(record.resolve("_SUCCESS")), "a diverged run is not a success");
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void defaultExampleConvergesToTheTrueLine() {
    Cli.Result r = Cli.run("train", "conf/default.properties").assertExit(0);

    List<String> epochs = r.outLines().stream().filter(l -> l.startsWith("Epoch ")).toList();
    assertFalse(epochs.isEmpty(), "no epoch lines:\n" + r.out());
    String last = epochs.get(epochs.size() - 1);
    assertTrue(last.endsWith("weight=2.0000, bias=1.0000"), last);
  }
}
