package dev.descent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.Descent;
import dev.descent.engine.TrainResult;
import dev.descent.model.LinearModel;
import dev.descent.testing.Launch;
import dev.descent.testing.Reference;
import dev.descent.testing.SparkTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill the driver, lose nothing: training runs as a separate process (./submit.sh), is killed
 * with SIGKILL in the middle of an epoch, and is resumed by a second process. The final model
 * must equal, bit for bit, the model of the same training never interrupted. Bitwise is the
 * expectation because every step is a deterministic function of the checkpointed state and the
 * partial sums merge independently of task order; the comparison allows no tolerance.
 */
class KillDriverTest {

  static List<String> settings(Path tmp) {
    return List.of("input=" + Reference.data("wine_binary_std"), "loss=logistic",
        "optimizer=adam", "batchSize=10", "epochs=40", "tolerance=0", "regParam=0.01",
        "partitions=3", "checkpointDir=" + tmp.resolve("checkpoints"),
        "checkpointEvery=5 steps", "output=" + tmp.resolve("model"));
  }

  static String[] args(List<String> settings, String... more) {
    List<String> a = new ArrayList<>(List.of("--conf", "spark.ui.enabled=false", "train"));
    a.addAll(settings);
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void sigkillMidTrainingThenResumeEqualsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    killAndResume(settings(tmp), tmp, "\\d+");
  }

  /**
   * With rounds of 3 local steps (6 per epoch of 18 steps), a checkpoint due every 5 steps is
   * written at the end of the round that reaches it (after global steps 6, 12, 15, 21, 27, 30,
   * ...), so a resumed run starts at a round boundary: step 1, 4, 7, 10, 13 or 16 of an epoch.
   */
  @Test
  void sigkillBetweenRoundsOfLocalStepsThenResumeEqualsAnUninterruptedRun(@TempDir Path tmp)
      throws Exception {
    List<String> settings = new ArrayList<>(settings(tmp));
    settings.add("syncEvery=3 steps");
    killAndResume(settings, tmp, "(1|4|7|10|13|16)");
  }

  /**
   * Kills a run after its 8th epoch line, resumes it, and compares the model with an
   * uninterrupted run's, bitwise.
   *
   * @param resumedStep the pattern of the step the resumed run starts at
   */
  private static void killAndResume(List<String> settings, Path tmp, String resumedStep)
      throws Exception {
    try (Launch.Child first = Launch.submit(Map.of(), args(settings))) {
      // (args include --conf spark.ui.enabled=false: no UI port races between the two runs)
      first.awaitLine(l -> l.startsWith("Epoch 8:"), 180);
      first.process.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
      first.process.waitFor();
      assertEquals(137, first.process.exitValue(), "killed by SIGKILL");
    }
    assertFalse(Files.exists(tmp.resolve("model")), "a killed run leaves no output");
    try (Stream<Path> s = Files.list(tmp.resolve("checkpoints"))) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith(".ckpt")));
    }

    int exit;
    List<String> errLines;
    try (Launch.Child second = Launch.submit(Map.of(), args(settings, "resume=true"))) {
      exit = second.await(300);
      errLines = second.err;
    }
    assertEquals(0, exit, String.join("\n", errLines));
    // Killed after epoch 8 was printed, so the resume point is in epoch 8 or later (the process
    // may have stepped on before the signal landed), never at the start.
    assertTrue(errLines.stream().anyMatch(l -> l.matches(
        "note: resumed at epoch ([89]|[1-3][0-9]), step " + resumedStep + " .*")),
        String.join("\n", errLines));

    TrainResult uninterrupted = Descent.trainer().settings(config(settings))
        .fit(SparkTests.jsc());
    JsonNode written = new ObjectMapper().readTree(tmp.resolve("model/model.json").toFile());
    LinearModel expected = uninterrupted.model();
    double[] w = expected.weights(0);
    assertEquals(w.length, written.path("weights").size());
    for (int j = 0; j < w.length; j++) {
      assertEquals(w[j], written.path("weights").get(j).asDouble(), 0.0, "weight " + j);
    }
    assertEquals(expected.intercept(0), written.path("intercept").asDouble(), 0.0);
    JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("model/metrics.json").toFile());
    assertEquals(uninterrupted.history().size(), metrics.path("epochs").size(),
        "the whole history survived the kill");
    assertEquals(uninterrupted.finalObjective(), metrics.path("finalObjective").asDouble(), 0.0);
  }

  /** The settings of the process runs, without checkpoints or output, for the in-JVM run. */
  static dev.descent.config.Config config(List<String> settings) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String s : settings) {
      String key = s.substring(0, s.indexOf('='));
      if (!key.equals("checkpointDir") && !key.equals("checkpointEvery") && !key.equals("output")) {
        m.put(key, s.substring(s.indexOf('=') + 1));
      }
    }
    return dev.descent.config.Config.of(m);
  }
}
