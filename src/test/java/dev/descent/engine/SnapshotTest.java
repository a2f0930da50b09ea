package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.data.SettingException;
import dev.descent.io.CheckpointFile;
import dev.descent.optim.stopping.EpochRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A loop state as a checkpoint's content: by name, and only for the run it belongs to. */
class SnapshotTest {
  static final Snapshot.Identity ID = new Snapshot.Identity(Map.of("loss", "logistic",
      "regParam", "0.1"), new Snapshot.Fingerprint(10, 10, 2, 2, new long[] {5, 5}));

  static LoopState state() {
    return new LoopState(LoopState.Kind.FIRST_ORDER, 3, 2, 14, new double[] {0.5, -1, 2},
        Map.of("t", new double[] {14}, "velocity", new double[] {1, 2, 3}), 0.25, Double.NaN,
        0.69, new LoopState.EpochSums(1.5, 1.75, 4, 0.25, 0.125, 123_456_789),
        List.of(new EpochRecord(1, 0.6, 0.65, 0.25, 1.5, 0.1, 5).withValidation(0.7, 0.8),
            new EpochRecord(2, 0.5, 0.55, 0.25, 1.25, 0.1, 5, Double.NaN, Double.NaN)),
        new LoopState.Best(new double[] {0.25, -0.5, 1}, 1, 0.7));
  }

  @Test
  void everyValueComesBackByName() {
    LoopState s = state();
    CheckpointFile.Content c = Snapshot.encode(s, ID);
    assertTrue(c.arrays().containsKey("epoch.lossSum"), c.arrays().keySet().toString());
    assertTrue(c.arrays().containsKey("history.validationLoss"));
    LoopState back = Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, ID, "data");
    assertEquals(List.of(s.epoch(), s.step(), s.globalStep()),
        List.of(back.epoch(), back.step(), back.globalStep()));
    assertEquals(s.sums(), back.sums());
    assertEquals(s.history(), back.history());
    assertEquals(Double.doubleToLongBits(s.baseRate()), Double.doubleToLongBits(back.baseRate()));
    assertTrue(Double.isNaN(back.curvature()));
    assertEquals(s.best().epoch(), back.best().epoch());
    assertEquals(s.best().loss(), back.best().loss(), 0.0);
    assertEquals(List.of(1.0, 2.0, 3.0), List.of(back.optimizer().get("velocity")[0],
        back.optimizer().get("velocity")[1], back.optimizer().get("velocity")[2]));
  }

  @Test
  void aHistoryWrittenBeforeRoundsHasARoundPerPass() {
    CheckpointFile.Content c = Snapshot.encode(state(), ID);
    assertTrue(c.arrays().remove("history.rounds") != null);
    List<EpochRecord> back = Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, ID, "data")
        .history();
    assertEquals(5, back.get(0).rounds());
    assertEquals(state().history(), back);
  }

  @Test
  void aCheckpointOfAnotherFormatVersionIsRefusedSayingWhatToDo() {
    CheckpointFile.Content c = Snapshot.encode(state(), ID);
    c.header().put("version", 1);
    SettingException e = assertThrows(SettingException.class,
        () -> Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, ID, "data"));
    assertEquals("resume", e.key());
    assertTrue(e.getMessage().contains("format version 1; this Descent reads version 3"),
        e.getMessage());
    assertTrue(e.getMessage().contains("discardCheckpoints=true"), e.getMessage());
  }

  /**
   * Version 2 checkpoints resume, but for a momentum velocity of rounds of local steps, whose
   * meaning changed: refused, saying why and what to do.
   */
  @Test
  void aVersion2CheckpointResumesUnlessItHoldsAVelocityOfRounds() {
    CheckpointFile.Content c = Snapshot.encode(state(), ID);
    c.header().put("version", 2);
    assertEquals(3, Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, ID, "data").epoch(),
        "no syncEvery in its settings: synchronous steps, read as before");
    ((com.fasterxml.jackson.databind.node.ObjectNode) c.header().path("settings"))
        .put("syncEvery", "epoch");
    Snapshot.Identity rounds = new Snapshot.Identity(Map.of("loss", "logistic", "regParam",
        "0.1", "syncEvery", "epoch"), ID.data());
    SettingException e = assertThrows(SettingException.class,
        () -> Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, rounds, "data"));
    assertTrue(e.getMessage().contains("momentum velocity of rounds of local steps"),
        e.getMessage());
    assertTrue(e.getMessage().contains("discardCheckpoints=true"), e.getMessage());
  }

  @Test
  void changedSettingsOrDataAreRefused() {
    CheckpointFile.Content c = Snapshot.encode(state(), ID);
    Snapshot.Identity changed = new Snapshot.Identity(Map.of("loss", "hinge", "regParam", "0.1"),
        ID.data());
    SettingException e = assertThrows(SettingException.class,
        () -> Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, changed, "data"));
    assertEquals("loss", e.key());
    assertTrue(e.getMessage().contains("loss (checkpoint: logistic, now: hinge)"),
        e.getMessage());
    Snapshot.Identity split = new Snapshot.Identity(ID.settings(),
        new Snapshot.Fingerprint(10, 10, 2, 2, new long[] {4, 6}));
    SettingException p = assertThrows(SettingException.class,
        () -> Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, split, "data"));
    assertEquals("partitions", p.key(), "the partitioning defines the run: a usage error");
    assertTrue(p.getMessage().contains("resume with partitions=2"), p.getMessage());
    Snapshot.Identity fewer = new Snapshot.Identity(ID.settings(),
        new Snapshot.Fingerprint(9, 9, 2, 2, new long[] {4, 5}));
    assertThrows(DataException.class,
        () -> Snapshot.decode(c, LoopState.Kind.FIRST_ORDER, fewer, "data"),
        "other rows are other data, whatever the split");
    assertEquals("optimizer", assertThrows(SettingException.class,
        () -> Snapshot.decode(c, LoopState.Kind.LBFGS, ID, "data")).key());
  }
}
