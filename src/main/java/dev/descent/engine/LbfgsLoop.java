package dev.descent.engine;

import dev.descent.optim.ElasticNet;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import dev.descent.optim.stopping.Stop;

/**
 * The L-BFGS loop: full-batch quasi-Newton iterations ({@link Lbfgs}), each an epoch of the
 * history; every evaluation of its line search is one pass over all rows.
 */
final class LbfgsLoop implements TrainingLoop {
  private final Context c;
  private final ElasticNet penalty;
  private Lbfgs opt;
  private int evaluations;
  private double initial = Double.NaN;
  private String lastCheckpoint;

  LbfgsLoop(Context context) {
    this.c = context;
    this.penalty = context.objective().penalty();
  }

  @Override
  public Ending run(double[] start, LoopState restored) {
    opt = new Lbfgs(start, c.steps().hyperparameters().historySize(), penalty.l1(),
        penalty.numPenalized());
    if (restored != null) {
      opt.restore(restored.optimizer());
      c.ledger().restore(restored);
      c.curvature().restore(restored.curvature());
      initial = restored.initialObjective();
    } else {
      opt.start(this::evaluate);
      initial = opt.objective();
    }
    Stop stop = restored == null ? null : c.ledger().check(); // a finished run stays finished
    for (int iteration = (int) opt.iterations() + 1; stop == null; iteration++) {
      stop = iterate(iteration);
      if (c.sink() != null && (stop != null || c.sink().dueAfterEpoch(iteration)
          || c.sink().dueAfterStep(iteration)) && TrainingLoop.allFinite(opt.x())) {
        c.describe().accept("checkpoint at iteration " + iteration);
        c.sink().save(state(iteration));
        lastCheckpoint = "iteration " + iteration;
      }
    }
    LoopState.Best best = c.ledger().best();
    if (best != null) {
      return new Ending(best.theta(), stop, initial, Double.NaN, null, lastCheckpoint, null);
    }
    double[] theta = opt.x();
    return new Ending(theta, stop, initial, Double.NaN, null, lastCheckpoint,
        new FinalPoint(opt.objective(), opt.smoothValue() - penalty.smoothValue(theta)));
  }

  /** One iteration, as an epoch of the history. */
  private Stop iterate(int iteration) {
    long iterationStart = System.nanoTime();
    double before = opt.objective();
    double lossBefore = opt.smoothValue() - penalty.smoothValue(opt.x());
    double norm = opt.gradientNorm();
    Lbfgs.Step step = opt.iterate(this::evaluate);
    EpochRecord record = new EpochRecord(iteration, lossBefore, before, step.stepLength(), norm,
        (System.nanoTime() - iterationStart) / 1e9, step.evaluations());
    Stop stop = c.ledger().record(record, opt.x());
    if (stop == null && !step.moved()) {
      stop = new Stop(Status.CONVERGED, "no step along the L-BFGS direction lowers the"
          + " objective any further (gradient norm " + String.format("%.3g", norm)
          + "): it is at its minimum to machine precision");
    }
    return stop;
  }

  /** The smooth part of the objective at {@code x} over every row; writes its gradient. */
  private double evaluate(double[] x, double[] g) {
    c.describe().accept("L-BFGS iteration " + (opt.iterations() + 1) + "/" + c.epochs()
        + ", evaluation " + (++evaluations));
    Objective.Evaluation e = c.objective().at(x, BatchPlan.ALL);
    System.arraycopy(e.gradient(), 0, g, 0, g.length);
    return e.smooth();
  }

  private LoopState state(long iteration) {
    return new LoopState(LoopState.Kind.LBFGS, iteration, 0, iteration, opt.x().clone(),
        opt.state(), Double.NaN, c.curvature().known(), initial, LoopState.EpochSums.EMPTY,
        c.ledger().history(), c.ledger().best());
  }
}
