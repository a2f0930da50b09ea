package dev.descent.engine;

import dev.descent.data.SkipReport;
import dev.descent.io.CheckpointFile;
import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;
import dev.descent.model.LinearModel;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import java.util.List;

/**
 * Trains a model on cached data as a {@link TrainingPlan} says: sets up the objective (feature
 * scaling, penalty, the distributed pass of {@link DistributedObjective}), runs the plan's
 * training loop ({@link FirstOrderLoop} or {@link LbfgsLoop}) from the start or from a
 * checkpoint, and reports how the run ended: final objective, divergence diagnosis, model. The
 * driver holds only parameter-sized arrays.
 */
public final class Trainer {
  private final TrainingPlan plan;
  private final TrainingListener listener;
  private final Checkpoints checkpoints;

  /** A trainer without checkpoints ({@code plan} must have none). */
  public Trainer(TrainingPlan plan, TrainingListener listener) {
    this(plan, listener, null);
  }

  /**
   * A trainer that checkpoints to (and resumes from) the plan's checkpoint directory, as
   * claimed by {@link Checkpoints#claim}; the caller closes the claim after training.
   */
  public Trainer(TrainingPlan plan, TrainingListener listener, Checkpoints checkpoints) {
    if ((plan.checkpointing() == null) != (checkpoints == null)) {
      throw new IllegalArgumentException("a trainer with a checkpointDir needs its claim"
          + " (Checkpoints.claim), and only then");
    }
    this.plan = plan;
    this.listener = listener;
    this.checkpoints = checkpoints;
  }

  /** Trains on cached data; the caller keeps ownership of {@code data} (and closes it). */
  public TrainResult fit(TrainingData data) {
    return fit(data, null, null);
  }

  /**
   * Trains on cached data, validating after every epoch on {@code validation} (or not, if
   * null), starting from {@code initial} (or from zero, if null). The caller keeps ownership of
   * the data sets.
   */
  public TrainResult fit(TrainingData data, TrainingData validation, LinearModel initial) {
    long started = System.nanoTime();
    Loss loss = plan.model().loss();
    if (loss.labelDomain() != data.domain()) {
      throw new IllegalArgumentException("data was read for " + data.domain() + " labels, but "
          + loss.name() + " needs " + loss.labelDomain());
    }
    Run run = new Run(data, validation, started);
    double[] start = initial == null ? new double[run.layout.size()] : run.scaling.fromRaw(
        WarmStart.coefficients(initial, loss, run.layout, data), run.layout);
    TrainingPlan.Penalty p = plan.penalty();
    ElasticNet penalty = new ElasticNet(p.lambda(), p.alpha(), run.layout, p.prior(),
        initial == null ? null : start);
    listener.onStart(new TrainingListener.Start(data.source(), data.rows(), data.numFeatures(),
        data.numClasses(), data.numPartitions(), data.notes()));
    return run.train(start, penalty);
  }

  /** One fit: its data, objective and bookkeeping. */
  private final class Run {
    final TrainingData data;
    final TrainingData validation; // null without validation rows
    final long started;
    final Loss loss = plan.model().loss();
    final ParameterLayout layout;
    final int depth;
    final FeatureScaling scaling;
    final CurvatureBound curvature = new CurvatureBound(this::estimateCurvature,
        this::rowCurvature);
    Objective objective;
    EpochLedger ledger;
    private double[][] moments; // the features' {mean, std}, once computed

    /** The features' weighted moments: computed at most once a run (two passes). */
    private double[][] moments() {
      if (moments == null) {
        moments = DataStatistics.moments(data, depth);
      }
      return moments;
    }

    Run(TrainingData data, TrainingData validation, long started) {
      this.data = data;
      this.validation = validation;
      this.started = started;
      this.layout = new ParameterLayout(data.numFeatures(), loss.outputs(data.numClasses()),
          plan.model().intercept());
      this.depth = plan.execution().aggregationDepth().levels(data.numPartitions(),
          layout.size());
      this.scaling = scaling();
    }

    /** Standardization from the data's moments, or none. */
    private FeatureScaling scaling() {
      if (!plan.model().standardize()) {
        return FeatureScaling.identity();
      }
      double[][] m = moments();
      return FeatureScaling.standardize(layout.intercept() ? m[0] : null, m[1]);
    }

    TrainResult train(double[] start, ElasticNet penalty) {
      objective = new Objective(new DistributedObjective(data.sparkContext(), data.rdd(),
          layout, loss, depth), layout, scaling, penalty);
      BatchObjective validating = validation == null ? null : new DistributedObjective(
          data.sparkContext(), validation.rdd(), layout, loss, depth);
      ledger = new EpochLedger(plan.stopping(), stepsPerEpoch(), plan.validation().patience(),
          validating,
          objective::raw, this::model, listener, this::describe);
      Snapshot.Identity identity = new Snapshot.Identity(plan.defining(),
          Snapshot.Fingerprint.of(data), plan.sameSetting());
      TrainingLoop.Context context = new TrainingLoop.Context(objective, plan.steps(),
          plan.stopping().epochs(), stepsPerEpoch(),
          new TrainingLoop.Rows(data.rows(), data.weightSum(), data.numPartitions()), ledger, curvature, checkpoints == null ? null : checkpoints.sink(identity), listener,
          this::describe);
      boolean lbfgs = plan.steps().optimizer().fullBatch();
      TrainingLoop loop = lbfgs ? new LbfgsLoop(context) : new FirstOrderLoop(context);
      LoopState restored = restore(lbfgs ? LoopState.Kind.LBFGS : LoopState.Kind.FIRST_ORDER,
          identity);
      return finish(loop.run(start, restored));
    }

    /** The state to resume from, when resuming and there is a checkpoint; else null. */
    private LoopState restore(LoopState.Kind kind, Snapshot.Identity identity) {
      if (checkpoints == null || !plan.checkpointing().resume()) {
        return null;
      }
      CheckpointFile.Content content = checkpoints.resumable();
      if (content == null) {
        listener.onNote("no checkpoint in " + plan.checkpointing().directory() + " yet:"
            + " starting from the beginning");
        return null;
      }
      LoopState s = Snapshot.decode(content, kind, identity, data.source());
      listener.onNote("resumed at " + s.resumesAt() + " (" + s.history().size()
          + " epochs done before)");
      return s;
    }

    /**
     * The end of every run: the objective at the returned parameters, the final status (a run
     * that ended above where it started diverged), the advice for a diverged run, the model.
     */
    private TrainResult finish(TrainingLoop.Ending end) {
      TrainingLoop.FinalPoint point = end.known();
      if (point == null) {
        describe("final objective");
        Objective.Evaluation last = objective.at(end.theta(), BatchPlan.ALL);
        point = new TrainingLoop.FinalPoint(objective.full(last, end.theta()), last.loss());
      }
      List<EpochRecord> history = ledger.history();
      LoopState.Best best = ledger.best();
      int lastEpoch = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
      Status status = end.stop().status();
      String reason = end.stop().reason();
      if (best != null && !history.isEmpty() && best.epoch() != lastEpoch) {
        reason = reason + String.format("; the model is that of epoch %d, the best validation"
            + " loss (%.6g)", best.epoch(), best.loss());
      }
      if (status != Status.DIVERGED && !(point.objective() <= end.initialObjective())) {
        status = Status.DIVERGED;
        reason = String.format("the objective ended at %.6g, above where it started (%.6g)",
            point.objective(), end.initialObjective());
      }
      String advice = null;
      if (status == Status.DIVERGED) {
        reason = end.failure() == null ? reason : reason + " (at " + end.failure() + ")";
        advice = advice(end);
      }
      RunSummary run = new RunSummary(history, status, reason, advice, end.initialObjective(),
          point.objective(), point.loss(), end.baseRate(), curvature.known(),
          (System.nanoTime() - started) / 1e9, best != null ? best.epoch() : lastEpoch);
      return new TrainResult(model(end.theta()), run, new DataSummary(data.rows(),
          data.numFeatures(), data.summary().classCounts(), data.numPartitions(),
          validation == null ? 0 : validation.rows(), SkipReport.NONE));
    }

    /** What likely made the run diverge, what to try, and where its last checkpoint is. */
    private String advice(TrainingLoop.Ending end) {
      describe("diagnosing divergence");
      Optimizer optimizer = plan.steps().optimizer();
      String advice = Diagnosis.explain(optimizer, plan.steps().hyperparameters(),
          optimizer.fullBatch() ? Double.NaN : curvature.get(), end.baseRate(),
          plan.steps().rate().auto(), plan.model().standardize(), plan.steps().batchSize().isFullBatch(),
          Schedule.resolve(plan.steps().schedule().kind(), stepsPerEpoch()),
          plan.steps().syncEvery().local() && stepsPerEpoch() > 1
              ? plan.steps().syncEvery().toString() : null);
      if (end.lastCheckpoint() == null) {
        return advice;
      }
      return advice + " The last good checkpoint (" + end.lastCheckpoint() + ") is in "
          + plan.checkpointing().directory() + "; resume=true continues from it once the"
          + " settings are fixed, or start over with another checkpointDir.";
    }

    private long stepsPerEpoch() {
      return plan.steps().batchSize().stepsPerEpoch(data.rows());
    }

    /**
     * The mean curvature of one row: the loss's curvature factor times the mean squared norm of
     * the rows in optimization space, plus the smooth penalty (from the feature moments: no pass
     * when standardized, two once otherwise).
     */
    private double rowCurvature() {
      describe("feature moments for learningRate=auto");
      double[][] m = moments();
      return loss.curvature() * scaling.meanSquaredRowNorm(m[0], m[1],
          layout.intercept()) + objective.penalty().l2();
    }

    /** The objective's curvature bound L. */
    private double estimateCurvature() {
      describe("estimating curvature for learningRate=auto");
      double lambda = Curvature.largestEigenvalue(data, scaling, layout.intercept(), depth,
          plan.steps().seed());
      double l = loss.curvature() * lambda + objective.penalty().l2();
      return l > 0 ? l : 1; // no features and no intercept: nothing to scale by
    }

    private LinearModel model(double[] theta) {
      double[] raw = objective.raw(theta);
      int d = layout.numFeatures();
      double[][] weights = new double[layout.outputs()][d];
      double[] intercepts = new double[layout.outputs()];
      for (int k = 0; k < layout.outputs(); k++) {
        System.arraycopy(raw, layout.weightIndex(k, 0), weights[k], 0, d);
        if (layout.intercept()) {
          intercepts[k] = raw[layout.interceptIndex(k)];
        }
      }
      return new LinearModel(loss.name(), d, data.numClasses(), weights, intercepts,
          layout.intercept(), plan.settings(), data.featureNames());
    }

    private void describe(String what) {
      data.sparkContext().setJobDescription("Descent: " + what);
    }
  }
}
