package dev.descent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.descent.testing.Launch;
import dev.descent.testing.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (a scheduler stopping the job) and Ctrl-C (SIGINT) in the middle of training through
 * submit.sh: the exit code is the signal's (143, 130), stderr says "interrupted" in one line with
 * no stack trace (Spark stops under the training loop, which used to print "Cannot call methods
 * on a stopped SparkContext" with its trace), the checkpoints stay, and nothing appears at the
 * output path.
 */
class SignalTest {
  static String[] args(Path tmp) {
    return new String[] {"--conf", "spark.ui.enabled=false", "train",
        "input=" + Reference.data("wine_binary_std"), "loss=logistic", "optimizer=adam",
        "batchSize=10", "epochs=1000", "tolerance=0", "checkpointDir=" + tmp.resolve("ckpt"),
        "checkpointEvery=1", "output=" + tmp.resolve("model")};
  }

  static void interruptMidTraining(Path tmp, Launch.Child run, String signal, int expectedExit)
      throws Exception {
    run.awaitLine(l -> l.startsWith("Epoch 3:"), 180);
    Launch.signal(run.process.pid(), signal);
    assertEquals(expectedExit, run.await(60), run.errText());
    List<String> errors = run.err.stream().filter(l -> l.startsWith("error:")).toList();
    assertEquals(List.of("error: interrupted (SIG" + signal + "); checkpoints in "
        + tmp.resolve("ckpt") + " are kept (rerun with resume=true to continue)"), errors,
        run.errText());
    assertFalse(run.err.stream().anyMatch(l -> l.startsWith("\tat ")
        || l.contains("Exception") || l.startsWith("Caused by")), run.errText());
    try (Stream<Path> s = Files.list(tmp.resolve("ckpt"))) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith(".ckpt")), "checkpoints");
    }
    try (Stream<Path> s = Files.list(tmp)) { // staging directories are hidden ones
      assertEquals(List.of("ckpt"), s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".") && !n.equals("logs")).toList());
    }
    assertFalse(Files.exists(tmp.resolve("model")), "no output");
  }

  @Test
  void sigtermExits143SayingInterrupted(@TempDir Path tmp) throws Exception {
    try (Launch.Child run = Launch.submit(Map.of("DESCENT_LOG_DIR",
        tmp.resolve("logs").toString()), args(tmp))) {
      interruptMidTraining(tmp, run, "TERM", 143);
    }
  }

  @Test
  void ctrlCExits130SayingInterrupted(@TempDir Path tmp) throws Exception {
    try (Launch.Child run = Launch.submitInterruptible(Map.of("DESCENT_LOG_DIR",
        tmp.resolve("logs").toString()), args(tmp))) {
      assumeFalse(Launch.ignoresSigint(run.process.pid()),
          "SIGINT is ignored in this process tree and Perl could not reset it");
      interruptMidTraining(tmp, run, "INT", 130);
    }
  }
}
