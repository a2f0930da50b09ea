package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.engine.TrainResult;
import dev.descent.engine.TrainingListener;
import dev.descent.io.CheckpointFile;
import dev.descent.io.OutputLocationException;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.testing.Reference;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint directory belongs to one run: a run that starts afresh among another run's
 * checkpoints is refused (exit 2) and touches nothing, so that run can still resume;
 * discardCheckpoints=true lets it start over; a run removes only its own old checkpoints; and a
 * second run while the first still uses the directory is refused, as is a first run whose
 * directory was taken over.
 */
class CheckpointOwnershipTest {
  static final String WINE = Reference.data("wine_binary_std");

  @TempDir
  Path tmp;

  private static List<String> settings(Path ck, String... more) {
    List<String> s = new ArrayList<>(List.of("input=" + WINE, "loss=logistic", "optimizer=adam",
        "batchSize=25", "epochs=6", "tolerance=0", "regParam=0.01", "partitions=3",
        "checkpointDir=" + ck));
    s.addAll(List.of(more));
    return s;
  }

  private static Cli.Result train(Path ck, String... more) {
    List<String> args = new ArrayList<>(List.of("train"));
    args.addAll(settings(ck, more));
    return Cli.run(args.toArray(new String[0]));
  }

  private static Descent.Builder builder(Path ck, String... more) {
    Descent.Builder b = Descent.trainer();
    for (String s : settings(ck, more)) {
      b.set(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
    }
    return b;
  }

  /** The first run, crashed (an exception, as in CheckpointResumeTest) in epoch 3. */
  private static void crashedRun(Path ck) {
    Descent.Builder b = builder(ck).listener((record, model) -> {
      if (record.epoch() == 3) {
        throw new IllegalStateException("simulated crash");
      }
    });
    assertThrows(IllegalStateException.class, () -> b.fit(SparkTests.jsc()));
  }

  @Test
  void aFreshRunAmongAnotherRunsCheckpointsIsRefusedAndThatRunCanStillResume()
      throws IOException {
    Path ck = tmp.resolve("ck");
    crashedRun(ck);
    Map<String, String> before = snapshot(ck);

    Cli.Result refused = train(ck).assertExit(2);

    refused.assertErrContains("checkpointDir", ck.toString(), "of another run",
        "resume=true continues that run", "discardCheckpoints=true");
    assertEquals("", refused.out(), "refused before training");
    assertEquals(before, snapshot(ck), "nothing of the first run's touched");

    Cli.Result resumed = train(ck, "resume=true").assertExit(0);
    resumed.assertErrContains("note: resumed at epoch 3, step 1 (2 epochs done before)");
    assertEquals(4, resumed.outLines().stream().filter(l -> l.startsWith("Epoch ")).count(),
        "epochs 3 to 6:\n" + resumed.out());
  }

  /**
   * Local steps, and mini-batches, depend on how the data is split: a resume that would read
   * the input into another number of partitions is refused as a setting, naming it.
   */
  @Test
  void aResumeWithAnotherPartitioningIsRefusedNamingPartitions() throws IOException {
    Path ck = tmp.resolve("ck");
    crashedRun(ck);
    Map<String, String> before = snapshot(ck);
    List<String> args = new ArrayList<>(List.of("train"));
    for (String s : settings(ck, "resume=true")) {
      args.add(s.equals("partitions=3") ? "partitions=2" : s);
    }
    Cli.Result refused = Cli.run(args.toArray(new String[0])).assertExit(2);
    refused.assertErrContains("partitions", "3 then", "partitions=3");
    assertEquals("", refused.out(), "refused before training");
    assertEquals(before, snapshot(ck), "the checkpoints are untouched");
  }

  /**
   * Settings are compared by value, not as text: 1e-2 is 0.01 and seed 01 is the default 1;
   * another value is still refused, naming the setting.
   */
  @Test
  void aResumeComparesSettingsByValueNotByText() throws IOException {
    Path ck = tmp.resolve("ck");
    crashedRun(ck);
    Cli.Result resumed = Cli.run(resumeWith(ck, "regParam=1e-2", "seed=01")).assertExit(0);
    resumed.assertErrContains("note: resumed at epoch 3, step 1");
    Path other = tmp.resolve("other");
    crashedRun(other);
    Cli.Result refused = Cli.run(resumeWith(other, "regParam=0.011")).assertExit(2);
    refused.assertErrContains("regParam (checkpoint: 0.01, now: 0.011)");
  }

  /** The arguments of a resume of the run in {@code ck}, with {@code changes} replacing keys. */
  private static String[] resumeWith(Path ck, String... changes) {
    Map<String, String> byKey = new java.util.LinkedHashMap<>();
    for (String s : settings(ck, "resume=true")) {
      byKey.put(s.substring(0, s.indexOf('=')), s);
    }
    for (String c : changes) {
      byKey.put(c.substring(0, c.indexOf('=')), c);
    }
    List<String> args = new ArrayList<>(List.of("train"));
    args.addAll(byKey.values());
    return args.toArray(new String[0]);
  }

  @Test
  void resumeWithNothingUsableIsAFreshStartAndRefusedToo() throws IOException {
    Path ck = tmp.resolve("ck");
    crashedRun(ck);
    try (Stream<Path> s = Files.list(ck)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".ckpt")).toList()) {
        Files.write(p, new byte[] {1, 2, 3}); // damaged beyond use (its .crc no longer matches)
      }
    }
    train(ck, "resume=true").assertExit(2).assertErrContains("none of which can be resumed");
  }

  @Test
  void discardCheckpointsLetsAFreshRunReplaceThem() throws IOException {
    Path ck = tmp.resolve("ck");
    crashedRun(ck);
    String firstRun = runs(ck).get(0);

    Cli.Result r = train(ck, "discardCheckpoints=true").assertExit(0);

    r.assertErrContains("note: discarded 2 checkpoints of another run in " + ck);
    List<String> now = runs(ck);
    assertEquals(2, now.size());
    assertEquals(now.get(0), now.get(1));
    assertNotEquals(firstRun, now.get(0), "only the new run's checkpoints are left");
  }

  @Test
  void aRunRemovesOnlyItsOwnOldCheckpoints() throws IOException {
    Path other = tmp.resolve("other");
    Path ck = tmp.resolve("ck");
    builder(other, "epochs=1").fit(SparkTests.jsc()); // its checkpoint: number 8 (8 steps)
    crashedRun(ck); // numbers 8 and 16 (after epochs 1 and 2)
    Path foreign = ck.resolve("checkpoint-000000000001.ckpt");
    Files.copy(other.resolve("checkpoint-000000000008.ckpt"), foreign);

    train(ck, "resume=true").assertExit(0);

    assertTrue(Files.exists(foreign), "another run's checkpoint is not this run's to delete");
    try (Stream<Path> s = Files.list(ck)) {
      assertEquals(List.of("checkpoint-000000000001.ckpt", "checkpoint-000000000040.ckpt",
          "checkpoint-000000000048.ckpt"), s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".ckpt")).sorted().toList());
    }
  }

  @Test
  void aSecondRunWhileTheFirstStillRunsIsRefusedAndATakeOverStopsTheFirst() throws Exception {
    Path ck = tmp.resolve("ck");
    CountDownLatch atEpoch2 = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    Descent.Builder first = builder(ck).listener(new TrainingListener() {
      @Override
      public void onEpoch(EpochRecord record, LinearModel model) {
        if (record.epoch() == 2) {
          atEpoch2.countDown();
          try {
            go.await(120, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    });
    CompletableFuture<TrainResult> running = CompletableFuture.supplyAsync(
        () -> first.fit(SparkTests.jsc()));
    try {
      assertTrue(atEpoch2.await(120, TimeUnit.SECONDS), "the first run reached epoch 2");

      Cli.Result second = train(ck, "resume=true").assertExit(2);
      second.assertErrContains("checkpointDir " + ck + " is in use by process "
          + ProcessHandle.current().pid());
      assertTrue(Files.exists(ck.resolve("checkpoint.lock")), "the first run's lock stays");

      // Now something takes the directory over behind the first run's back.
      Files.writeString(ck.resolve("checkpoint.lock"), "someone else");
      Files.deleteIfExists(ck.resolve(".checkpoint.lock.crc"));
    } finally {
      go.countDown();
    }
    Throwable e = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> running.get(120, TimeUnit.SECONDS)).getCause();
    assertTrue(e instanceof OutputLocationException && e.getMessage().contains(
        "was taken over by another run while this run was using it"), e.toString());
  }

  @Test
  void theLockIsReleasedWhenARunEnds() {
    Path ck = tmp.resolve("ck");
    train(ck).assertExit(0);
    assertFalse(Files.exists(ck.resolve("checkpoint.lock")));
    crashedRun(tmp.resolve("ck2"));
    assertFalse(Files.exists(tmp.resolve("ck2/checkpoint.lock")), "released on a crash too");
  }

  /** The run each checkpoint names, newest first. */
  private static List<String> runs(Path ck) throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(ck)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".ckpt"))
          .sorted(java.util.Comparator.reverseOrder()).toList()) {
        out.add(CheckpointFile.header(fs, new org.apache.hadoop.fs.Path(p.toString()))
            .path("run").asText());
      }
    }
    return out;
  }

  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
      }
    }
    return files;
  }
}
