package dev.descent.optim.stopping;

import java.util.List;

/**
 * Early stopping: converged when the validation loss has not gone below its best for
 * {@code patience} epochs. 0 disables the rule.
 */
public final class NoValidationImprovement implements StoppingRule {
  private final int patience;

  public NoValidationImprovement(int patience) {
    this.patience = patience;
  }

  @Override
  public Stop check(List<EpochRecord> history) {
    if (patience <= 0 || !history.get(history.size() - 1).hasValidation()) {
      return null;
    }
    int best = 0;
    for (int i = 1; i < history.size(); i++) {
      if (history.get(i).validationLoss() < history.get(best).validationLoss()) {
        best = i;
      }
    }
    int since = history.size() - 1 - best;
    if (since >= patience) {
      return new Stop(Status.CONVERGED, String.format("the validation loss has not improved for"
          + " %d epochs (patience=%d); the best was %.6g at epoch %d", since, patience,
          history.get(best).validationLoss(), history.get(best).epoch()));
    }
    return null;
  }
}
