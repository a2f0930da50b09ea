package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, ./submit.sh, as a real process: argument splitting, the JVM flags,
 * Spark's SparkSubmit in a fresh JVM, and exit codes that reach the shell. The test points
 * DESCENT_CLASSPATH at its own classpath, so the script runs the code under test without
 * building a jar (the jar path is the same but for the class path source).
 */
class SubmitScriptTest {
  record Run(int exit, List<String> out, String err) {}

  static Run submit(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "submit.sh"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DESCENT_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().remove("SPARK_HOME");
    Process p = pb.start();
    p.getOutputStream().close();
    // Small outputs: reading stdout fully, then stderr, cannot deadlock on these examples.
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "submit.sh did not finish");
    return new Run(p.exitValue(), out.lines().toList(), err);
  }

  @Test
  void seedExampleThroughTheScriptPrintsTheFoundingLinesAndExits4() throws Exception {
    Run r = submit("train", "conf/seed.properties");
    assertEquals(4, r.exit(), r.err());
    assertEquals(ExamplesTest.foundingExampleLines(), r.out());
    assertTrue(r.err().contains("stable limit ~0.085"), r.err());
  }

  /**
   * submit.sh filters the JVM's "Using incubator modules" warning out of stderr. Descent's own
   * lines bypass that filter (fd 3), so with both streams on one pipe, as a terminal or a
   * scheduler's log sees them, the order is the order of writing: the start line (stderr), the
   * 20 epoch lines (stdout), then the diverged message (stderr); and the exit code is the JVM's.
   */
  @Test
  void mergedStreamsKeepTheirOrderWithoutTheIncubatorWarning() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "submit.sh", "train", "conf/seed.properties");
    pb.environment().put("DESCENT_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().remove("SPARK_HOME");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().toList();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "submit.sh did not finish");
    assertEquals(4, p.exitValue(), String.join("\n", lines));
    List<String> expected = new ArrayList<>();
    expected.add("Training squared on 5 rows x 1 features (2 partitions) with sgd");
    expected.addAll(ExamplesTest.foundingExampleLines());
    assertEquals(expected, lines.subList(0, Math.min(lines.size(), 21)), String.join("\n",
        lines));
    assertEquals(23, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(21).startsWith("Training diverged: "), lines.get(21));
    assertTrue(lines.get(22).startsWith("Likely cause: "), lines.get(22));
  }

  @Test
  void noArgumentsRunsTheDefaultExample() throws Exception {
    Run r = submit();
    assertEquals(0, r.exit(), r.err());
    String last = r.out().get(r.out().size() - 1);
    assertTrue(last.endsWith("weight=2.0000, bias=1.0000"), last);
  }

  @Test
  void commandHelpThroughTheScriptIsHelpNotAnError() throws Exception {
    for (String command : List.of("train", "predict")) {
      Run r = submit(command, "--help");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().get(0).startsWith(command + ": "), String.join("\n", r.out()));
      assertFalse(r.err().contains("error"), r.err());
    }
  }

  /** bench is not in descent.jar: the script runs the benchmark's own entry point. */
  @Test
  void benchThroughTheScriptReachesTheBenchmarksOwnEntryPoint() throws Exception {
    Run help = submit("bench", "--help");
    assertEquals(0, help.exit(), help.err());
    String out = String.join("\n", help.out());
    assertTrue(out.startsWith("bench: ") && out.contains("Usage: submit.sh [spark-submit options]"
        + " bench") && out.contains("  scale "), out);
    Run bad = submit("--master", "local[1]", "bench", "fast");
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("'fast' is not key=value"), bad.err());
  }

  /**
   * Maven 3.8's Jansi writes bare colour resets ("ESC[0m") even in quiet batch mode, which
   * submit.sh's build step would pass on to the user's terminal; .mvn/jvm.config turns them
   * off (colours on a real terminal stay).
   */
  @Test
  void mavenInQuietBatchModePrintsNoEscapeCodes() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("mvn", "-o", "-q", "-B", "validate")
        .redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no mvn on the PATH: " + e.getMessage());
      return;
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mvn did not finish");
    assertEquals(0, p.exitValue(), out);
    assertFalse(out.contains("\u001b"), "escape codes: " + out.replace("\u001b", "ESC"));
  }

  @Test
  void scriptLevelUsageErrorsExit2() throws Exception {
    Run missingValue = submit("--master");
    assertEquals(2, missingValue.exit());
    assertTrue(missingValue.err().contains("--master needs a value"), missingValue.err());
    Run badSetting = submit("--master", "local[1]", "train", "conf/seed.properties", "epochs=0");
    assertEquals(2, badSetting.exit(), badSetting.err());
    assertTrue(badSetting.err().contains("epochs"), badSetting.err());
  }
}
