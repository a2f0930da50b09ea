package dev.descent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.OutputLocationException;
import dev.descent.io.StagedOutput;
import dev.descent.model.ModelStore;
import dev.descent.testing.Launch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replacing an output survives a kill at any step: a separate JVM ({@link CommitChild}) replaces
 * an output and is stopped (an injected pause, {@code -Ddescent.test.pauseAt=STEP}) and killed
 * with SIGKILL at each step of the commit. Afterwards the next reader (ModelStore.load) finds the
 * old output, byte for byte, or the new one complete with its marker, and says in one note what
 * it did; the next run on the output ({@link StagedOutput#prepare}) leaves no hidden entry behind.
 * The steps: staged (all files written, nothing renamed), journal (journal written), aside (old
 * output moved aside: nothing at the path until recovery), placed (new output in place, no
 * marker yet), marked (marker written), cleaned (old output deleted, journal still there).
 */
class KillCommitTest {
  private static final List<String> ROLLED_BACK = List.of("staged", "journal", "aside");

  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  @ParameterizedTest
  @ValueSource(strings = {"staged", "journal", "aside", "placed", "marked", "cleaned"})
  void aKillAtEachStepOfAReplacementLeavesTheOldOrTheNewCompleteOutput(String step)
      throws Exception {
    Path output = tmp.resolve("m");
    CommitChild.write(output.toString(), 1.0, conf);
    Map<String, String> old = snapshot(output);

    killAt(step, output, 2.0);

    if (step.equals("aside")) {
      assertFalse(Files.exists(output), "the gap the journal closes: nothing at the path");
    }
    List<String> notes = new ArrayList<>();
    double weight = ModelStore.load(output.toString(), conf, notes::add).weights(0)[0];
    if (ROLLED_BACK.contains(step)) {
      assertEquals(1.0, weight, "the old model");
      assertEquals(old, snapshot(output), "the old output, byte for byte");
    } else {
      assertEquals(2.0, weight, "the new model");
      assertEquals(List.of("_SUCCESS", "model.json", "part-00000"), visible(output));
      assertEquals("weight 2.0\n", Files.readString(output.resolve("part-00000")));
    }
    assertEquals(step.equals("staged") ? 0 : 1, notes.size(), notes.toString());
    if (!step.equals("staged")) {
      assertTrue(notes.get(0).contains("interrupted") && notes.get(0).contains(
          ROLLED_BACK.contains(step) ? "before the new output was in place"
              : "after the new output was in place"), notes.get(0));
    }

    List<String> cleanup = new ArrayList<>();
    StagedOutput.prepare("output", output.toString(), true, conf, cleanup::add);
    assertEquals(List.of(), hidden(tmp), "the next run leaves nothing hidden behind");
    assertEquals(step.equals("staged") ? 1 : 0, cleanup.size(), "a staging directory no"
        + " journal names (the kill came before the journal) is a leftover: " + cleanup);
  }

  @Test
  void theNextRunRecoversBeforeDecidingWhetherTheOutputExists() throws Exception {
    Path output = tmp.resolve("m");
    CommitChild.write(output.toString(), 1.0, conf);
    Map<String, String> old = snapshot(output);
    killAt("aside", output, 2.0);

    List<String> notes = new ArrayList<>();
    assertThrows(dev.descent.io.OutputExistsException.class, () -> StagedOutput.prepare("output",
        output.toString(), false, conf, notes::add), "the old output is back, so it exists");

    assertEquals(old, snapshot(output));
    assertTrue(notes.get(0).startsWith("a replacement of " + output + " by process "),
        notes.get(0));
    assertTrue(notes.get(0).endsWith("restored the previous output at " + output),
        notes.get(0));
    assertEquals(List.of(), hidden(tmp));
  }

  @Test
  void aRunStillGoingKeepsItsStagingAndItsReplacementIsWaitedForNotUndone() throws Exception {
    Path output = tmp.resolve("m");
    Path other = tmp.resolve("n");
    CommitChild.write(output.toString(), 1.0, conf);
    Map<String, String> old = snapshot(output);

    try (Launch.Child writing = pausedAt("staged", output, 2.0)) {
      List<String> staging = hidden(tmp);
      assertEquals(1, staging.size(), staging.toString());
      List<String> notes = new ArrayList<>();
      StagedOutput.prepare("output", output.toString(), true, conf, notes::add);
      StagedOutput.prepare("output", other.toString(), true, conf, notes::add);
      assertEquals(staging, hidden(tmp), "a live run's staging directory is its own");
      assertEquals(List.of(), notes);

      writing.process.destroyForcibly();
      writing.process.waitFor();
      StagedOutput.prepare("output", output.toString(), true, conf, notes::add);
      assertEquals(List.of(), hidden(tmp), "removed once its owner is gone");
      assertTrue(notes.get(0).startsWith("removed 1 hidden leftover"), notes.toString());
    }

    String previous = System.getProperty("descent.commitWaitMillis");
    System.setProperty("descent.commitWaitMillis", "500");
    try (Launch.Child replacing = pausedAt("aside", output, 2.0)) {
      List<String> during = hidden(tmp);
      OutputLocationException e = assertThrows(OutputLocationException.class,
          () -> ModelStore.load(output.toString(), conf, note -> { }));
      assertTrue(e.getMessage().contains("is being replaced by process "
          + replacing.process.pid()), e.getMessage());
      assertEquals(during, hidden(tmp), "nothing of a live replacement is touched");
      assertFalse(Files.exists(output));

      replacing.process.destroyForcibly();
      replacing.process.waitFor();
      assertEquals(1.0, ModelStore.load(output.toString(), conf, note -> { }).weights(0)[0]);
      assertEquals(old, snapshot(output));
    } finally {
      if (previous == null) {
        System.clearProperty("descent.commitWaitMillis");
      } else {
        System.setProperty("descent.commitWaitMillis", previous);
      }
    }
  }

  /** Runs a replacement of {@code output} in another JVM and SIGKILLs it at {@code step}. */
  private void killAt(String step, Path output, double weight) throws Exception {
    try (Launch.Child child = pausedAt(step, output, weight)) {
      child.process.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
      child.process.waitFor();
      assertEquals(137, child.process.exitValue());
    }
  }

  private static Launch.Child pausedAt(String step, Path output, double weight)
      throws Exception {
    Launch.Child child = Launch.java(Map.of(), List.of("-Ddescent.test.pauseAt=" + step),
        CommitChild.class.getName(), output.toString(), Double.toString(weight));
    child.awaitLine(l -> l.equals("descent.test: paused at " + step), 60);
    return child;
  }

  /** Every file under {@code dir} (hidden ones and .crc files too) with its content. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static List<String> visible(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
          .toList();
    }
  }

  private static List<String> hidden(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted()
          .toList();
    }
  }
}
