package dev.descent.engine;

import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;

/** Told about each finished epoch, with the model as it stands after that epoch's updates. */
@FunctionalInterface
public interface TrainingListener {
  void onEpoch(EpochRecord record, LinearModel model);

  TrainingListener NONE = (r, m) -> {};
}
