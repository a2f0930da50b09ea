package dev.descent.optim.stopping;

import java.util.List;

/**
 * Decides after each epoch whether training should stop. Rules are small strategies, checked in
 * order; the first verdict wins.
 */
public interface StoppingRule {
  /** A verdict after the last epoch of {@code history}, or null to go on. */
  Stop check(List<EpochRecord> history);
}
