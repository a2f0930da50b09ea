package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.config.ConfigException;
import dev.descent.data.DataException;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.testing.Reference;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoint and resume in one JVM: an interrupted run (a listener that throws, as a crash
 * would) resumed from its checkpoints ends with bitwise the same model and history as a run that
 * was never interrupted. Bitwise, because partial sums merge in an order-free way and every step
 * depends only on the checkpointed state.
 */
class CheckpointResumeTest {
  static final String WINE = Reference.data("wine_binary_std");

  @BeforeAll
  static void spark() {
    SparkTests.session();
  }

  /** A crash after {@code epochs} epochs. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("simulated crash");
    }
  }

  static Descent.Builder run(String optimizer, Path checkpoints) {
    Descent.Builder b = Descent.trainer().set("input", WINE).set("loss", "logistic")
        .set("optimizer", optimizer).set("regParam", "0.01").set("epochs", "12")
        .set("tolerance", "0").set("partitions", "3").set("checkpointDir", checkpoints.toString());
    if (!optimizer.equals("lbfgs")) {
      b.set("batchSize", "25");
    }
    return b;
  }

  static TrainResult crashAfter(Descent.Builder b, int epochs) {
    b.listener((record, model) -> {
      if (record.epoch() == epochs) {
        throw new Crash();
      }
    });
    assertThrows(Crash.class, () -> b.fit(SparkTests.jsc()));
    b.listener(TrainingListener.NONE);
    return null;
  }

  static void assertSameRun(TrainResult expected, TrainResult actual) {
    LinearModel e = expected.model();
    LinearModel a = actual.model();
    assertArrayEquals(e.weights(0), a.weights(0), 0.0, "weights, bitwise");
    assertEquals(e.intercept(0), a.intercept(0), 0.0, "intercept, bitwise");
    assertEquals(expected.finalObjective(), actual.finalObjective(), 0.0);
    assertEquals(expected.history().size(), actual.history().size());
    for (int i = 0; i < expected.history().size(); i++) {
      EpochRecord x = expected.history().get(i);
      EpochRecord y = actual.history().get(i);
      assertEquals(x.objective(), y.objective(), 0.0, "objective of epoch " + (i + 1));
      assertEquals(x.gradientNorm(), y.gradientNorm(), 0.0, "gradient of epoch " + (i + 1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "adam", "lbfgs"})
  void resumingAfterACrashGivesTheUninterruptedRun(String optimizer, @TempDir Path tmp) {
    TrainResult uninterrupted = run(optimizer, tmp.resolve("a")).fit(SparkTests.jsc());
    Descent.Builder b = run(optimizer, tmp.resolve("b"));
    crashAfter(b, 5);
    TrainResult resumed = b.set("resume", "true").fit(SparkTests.jsc());
    assertSameRun(uninterrupted, resumed);
  }

  /**
   * {@code partitions=auto} written out resumes as when it is left out, into the checkpoint's
   * number of partitions (3 here, where auto alone gives 4): it was refused as a changed split.
   */
  @Test
  void anExplicitAutoResumesIntoTheCheckpointsPartitions(@TempDir Path tmp) {
    TrainResult uninterrupted = run("sgd", tmp.resolve("a")).fit(SparkTests.jsc());
    Descent.Builder b = run("sgd", tmp.resolve("b"));
    crashAfter(b, 5);
    TrainResult resumed = b.set("partitions", "auto").set("resume", "true")
        .fit(SparkTests.jsc());
    assertSameRun(uninterrupted, resumed);
  }

  @Test
  void earlyStoppingStateSurvivesAResume(@TempDir Path tmp) {
    // The best model so far is part of the checkpoint: the resumed run returns the same one.
    Descent.Builder a = run("adam", tmp.resolve("a")).set("validationFraction", "0.3")
        .set("patience", "3").set("learningRate", "0.3").set("regParam", "0");
    TrainResult uninterrupted = a.fit(SparkTests.jsc());
    Descent.Builder b = run("adam", tmp.resolve("b")).set("validationFraction", "0.3")
        .set("patience", "3").set("learningRate", "0.3").set("regParam", "0");
    crashAfter(b, 4);
    assertSameRun(uninterrupted, b.set("resume", "true").fit(SparkTests.jsc()));
  }

  @Test
  void stepCheckpointsResumeInTheMiddleOfAnEpoch(@TempDir Path tmp) {
    // 178 rows / 25 = 8 steps per epoch; every 3 steps leaves the last checkpoint mid-epoch.
    TrainResult uninterrupted = run("adam", tmp.resolve("a")).fit(SparkTests.jsc());
    Descent.Builder b = run("adam", tmp.resolve("b")).set("checkpointEvery", "3 steps");
    List<String> notes = new ArrayList<>();
    crashAfter(b, 4); // 32 steps done; the last checkpoint was after step 30, mid-epoch 4
    TrainResult resumed = b.set("resume", "true").listener(new TrainingListener() {
      @Override
      public void onNote(String note) {
        notes.add(note);
      }

      @Override
      public void onEpoch(EpochRecord record, LinearModel model) {}
    }).fit(SparkTests.jsc());
    assertTrue(notes.stream().anyMatch(n -> n.contains("resumed at epoch 4, step 7")), notes.toString());
    assertSameRun(uninterrupted, resumed);
  }

  /**
   * Under a schedule that does not depend on the planned epochs (constant here), extending a
   * finished run continues it as one longer run would have gone. (The automatic schedule of
   * mini-batch runs decays over the planned epochs: extended, it follows the longer run's curve
   * from where the run is, which FirstOrderLoopTest checks.)
   */
  @Test
  void aFinishedRunCanBeExtended(@TempDir Path tmp) {
    TrainResult twelve = run("momentum", tmp.resolve("a")).set("schedule", "constant")
        .fit(SparkTests.jsc());
    run("momentum", tmp.resolve("b")).set("schedule", "constant").set("epochs", "7")
        .fit(SparkTests.jsc());
    TrainResult extended = run("momentum", tmp.resolve("b")).set("schedule", "constant")
        .set("resume", "true").fit(SparkTests.jsc());
    assertSameRun(twelve, extended);
    // Resuming a finished run with the same settings does not train further.
    TrainResult again = run("momentum", tmp.resolve("b")).set("schedule", "constant")
        .set("resume", "true").fit(SparkTests.jsc());
    assertSameRun(twelve, again);
  }

  /**
   * Damage found by the checkpoint's own CRC (as on S3, which keeps no checksums) or by the file
   * system (Hadoop's local file system keeps .crc files beside the checkpoints).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aDamagedNewestCheckpointIsReportedAndThePreviousOneUsed(boolean ownChecksum,
      @TempDir Path tmp) throws IOException {
    TrainResult uninterrupted = run("sgd", tmp.resolve("a")).fit(SparkTests.jsc());
    Path dir = tmp.resolve("b");
    Descent.Builder b = run("sgd", dir);
    crashAfter(b, 6);
    List<Path> files = checkpoints(dir);
    assertEquals(2, files.size(), "the newest two are kept: " + files);
    Path newest = files.get(1);
    try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int v = f.read();
      f.seek(f.length() / 2);
      f.write(v ^ 0x40); // flip one bit in the middle of the newest checkpoint
    }
    if (ownChecksum) {
      Files.delete(newest.resolveSibling("." + newest.getFileName() + ".crc"));
    }
    List<String> notes = new ArrayList<>();
    TrainResult resumed = b.set("resume", "true").listener(new TrainingListener() {
      @Override
      public void onNote(String note) {
        notes.add(note);
      }

      @Override
      public void onEpoch(EpochRecord record, LinearModel model) {}
    }).fit(SparkTests.jsc());
    assertTrue(notes.stream().anyMatch(n -> n.contains(newest.getFileName().toString())
        && n.contains("is damaged (checksum mismatch")), notes.toString());
    assertTrue(notes.stream().anyMatch(n -> n.contains("resuming from checkpoint")
        && n.contains(files.get(0).getFileName().toString())), notes.toString());
    assertSameRun(uninterrupted, resumed);
  }

  @Test
  void changedSettingsOrDataAreRefused(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("c");
    crashAfter(run("sgd", dir), 2);
    ConfigException loss = assertThrows(ConfigException.class, () -> run("sgd", dir)
        .set("loss", "hinge").set("resume", "true").fit(SparkTests.jsc()));
    assertTrue(loss.getMessage().contains("loss (checkpoint: logistic, now: hinge)"),
        loss.getMessage());
    Path fewer = tmp.resolve("fewer.libsvm");
    List<String> lines = Files.readAllLines(Path.of(WINE));
    Files.write(fewer, lines.subList(0, 150));
    DataException data = assertThrows(DataException.class, () -> run("sgd", dir)
        .set("input", fewer.toString()).set("resume", "true").fit(SparkTests.jsc()));
    assertTrue(data.getMessage().contains("150 rows"), data.getMessage());
    Path narrower = tmp.resolve("narrower.libsvm");
    Files.write(narrower, lines.stream().map(l -> l.replaceAll(" 13:\\S+", "")).toList());
    DataException dims = assertThrows(DataException.class, () -> run("sgd", dir)
        .set("input", narrower.toString()).set("resume", "true").fit(SparkTests.jsc()));
    assertTrue(dims.getMessage().contains("12 features"), dims.getMessage());
  }

  @Test
  void aNonFiniteStepStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("ck");
    TrainResult r = Descent.trainer().set("input", WINE).set("loss", "squared")
        .set("optimizer", "sgd").set("learningRate", "10").set("standardize", "false")
        .set("batchSize", "40").set("epochs", "500").set("partitions", "2")
        .set("checkpointDir", dir.toString()).set("checkpointEvery", "1 steps")
        .fit(SparkTests.jsc());
    assertTrue(r.diverged());
    assertTrue(r.reason().matches(".*non-finite.*\\(at epoch \\d+, step \\d+ of 5\\)"),
        r.reason());
    assertTrue(r.advice().contains("last good checkpoint"), r.advice());
    assertTrue(r.history().size() < 500, "stopped at once");
    for (Path p : checkpoints(dir)) {
      dev.descent.io.CheckpointFile.Content c = dev.descent.io.CheckpointFile.read(
          org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
          new org.apache.hadoop.fs.Path(p.toUri()));
      for (double v : c.arrays().get("theta")) {
        assertTrue(Double.isFinite(v), "checkpoint " + p + " holds a non-finite parameter");
      }
    }
  }

  @Test
  void resumeWithoutACheckpointStartsFromTheBeginning(@TempDir Path tmp) {
    TrainResult fresh = run("sgd", tmp.resolve("a")).fit(SparkTests.jsc());
    TrainResult resumed = run("sgd", tmp.resolve("empty")).set("resume", "true")
        .fit(SparkTests.jsc());
    assertSameRun(fresh, resumed);
  }

  static List<Path> checkpoints(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+\\.ckpt"))
          .sorted().toList();
    }
  }

  static double[] weights(TrainResult r) {
    return Arrays.copyOf(r.model().weights(0), 13);
  }
}
