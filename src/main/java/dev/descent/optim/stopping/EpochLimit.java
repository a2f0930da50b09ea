package dev.descent.optim.stopping;

import java.util.List;

/** Finished after the planned number of epochs. */
public final class EpochLimit implements StoppingRule {
  private final int epochs;

  public EpochLimit(int epochs) {
    this.epochs = epochs;
  }

  @Override
  public Stop check(List<EpochRecord> history) {
    return history.size() >= epochs
        ? new Stop(Status.FINISHED, "ran the planned " + epochs + " epochs")
        : null;
  }
}
