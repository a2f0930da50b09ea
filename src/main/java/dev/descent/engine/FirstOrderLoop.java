package dev.descent.engine;

import dev.descent.optim.ElasticNet;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Stop;

/**
 * The first-order loop: epochs of mini-batch steps, each step one synchronization with the
 * executors (the batch's gradient at the current parameters, in one distributed pass) followed
 * by the update rule and the L1 proximal step on the driver.
 *
 * <p>A mini-batch step weighs its batch by the batch's share of the epoch: its gradient is the
 * batch's gradient sum over the mean batch weight (total weight / steps per epoch), not over the
 * batch's own weight, so that every row counts the same in an epoch whatever the size of the
 * batch it fell in (batches differ by the rounding of each partition's share, down to empty
 * ones), and an epoch's steps add up to the full gradient, as random reshuffling needs. Weighing
 * each batch by its own weight made rows in small batches count up to 3x more, and the rules
 * ended up to 50x further from the optimum (docs/defaults.md). The schedule counts planned
 * steps, empty ones included, so that it keeps to its epochs.
 *
 * <p>{@link #step} is the unit of synchronization. Local steps between synchronizations (a round
 * in which each partition takes several steps and the driver combines the parameter changes)
 * would replace it; the epoch around it (accounting, listener, checkpoints, stopping rules)
 * stays as it is.
 */
final class FirstOrderLoop implements TrainingLoop {
  private final Context c;
  private final Optimizer optimizer;
  private final UpdateRule rule;
  private final ElasticNet penalty;
  private final long stepsPerEpoch;
  private final Position at = new Position();
  private double[] theta;
  private double base = Double.NaN; // the base learning rate, once resolved
  private double initial = Double.NaN; // the objective at the start
  private Schedule schedule; // null until the base rate is known
  private String failure;
  private String lastCheckpoint;

  FirstOrderLoop(Context context) {
    this.c = context;
    this.optimizer = context.steps().optimizer();
    this.rule = optimizer.create(context.objective().layout().size(),
        context.steps().hyperparameters());
    this.penalty = context.objective().penalty();
    this.stepsPerEpoch = context.stepsPerEpoch();
  }

  @Override
  public Ending run(double[] start, LoopState restored) {
    theta = start.clone();
    if (restored != null) {
      resume(restored);
    } else {
      begin();
    }
    Stop stop = restored == null ? null : c.ledger().check(); // a finished run stays finished
    while (stop == null) {
      stop = epoch();
    }
    LoopState.Best best = c.ledger().best();
    return new Ending(best != null ? best.theta() : theta, stop, initial, base, failure,
        lastCheckpoint, null);
  }

  /** Resolves the learning rate, and evaluates the starting point when steps are mini-batches. */
  private void begin() {
    if (!c.steps().rate().auto()) {
      base = c.steps().rate().value();
    } else if (!optimizer.adaptive()) {
      base = 1 / autoCurvature();
    } // adaptive rules resolve auto at their first step, from its gradient
    if (stepsPerEpoch > 1) {
      c.describe().accept("initial objective");
      initial = c.objective().full(c.objective().at(theta, BatchPlan.ALL), theta);
    }
    schedule = Double.isNaN(base) ? null : schedule(base);
  }

  private void resume(LoopState s) {
    System.arraycopy(s.theta(), 0, theta, 0, theta.length);
    rule.restore(s.optimizer());
    c.ledger().restore(s);
    at.restore(s);
    base = s.baseRate();
    c.curvature().restore(s.curvature());
    initial = s.initialObjective();
    schedule = Double.isNaN(base) ? null : schedule(base);
  }

  /** One epoch: its steps, its record, and the checkpoint after it when due. */
  private Stop epoch() {
    long epochStart = System.nanoTime() - at.nanos;
    for (; at.step < stepsPerEpoch; at.step++) {
      Outcome outcome = step();
      if (outcome == Outcome.NOT_FINITE) {
        failure = "epoch " + at.epoch + ", step " + (at.step + 1) + " of " + stepsPerEpoch;
        break;
      }
      if (outcome == Outcome.TAKEN && c.sink() != null
          && c.sink().dueAfterStep(at.globalStep)) {
        at.nanos = System.nanoTime() - epochStart;
        save(at.step + 1);
      }
    }
    EpochRecord record = new EpochRecord((int) at.epoch, at.lossSum / at.weightSum,
        at.objectiveSum / at.weightSum, at.lastRate, at.lastNorm,
        (System.nanoTime() - epochStart) / 1e9, (int) stepsPerEpoch);
    if (at.epoch == 1 && stepsPerEpoch == 1) {
      initial = record.objective();
    }
    Stop stop = c.ledger().record(record, theta);
    at.nextEpoch();
    if (c.sink() != null && (stop != null || c.sink().dueAfterEpoch(at.epoch - 1))) {
      save(0); // the last one lets a finished run be extended
    }
    return stop;
  }

  /**
   * One synchronization: evaluates the step's batch at the parameters, adds it to the epoch's
   * sums, and updates the parameters.
   *
   * @return whether a step was taken; when the objective or its gradient is not finite, the
   *     parameters are left as they were
   */
  private Outcome step() {
    c.describe().accept("epoch " + at.epoch + "/" + c.epochs() + ", step " + (at.step + 1) + "/"
        + stepsPerEpoch);
    BatchPlan batch = stepsPerEpoch == 1 ? BatchPlan.ALL
        : new BatchPlan(c.steps().seed(), at.epoch, at.step, stepsPerEpoch);
    Objective.Evaluation e = c.objective().at(theta, batch);
    if (e.weight() == 0) {
      return Outcome.EMPTY; // every row of this batch weighs 0
    }
    double value = c.objective().full(e, theta);
    at.lossSum += e.loss() * e.weight();
    at.objectiveSum += value * e.weight();
    at.weightSum += e.weight();
    at.lastNorm = norm(e.gradient());
    if (schedule == null) {
      base = adaptiveAutoRate(e.gradient());
      schedule = schedule(base);
    }
    at.lastRate = schedule.rate((at.epoch - 1) * stepsPerEpoch + at.step);
    if (!Double.isFinite(value) || !Double.isFinite(at.lastNorm)) {
      return Outcome.NOT_FINITE;
    }
    double share = share(e);
    rule.step(theta, e.gradient(), at.lastRate);
    penalty.prox(theta, at.lastRate * share, rule);
    at.globalStep++;
    c.listener().onStep(at.epoch, at.step + 1, stepsPerEpoch, c.epochs());
    return Outcome.TAKEN;
  }

  /**
   * The batch's share of the epoch, {@code weight / (total weight / stepsPerEpoch)}: scales the
   * batch's mean gradient (in place) to its gradient sum over the mean batch weight. 1 for the
   * full batch, whose gradient is left exactly as it is.
   */
  private double share(Objective.Evaluation e) {
    if (stepsPerEpoch == 1) {
      return 1;
    }
    double share = e.weight() * stepsPerEpoch / c.rows().weightSum();
    double[] g = e.gradient();
    for (int i = 0; i < g.length; i++) {
      g[i] *= share;
    }
    return share;
  }

  /**
   * The curvature bound {@code learningRate=auto} divides by: L for the full batch; for
   * mini-batches the larger bound of {@link BatchCurvature}, which counts the batch's noise.
   */
  private double autoCurvature() {
    double l = c.curvature().get();
    if (stepsPerEpoch == 1) {
      return l;
    }
    return BatchCurvature.of(l, c.curvature().row(), c.rows().count(), stepsPerEpoch,
        optimizer.noiseGain(c.steps().hyperparameters()));
  }

  /** What a step did. */
  private enum Outcome { TAKEN, EMPTY, NOT_FINITE }

  private Schedule schedule(double rate) {
    return c.steps().schedule().from(rate, stepsPerEpoch, c.epochs());
  }

  /**
   * For adaptive rules, whose steps are about {@code rate} per coordinate whatever the
   * gradient's size: the rate whose first step moves the largest coordinate as far as gradient
   * descent at 1/L would (mini-batches: at the rate of {@link #autoCurvature}).
   */
  private double adaptiveAutoRate(double[] g0) {
    double max = 0;
    for (double v : g0) {
      max = Math.max(max, Math.abs(v));
    }
    double curvature = autoCurvature();
    return max > 0
        ? max / curvature * optimizer.firstStepFactor(c.steps().hyperparameters())
        : 1 / curvature;
  }

  /**
   * Saves a checkpoint whose next step is {@code nextStep} of {@code at.epoch}, unless the
   * parameters are no longer finite.
   */
  private void save(long nextStep) {
    if (!TrainingLoop.allFinite(theta)) {
      return;
    }
    c.describe().accept("checkpoint before epoch " + at.epoch + ", step " + (nextStep + 1));
    c.sink().save(state(nextStep));
    lastCheckpoint = nextStep == 0 ? "after epoch " + (at.epoch - 1)
        : "epoch " + at.epoch + ", after step " + nextStep;
  }

  private LoopState state(long nextStep) {
    return new LoopState(LoopState.Kind.FIRST_ORDER, at.epoch, nextStep, at.globalStep,
        theta.clone(), rule.state(), base, c.curvature().known(), initial, at.sums(),
        c.ledger().history(), c.ledger().best());
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** Where the loop is: the next step to take, and the current epoch's running sums. */
  private static final class Position {
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
}
