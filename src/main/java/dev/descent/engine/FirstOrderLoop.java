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
 * ended up to 50x further from the optimum (docs/objective.md, Mini-batch defaults). The
 * schedule counts planned steps, empty ones included, so that it keeps to its epochs.
 *
 * <p>{@link #step} is the unit of synchronization. With local steps ({@code syncEvery} other than
 * {@code step}) a {@link #round} replaces it: each partition takes several steps and the driver
 * combines the parameter changes; the epoch around it (accounting, listener, checkpoints,
 * stopping rules) stays as it is, checkpoints falling on round boundaries.
 */
final class FirstOrderLoop implements TrainingLoop {
  private final Context c;
  private final Optimizer optimizer;
  private final UpdateRule rule;
  private final ElasticNet penalty;
  private final long stepsPerEpoch;
  private final SyncEvery sync;
  private final LocalRates rates;
  private final LoopPosition at = new LoopPosition();
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
    this.sync = stepsPerEpoch > 1 ? context.steps().syncEvery() : SyncEvery.STEP;
    this.rates = new LocalRates(optimizer, context.steps().hyperparameters(), schedule(1),
        gain -> BatchCurvature.local(context, gain));
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
    } else if (optimizer == Optimizer.SGD && (!sync.local() || sync.steps() == 1)) {
      base = 1 / BatchCurvature.forSgdSteps(c); // synchronous steps (rounds of one step are)
    } else if (!optimizer.adaptive()) {
      base = 1 / BatchCurvature.forRun(c);
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
    while (at.step < stepsPerEpoch) {
      long length = sync.roundLength(at.step, stepsPerEpoch);
      long before = at.globalStep;
      Outcome outcome = sync.local() ? round(length) : step();
      if (outcome == Outcome.NOT_FINITE) {
        failure = "epoch " + at.epoch + ", " + (sync.local()
            ? sync.roundName(at.step, length, stepsPerEpoch)
            : "step " + (at.step + 1) + " of " + stepsPerEpoch);
        break;
      }
      at.step += length;
      if (outcome == Outcome.TAKEN && c.sink() != null && due(before, at.globalStep)) {
        at.nanos = System.nanoTime() - epochStart;
        save(at.step);
      }
    }
    EpochRecord record = new EpochRecord((int) at.epoch, at.lossSum / at.weightSum,
        at.objectiveSum / at.weightSum, at.lastRate, at.lastNorm,
        (System.nanoTime() - epochStart) / 1e9, (int) stepsPerEpoch,
        (int) sync.roundsPerEpoch(stepsPerEpoch));
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
    at.lastNorm = TrainingLoop.norm(e.gradient());
    if (schedule == null) {
      base = adaptiveAutoRate(e.gradient());
      schedule = schedule(base);
    }
    at.lastRate = schedule.rate(planned());
    if (!Double.isFinite(value) || !Double.isFinite(at.lastNorm)) {
      return Outcome.NOT_FINITE;
    }
    double share = share(e.gradient(), e.weight(), 1);
    rule.step(theta, e.gradient(), at.lastRate);
    penalty.prox(theta, at.lastRate * share, rule);
    at.globalStep++;
    c.listener().onStep(at.epoch, at.step + 1, stepsPerEpoch, c.epochs());
    return Outcome.TAKEN;
  }

  /**
   * One round of local steps, the synchronization that replaces {@code length} steps: every
   * partition steps from the parameters over its share of the round's batches, at local rates
   * ({@link LocalRates}). For momentum rules the partitions take the rule's steps from the
   * driver's velocity and the driver averages parameters and velocities ({@link MomentumRound}).
   * For the others the driver takes the weighted mean change as a pseudo-gradient
   * {@code G = -change / (sum of the local rates)} and applies the update rule to it at the sum
   * of the schedule's rates over the round's steps. Then the L1 proximal step that the
   * partitions left out after their last step, at that step's share of the round's rate. Like a
   * step's gradient, the batches' part is weighed by the round's share of the epoch
   * ({@link #share}). With one step per round the round is the synchronous step (up to
   * rounding).
   */
  private Outcome round(long length) {
    c.describe().accept("epoch " + at.epoch + "/" + c.epochs() + ", "
        + sync.roundName(at.step, length, stepsPerEpoch));
    double[] local = rates.local(schedule, planned(), length);
    LocalRound.Momentum m = rates.momentum(rule);
    Objective.Round r = c.objective().round(theta, local, m,
        new BatchPlan(c.steps().seed(), at.epoch, at.step, stepsPerEpoch));
    if (r.weight() == 0) {
      return Outcome.EMPTY; // every row of these batches weighs 0
    }
    double[] batches = m == null ? r.change() : MomentumRound.batchesPart(r, m);
    double[] g = m == null ? LocalRates.pseudoGradient(batches, local)
        : MomentumRound.gradient(batches, m, local);
    at.lossSum += r.lossSum();
    at.objectiveSum += r.objectiveSum();
    at.weightSum += r.weight();
    at.lastNorm = TrainingLoop.norm(g);
    if (schedule == null) {
      base = adaptiveAutoRate(g);
      schedule = schedule(base);
    }
    double rate = rates.driver(schedule, planned(), length);
    at.lastRate = m == null ? schedule.rate(planned() + length - 1) : local[local.length - 1];
    if (!Double.isFinite(r.objectiveSum()) || !Double.isFinite(at.lastNorm)) {
      return Outcome.NOT_FINITE;
    }
    double share = share(g, r.weight(), length);
    if (m == null) {
      rule.step(theta, g, rate);
      penalty.prox(theta, rate * LocalRates.lastShare(local) * share, rule);
    } else {
      MomentumRound.setVelocity(rule, MomentumRound.apply(theta, batches, r, m, share), length);
      penalty.prox(theta, local[local.length - 1] * share, rule);
    }
    at.globalStep += length;
    c.listener().onRound(at.epoch, sync.roundIndex(at.step), sync.roundsPerEpoch(stepsPerEpoch),
        c.epochs());
    return Outcome.TAKEN;
  }

  /** Whether a checkpoint is due after a step in {@code (from, to]}: they round up to a round. */
  private boolean due(long from, long to) {
    for (long s = from + 1; s <= to; s++) {
      if (c.sink().dueAfterStep(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Scales the mean gradient {@code g} of {@code steps} planned steps whose rows weigh
   * {@code weight} (in place) to their gradient sum over the mean weight of that many batches,
   * and returns that factor, the batches' share of the epoch: 1 for the full batch, whose
   * gradient is left exactly as it is.
   */
  private double share(double[] g, double weight, long steps) {
    if (stepsPerEpoch == 1) {
      return 1;
    }
    double share = weight * stepsPerEpoch / (c.rows().weightSum() * steps);
    for (int i = 0; i < g.length; i++) {
      g[i] *= share;
    }
    return share;
  }

  /** The planned step of the run that comes next (0-based; empty steps count). */
  private long planned() {
    return (at.epoch - 1) * stepsPerEpoch + at.step;
  }

  /** What a step did. */
  private enum Outcome { TAKEN, EMPTY, NOT_FINITE }

  private Schedule schedule(double rate) {
    return c.steps().schedule().from(rate, stepsPerEpoch, c.epochs());
  }

  /**
   * For adaptive rules, whose steps are about {@code rate} per coordinate whatever the
   * gradient's size: the rate whose first step moves the largest coordinate as far as gradient
   * descent at 1/L would (mini-batches: 1/{@link BatchCurvature#forRun}).
   */
  private double adaptiveAutoRate(double[] g0) {
    double max = 0;
    for (double v : g0) {
      max = Math.max(max, Math.abs(v));
    }
    double curvature = BatchCurvature.forRun(c);
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
}
