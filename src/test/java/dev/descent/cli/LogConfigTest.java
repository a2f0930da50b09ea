package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.testing.Launch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/log4j2.properties, as submit.sh uses it: Spark's log goes to the file; the task
 * scheduler's warnings and errors also reach the terminal, in one line without a stack trace,
 * except the "Exception in statusUpdate" Spark logs while it shuts down (after Ctrl-C).
 */
class LogConfigTest {
  @Test
  void theTerminalGetsTheSchedulersLinesButNotItsShutdownNoise(@TempDir Path tmp)
      throws Exception {
    Path file = tmp.resolve("spark.log");
    try (Launch.Child probe = Launch.java(Map.of(), List.of(
        "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-Ddescent.logFile=" + file), LogProbe.class.getName(),
        "scheduler:WARN:Initial job has not accepted any resources",
        "scheduler:ERROR:Exception in statusUpdate",
        "executor:ERROR:Exception in task 0.0 in stage 3.0")) {
      assertEquals(0, probe.await(60), probe.errText());
      assertEquals(List.of("WARN TaskSchedulerImpl: Initial job has not accepted any resources"),
          probe.err.stream().map(l -> l.replaceFirst("^\\d\\d:\\d\\d:\\d\\d ", ""))
              .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList(),
          probe.errText());
    }
    String log = Files.readString(file);
    for (String m : List.of("Initial job has not accepted", "Exception in statusUpdate",
        "Exception in task 0.0")) {
      assertTrue(log.contains(m), m + " in the log file:\n" + log);
    }
    assertTrue(log.contains("IllegalStateException: probe"), "the file keeps the traces");
    assertFalse(log.isEmpty());
  }
}
