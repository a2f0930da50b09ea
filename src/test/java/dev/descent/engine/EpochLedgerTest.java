package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import dev.descent.optim.stopping.Stop;
import org.junit.jupiter.api.Test;

/**
 * The ledger's tolerance rule follows the run's batches: a full-batch run converges at its first
 * epoch within the tolerance, a mini-batch run (more than one step an epoch) after three in a row.
 */
class EpochLedgerTest {
  private static final TrainingListener QUIET = (record, model) -> { };
  private static final double[] OBJECTIVES = {12, 11, 10, 10 * (1 - 5e-7), 10, 10 * (1 - 5e-7)};

  /** The epoch (1-based) at which the ledger stops, or 0 if it does not. */
  private static int stopsAt(long stepsPerEpoch) {
    EpochLedger ledger = new EpochLedger(new TrainingPlan.Stopping(100, 1e-6), stepsPerEpoch, 0,
        null, theta -> theta, theta -> null, QUIET, what -> {});
    for (int e = 0; e < OBJECTIVES.length; e++) {
      EpochRecord r = new EpochRecord(e + 1, OBJECTIVES[e], OBJECTIVES[e], 0.1, 1, 0.01, 1);
      Stop stop = ledger.record(r, new double[] {0});
      if (stop != null) {
        assertEquals(Status.CONVERGED, stop.status());
        return e + 1;
      }
    }
    return 0;
  }

  @Test
  void aFullBatchRunConvergesAtItsFirstCalmEpoch() {
    assertEquals(4, stopsAt(1));
  }

  @Test
  void aMiniBatchRunNeedsThreeCalmEpochsInARow() {
    assertEquals(6, stopsAt(10));
    assertNull(new EpochLedger(new TrainingPlan.Stopping(100, 1e-6), 10, 0, null, t -> t,
        t -> null, QUIET, what -> {}).check(), "nothing recorded yet");
  }
}
