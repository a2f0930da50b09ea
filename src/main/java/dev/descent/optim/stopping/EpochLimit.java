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
    if (history.size() > epochs) { // resumed from a run that had done more
      return new Stop(Status.FINISHED, "the planned " + epochs + " epochs were done before this"
          + " run resumed (" + history.size() + " in all); raise epochs to train further");
    }
    return history.size() == epochs
        ? new Stop(Status.FINISHED, "ran the planned " + epochs + " epochs")
        : null;
  }
}
