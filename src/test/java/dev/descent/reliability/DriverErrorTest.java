package dev.descent.reliability;

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
 * Never hang on a JVM error in the driver. The run ran out of memory in Spark's
 * task-result-getter thread while it fetched a partial sum; Spark let the error end that thread
 * without failing the job, and the main thread waited in DAGScheduler.runJob forever. Here a
 * serializer meets that same error in that same thread (a real heap exhaustion in a 512 MiB
 * driver, or a real stack overflow; see ResultBombSerializer), through submit.sh and through the
 * Java API in a forked JVM. Each run must end well within the bound (a hang fails the test
 * there), with one line naming the error and no stack trace.
 */
class DriverErrorTest {
  /** Seconds a run may take; a run that hangs is stopped here. Starting Spark takes ~10 s. */
  static final int BOUND = 150;

  static Launch.Child trainWithBomb(Path tmp, String bomb) throws Exception {
    return Launch.submit(Map.of("DESCENT_LOG_DIR", tmp.resolve("logs").toString()),
        "--driver-memory", "512m", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.serializer=dev.descent.testing.ResultBombSerializer",
        "--conf", "spark.descent.test.bomb=" + bomb, "train",
        "input=data/wine_binary.libsvm", "loss=logistic", "epochs=5",
        "output=" + tmp.resolve("model"));
  }

  static void assertOneErrorLineNoTrace(List<String> err, String... fragments) {
    String text = String.join("\n", err);
    List<String> errors = err.stream().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errors.size(), text);
    for (String f : fragments) {
      assertTrue(errors.get(0).contains(f), text);
    }
    assertFalse(err.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")
        || l.startsWith("Exception in thread")), text);
  }

  @Test
  void outOfMemoryInTheTaskResultGetterEndsTheRunWithExit1(@TempDir Path tmp) throws Exception {
    try (Launch.Child run = trainWithBomb(tmp, "oom")) {
      assertEquals(1, run.await(BOUND), run.errText());
      assertOneErrorLineNoTrace(run.err, "the driver ran out of memory",
          "java.lang.OutOfMemoryError: Java heap space", "in thread task-result-getter-",
          "--driver-memory", "details in Spark's log: " + tmp.resolve("logs"));
    }
    assertFalse(Files.exists(tmp.resolve("model")), "no output");
  }

  @Test
  void stackOverflowInTheTaskResultGetterEndsTheRunWithExit1(@TempDir Path tmp)
      throws Exception {
    try (Launch.Child run = trainWithBomb(tmp, "stack")) {
      assertEquals(1, run.await(BOUND), run.errText());
      assertOneErrorLineNoTrace(run.err, "the driver failed with a JVM error",
          "java.lang.StackOverflowError", "in thread task-result-getter-");
    }
    assertFalse(Files.exists(tmp.resolve("model")), "no output");
  }

  /** The Java API throws the error to the caller of fit instead of leaving it waiting. */
  @Test
  void theJavaApiThrowsTheErrorFromFit() throws Exception {
    try (Launch.Child run = Launch.java(Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
        List.of("-Xmx512m"), FatalErrorApiProbe.class.getName())) {
      int exit = run.await(BOUND);
      assertEquals(0, exit, String.join("\n", run.out) + "\n" + run.errText());
      assertTrue(run.out.contains("fit threw java.lang.OutOfMemoryError: Java heap space"),
          String.join("\n", run.out) + "\n" + run.errText());
    }
  }
}
