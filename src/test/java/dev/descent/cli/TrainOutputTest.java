package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's output directory: its files, and how an existing one is refused or replaced. */
class TrainOutputTest {
  @TempDir
  Path tmp;

  private static Cli.Result train(Path output, String... more) {
    String[] args = Stream.concat(Stream.of("train", "conf/default.properties",
        "output=" + output), Stream.of(more)).toArray(String[]::new);
    return Cli.run(args);
  }

  @Test
  void trainWritesModelMetricsAndSuccessMarker() {
    Path output = tmp.resolve("model");

    Cli.Result r = train(output).assertExit(0);

    assertTrue(Files.exists(output.resolve("_SUCCESS")));
    assertTrue(Files.isRegularFile(output.resolve("report.html")));
    JsonNode model = Cli.readJson(output.resolve("model.json"));
    assertEquals("squared", model.path("loss").asText());
    assertEquals(1, model.path("numFeatures").asInt());
    assertEquals(0, model.path("numClasses").asInt());
    assertEquals(1, model.path("weights").size());
    assertEquals(2.0, model.path("weights").get(0).asDouble(), 1e-6);
    assertEquals(1.0, model.path("intercept").asDouble(), 1e-6);
    assertEquals("data/linear.csv", model.path("settings").path("input").asText());
    assertEquals("squared", model.path("settings").path("loss").asText());

    JsonNode metrics = Cli.readJson(output.resolve("metrics.json"));
    assertTrue(List.of("converged", "finished").contains(metrics.path("status").asText()),
        metrics.path("status").asText());
    long epochLines = r.outLines().stream().filter(l -> l.startsWith("Epoch ")).count();
    JsonNode epochs = metrics.path("epochs");
    assertEquals(epochLines, epochs.size());
    for (int i = 0; i < epochs.size(); i++) {
      JsonNode e = epochs.get(i);
      assertEquals(i + 1, e.path("epoch").asInt());
      assertTrue(e.path("loss").isNumber(), e.toString());
      assertTrue(e.path("seconds").isNumber(), e.toString());
    }
    assertEquals(57.0, epochs.get(0).path("loss").asDouble(), 1e-9);
    assertTrue(metrics.path("finalObjective").isNumber());
    assertTrue(metrics.path("finalObjective").asDouble() < 1e-8);
    r.assertErrContains("Model written to " + output);
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void existingOutputIsRefusedWithoutOverwriteAndLeftUntouched() throws Exception {
    Path output = tmp.resolve("model");
    train(output, "epochs=1").assertExit(0);
    Files.writeString(output.resolve("notes.txt"), "mine");
    Map<String, String> before = snapshot(output);

    Cli.Result r = train(output).assertExit(2);

    r.assertErrContains(output.toString(), "overwrite=true");
    assertEquals("", r.out(), "nothing is trained when the output exists");
    assertEquals(before, snapshot(output));
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void overwriteTrueReplacesTheOldOutput() throws Exception {
    Path output = tmp.resolve("model");
    train(output, "epochs=1").assertExit(0);
    Files.writeString(output.resolve("notes.txt"), "from the old output");

    train(output, "overwrite=true").assertExit(0);

    assertFalse(Files.exists(output.resolve("notes.txt")), "old output should be gone");
    assertTrue(Files.exists(output.resolve("_SUCCESS")));
    JsonNode model = Cli.readJson(output.resolve("model.json"));
    assertEquals("100", model.path("settings").path("epochs").asText());
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void divergedRunWithOverwriteLeavesTheOldOutputByteIdenticalAndRecordsItselfBeside()
      throws Exception {
    Path output = tmp.resolve("model");
    train(output).assertExit(0);
    Map<String, String> before = snapshot(output); // every file, _SUCCESS and .crc files too
    Path failed = tmp.resolve("model.failed");

    Cli.Result r = Cli.run("train", "conf/seed.properties", "output=" + output,
        "overwrite=true").assertExit(4);

    assertEquals(before, snapshot(output), "a diverged run must not touch the output");
    r.assertErrContains(output + " was left as it was", failed + "/metrics.json");
    assertEquals("diverged", Cli.readJson(failed.resolve("metrics.json")).path("status")
        .asText());
    assertTrue(Files.isRegularFile(failed.resolve("report.html")));
    assertFalse(Files.exists(failed.resolve("model.json")));
    assertFalse(Files.exists(failed.resolve("_SUCCESS")), "a failure record is no result");
    Cli.assertNoHiddenEntries(tmp);
  }

  @Test
  void theNextDivergedRunReplacesTheFailureRecordButNotAForeignDirectory() throws Exception {
    Path output = tmp.resolve("model");
    Path failed = tmp.resolve("model.failed");
    Cli.run("train", "conf/seed.properties", "output=" + output).assertExit(4);
    Files.writeString(failed.resolve("metrics.json"), "{\"status\": \"stale\"}");

    Cli.run("train", "conf/seed.properties", "output=" + output).assertExit(4);

    assertFalse(Files.exists(output), "nothing at the output of a diverged run");
    assertEquals("diverged", Cli.readJson(failed.resolve("metrics.json")).path("status")
        .asText(), "replaced by the newer failure");

    Files.writeString(failed.resolve("data.csv"), "1,2\n"); // not a failure record any more
    Map<String, String> foreign = snapshot(failed);
    Cli.Result r = Cli.run("train", "conf/seed.properties", "output=" + output).assertExit(4);
    assertEquals(foreign, snapshot(failed));
    r.assertErrContains("holds files other than");
    Cli.assertNoHiddenEntries(tmp);
  }

  /** Every file under {@code dir} (hidden ones too) with a digest of its content. */
  private static Map<String, String> snapshot(Path dir) throws IOException,
      NoSuchAlgorithmException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return files;
  }
}
