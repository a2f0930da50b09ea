package dev.descent.engine;

/**
 * Where the first-order loop is: the next step to take, and the current epoch's running sums
 * (what a checkpoint records of the epoch in progress).
 */
final class LoopPosition {
  long epoch = 1;
  long step; // next step within the epoch, 0-based
  long globalStep; // steps taken over the run
  double lossSum;
  double objectiveSum;
  double weightSum;
  double lastRate = Double.NaN;
  double lastNorm = Double.NaN;
  long nanos; // time spent in the epoch so far (before a checkpoint)

  void nextEpoch() {
    epoch++;
    step = 0;
    restoreSums(LoopState.EpochSums.EMPTY);
  }

  void restore(LoopState s) {
    epoch = s.epoch();
    step = s.step();
    globalStep = s.globalStep();
    restoreSums(s.sums());
  }

  private void restoreSums(LoopState.EpochSums s) {
    lossSum = s.lossSum();
    objectiveSum = s.objectiveSum();
    weightSum = s.weightSum();
    lastRate = s.lastRate();
    lastNorm = s.lastNorm();
    nanos = s.nanos();
  }

  LoopState.EpochSums sums() {
    return new LoopState.EpochSums(lossSum, objectiveSum, weightSum, lastRate, lastNorm,
        nanos);
  }
}
