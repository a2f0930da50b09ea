package dev.descent.engine;

import dev.descent.config.BatchSize;
import dev.descent.config.Config;
import dev.descent.config.LearningRate;
import dev.descent.config.Settings;
import dev.descent.data.SkipReport;
import dev.descent.io.CheckpointFile;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.loss.ParameterLayout;
import dev.descent.loss.ValidationAggregator;
import dev.descent.model.LinearModel;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import dev.descent.optim.stopping.EpochLimit;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.NoValidationImprovement;
import dev.descent.optim.stopping.NonFiniteObjective;
import dev.descent.optim.stopping.RelativeImprovement;
import dev.descent.optim.stopping.Status;
import dev.descent.optim.stopping.Stop;
import dev.descent.optim.stopping.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop on the driver. Each step evaluates the objective on the step's batch through
 * one distributed pass ({@link DistributedObjective}), then applies the update rule and the L1
 * proximal step; the driver holds only parameter-sized arrays.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final Config config;
  private final TrainingListener listener;
  private final Checkpoints checkpoints;

  /** A trainer without checkpoints ({@code config} must not name a checkpointDir). */
  public Trainer(Config config, TrainingListener listener) {
    this(config, listener, null);
  }

  /**
   * A trainer that checkpoints to (and resumes from) the checkpointDir of {@code config}, as
   * claimed by {@link Checkpoints#claim}; the caller closes the claim after training.
   */
  public Trainer(Config config, TrainingListener listener, Checkpoints checkpoints) {
    if ((config.get(Settings.CHECKPOINT_DIR) == null) != (checkpoints == null)) {
      throw new IllegalArgumentException("a trainer with a checkpointDir needs its claim"
          + " (Checkpoints.claim), and only then");
    }
    this.config = config;
    this.listener = listener;
    this.checkpoints = checkpoints;
  }

  /**
   * When resuming with {@code partitions} unset, the partition count of the checkpoint to
   * resume from: reading the input into the same number of partitions gives the same split,
   * which mini-batch sampling depends on. 0 when there is nothing to resume.
   */
  public static int partitionsToResume(Config config, Checkpoints checkpoints) {
    if (checkpoints == null || checkpoints.resumable() == null
        || config.isSet(Settings.PARTITIONS)) {
      return 0;
    }
    return Snapshot.partitions(checkpoints.resumable());
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
    Loss loss = Losses.byName(config.get(Settings.LOSS));
    if (loss.labelDomain() != data.domain()) {
      throw new IllegalArgumentException("data was read for " + data.domain() + " labels, but "
          + loss.name() + " needs " + loss.labelDomain());
    }
    ParameterLayout layout = new ParameterLayout(data.numFeatures(),
        loss.outputs(data.numClasses()), config.get(Settings.INTERCEPT));
    int depth = config.get(Settings.AGGREGATION_DEPTH).levels(data.numPartitions(),
        layout.size());
    boolean standardize = config.get(Settings.STANDARDIZE);
    FeatureScaling scaling = FeatureScaling.identity();
    if (standardize) {
      double[][] moments = data.moments(depth);
      scaling = FeatureScaling.standardize(layout.intercept() ? moments[0] : null, moments[1]);
    }
    double[] start = initial == null ? new double[layout.size()]
        : scaling.fromRaw(WarmStart.coefficients(initial, loss, layout, data), layout);
    ElasticNet penalty = new ElasticNet(config.get(Settings.REG_PARAM),
        config.get(Settings.ELASTIC_NET), layout, config.get(Settings.PRIOR_REG_PARAM),
        initial == null ? null : start);
    Objective objective = new Objective(
        new DistributedObjective(data.sparkContext(), data.rdd(), layout, loss, depth), scaling,
        penalty);
    DistributedObjective validating = validation == null ? null
        : new DistributedObjective(data.sparkContext(), validation.rdd(), layout, loss, depth);
    listener.onStart(new TrainingListener.Start(data.source(), data.rows(), data.numFeatures(),
        data.numClasses(), data.numPartitions(), data.notes()));
    Run run = new Run(data, loss, objective, started, validating, start,
        validation == null ? 0 : validation.rows());
    return config.get(Settings.OPTIMIZER).equals(Optimizers.LBFGS) ? run.lbfgs() : run.firstOrder();
  }

  /** The state of one fit. */
  private final class Run {
    final TrainingData data;
    final Loss loss;
    final Objective objective;
    final ParameterLayout layout;
    final long started;
    final String optimizer = config.get(Settings.OPTIMIZER);
    final Hyperparameters hyper = new Hyperparameters(config.get(Settings.MOMENTUM),
        config.get(Settings.BETA1), config.get(Settings.BETA2), config.get(Settings.RHO),
        config.get(Settings.EPSILON), config.get(Settings.HISTORY_SIZE));
    final List<EpochRecord> history = new ArrayList<>();
    final List<StoppingRule> rules = List.of(new NonFiniteObjective(),
        new NoValidationImprovement(config.get(Settings.PATIENCE)),
        new RelativeImprovement(config.get(Settings.TOLERANCE)),
        new EpochLimit(config.get(Settings.EPOCHS)));
    final DistributedObjective validating; // null without validation rows
    final double[] start;
    double[] bestTheta; // under early stopping: the parameters of the best validation epoch
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch;
    double curvature = Double.NaN;
    String failure; // where the objective became non-finite, if it did
    String lastCheckpoint; // the position of the last checkpoint written
    final long validationRows;

    Run(TrainingData data, Loss loss, Objective objective, long started,
        DistributedObjective validating, double[] start, long validationRows) {
      this.data = data;
      this.validationRows = validationRows;
      this.loss = loss;
      this.objective = objective;
      this.layout = objective.layout();
      this.started = started;
      this.validating = validating;
      this.start = start;
    }

    TrainResult firstOrder() {
      BatchSize batch = config.get(Settings.BATCH_SIZE);
      long stepsPerEpoch = batch.stepsPerEpoch(data.rows());
      long seed = config.get(Settings.SEED);
      int epochs = config.get(Settings.EPOCHS);
      UpdateRule rule = Optimizers.create(optimizer, layout.size(), hyper);
      ElasticNet penalty = objective.penalty();
      double[] theta = start.clone();
      Position at = new Position();
      double base;
      double initial;
      Snapshot restored = restore(FIRST_ORDER);
      if (restored != null) {
        System.arraycopy(restored.theta, 0, theta, 0, theta.length);
        rule.restore(restored.optimizerState);
        restoreBest(restored);
        at.restore(restored);
        double[] sc = restored.scalars;
        base = sc[0];
        curvature = sc[1];
        initial = sc[2];
      } else {
        LearningRate rate = config.get(Settings.LEARNING_RATE);
        base = rate.auto() ? Double.NaN : rate.value();
        if (rate.auto() && !Optimizers.isAdaptive(optimizer)) {
          base = 1 / curvature();
        }
        initial = Double.NaN;
        if (stepsPerEpoch > 1) {
          describe("initial objective");
          initial = objective.full(objective.at(theta, BatchPlan.ALL), theta);
        }
      }
      Schedule schedule = Double.isNaN(base) ? null : schedule(base, stepsPerEpoch, epochs);
      Stop stop = restored == null ? null : check(); // a finished run stays finished
      while (stop == null) {
        long epochStart = System.nanoTime() - at.nanos;
        for (; at.step < stepsPerEpoch; at.step++) {
          describe("epoch " + at.epoch + "/" + epochs + ", step " + (at.step + 1) + "/"
              + stepsPerEpoch);
          BatchPlan plan = stepsPerEpoch == 1 ? BatchPlan.ALL
              : new BatchPlan(seed, at.epoch, at.step, stepsPerEpoch);
          Objective.Evaluation e = objective.at(theta, plan);
          if (e.weight() == 0) {
            continue; // every row of this batch weighs 0
          }
          double value = objective.full(e, theta);
          at.lossSum += e.loss() * e.weight();
          at.objectiveSum += value * e.weight();
          at.weightSum += e.weight();
          at.lastNorm = norm(e.gradient());
          if (schedule == null) {
            base = adaptiveAutoRate(rule, e.gradient());
            schedule = schedule(base, stepsPerEpoch, epochs);
          }
          at.lastRate = schedule.rate(at.globalStep);
          if (!Double.isFinite(value) || !Double.isFinite(at.lastNorm)) {
            failure = "epoch " + at.epoch + ", step " + (at.step + 1) + " of " + stepsPerEpoch;
            break;
          }
          rule.step(theta, e.gradient(), at.lastRate);
          penalty.prox(theta, at.lastRate, rule);
          at.globalStep++;
          listener.onStep(at.epoch, at.step + 1, stepsPerEpoch, epochs);
          if (checkpoints != null && checkpoints.dueAfterStep(at.globalStep)) {
            at.nanos = System.nanoTime() - epochStart;
            save(at, at.step + 1, theta, rule.state(), base, initial);
          }
        }
        EpochRecord record = new EpochRecord((int) at.epoch, at.lossSum / at.weightSum,
            at.objectiveSum / at.weightSum, at.lastRate, at.lastNorm, seconds(epochStart),
            (int) stepsPerEpoch);
        if (at.epoch == 1 && stepsPerEpoch == 1) {
          initial = record.objective();
        }
        stop = record(validated(record, theta), theta);
        at.nextEpoch();
        if (checkpoints != null && (stop != null || checkpoints.dueAfterEpoch(at.epoch - 1))) {
          save(at, 0, theta, rule.state(), base, initial); // the last one lets a run be extended
        }
      }
      double[] result = bestTheta != null ? bestTheta : theta;
      describe("final objective");
      Objective.Evaluation last = objective.at(result, BatchPlan.ALL);
      return finish(result, stop, initial, objective.full(last, result), last.loss(), base);
    }

    private Schedule schedule(double base, long stepsPerEpoch, int epochs) {
      return new Schedule(config.get(Settings.SCHEDULE), base, config.get(Settings.DECAY_RATE),
          config.get(Settings.DECAY_EVERY), config.get(Settings.WARMUP_EPOCHS), stepsPerEpoch,
          epochs);
    }

    /**
     * Saves a first-order checkpoint whose next step is {@code nextStep} of {@code at.epoch},
     * unless the parameters are no longer finite.
     */
    private void save(Position at, long nextStep, double[] theta, Map<String, double[]> state,
        double base, double initial) {
      if (!allFinite(theta)) {
        return;
      }
      describe("checkpoint before epoch " + at.epoch + ", step " + (nextStep + 1));
      double[] scalars = {base, curvature, initial, at.lossSum, at.objectiveSum, at.weightSum,
          at.lastRate, at.lastNorm, at.nanos};
      Snapshot s = new Snapshot(FIRST_ORDER, at.epoch, nextStep, at.globalStep, theta.clone(),
          state, scalars, List.copyOf(history), bestExtras());
      checkpoints.save(at.globalStep, s.encode(config, data));
      lastCheckpoint = nextStep == 0 ? "after epoch " + (at.epoch - 1)
          : "epoch " + at.epoch + ", after step " + nextStep;
    }

    TrainResult lbfgs() {
      ElasticNet penalty = objective.penalty();
      Lbfgs opt = new Lbfgs(start, hyper.historySize(), penalty.l1(), penalty.numPenalized());
      int[] evaluations = {0};
      int epochs = config.get(Settings.EPOCHS);
      Lbfgs.Function fn = (x, g) -> {
        describe("L-BFGS iteration " + (opt.iterations() + 1) + "/" + epochs + ", evaluation "
            + (++evaluations[0]));
        Objective.Evaluation e = objective.at(x, BatchPlan.ALL);
        System.arraycopy(e.gradient(), 0, g, 0, g.length);
        return e.smooth();
      };
      double initial;
      Snapshot restored = restore(LBFGS);
      if (restored != null) {
        opt.restore(restored.optimizerState);
        restoreBest(restored);
        curvature = restored.scalars[0];
        initial = restored.scalars[1];
      } else {
        opt.start(fn);
        initial = opt.objective();
      }
      Stop stop = restored == null ? null : check();
      for (int iteration = (int) opt.iterations() + 1; stop == null; iteration++) {
        long iterationStart = System.nanoTime();
        double before = opt.objective();
        double lossBefore = opt.smoothValue() - penalty.smoothValue(opt.x());
        double norm = opt.gradientNorm();
        Lbfgs.Step step = opt.iterate(fn);
        EpochRecord record = new EpochRecord(iteration, lossBefore, before, step.stepLength(),
            norm, seconds(iterationStart), step.evaluations());
        stop = record(validated(record, opt.x()), opt.x());
        if (stop == null && !step.moved()) {
          stop = new Stop(Status.CONVERGED, "no step along the L-BFGS direction lowers the"
              + " objective any further (gradient norm " + String.format("%.3g", norm)
              + "): it is at its minimum to machine precision");
        }
        if (checkpoints != null && (stop != null || checkpoints.dueAfterEpoch(iteration)
            || checkpoints.dueAfterStep(iteration)) && allFinite(opt.x())) {
          describe("checkpoint at iteration " + iteration);
          Snapshot s = new Snapshot(LBFGS, iteration, 0, iteration, opt.x().clone(),
              opt.state(), new double[] {curvature, initial}, List.copyOf(history),
              bestExtras());
          checkpoints.save(iteration, s.encode(config, data));
          lastCheckpoint = "iteration " + iteration;
        }
      }
      if (bestTheta != null) {
        describe("final objective");
        Objective.Evaluation last = objective.at(bestTheta, BatchPlan.ALL);
        return finish(bestTheta, stop, initial, objective.full(last, bestTheta), last.loss(),
            Double.NaN);
      }
      double[] theta = opt.x();
      double finalLoss = opt.smoothValue() - penalty.smoothValue(theta);
      return finish(theta, stop, initial, opt.objective(), finalLoss, Double.NaN);
    }

    /** The checkpoint to resume from, when resuming; also restores the history. */
    private Snapshot restore(String kind) {
      if (checkpoints == null || !config.get(Settings.RESUME)) {
        return null;
      }
      CheckpointFile.Content content = checkpoints.resumable();
      if (content == null) {
        listener.onNote("no checkpoint in " + config.get(Settings.CHECKPOINT_DIR)
            + " yet: starting from the beginning");
        return null;
      }
      Snapshot s = Snapshot.decode(content, kind, config, data);
      history.addAll(s.history);
      listener.onNote("resumed at " + (kind.equals(LBFGS) ? "iteration " + (s.epoch + 1)
          : "epoch " + s.epoch + ", step " + (s.step + 1)) + " (" + s.history.size()
          + " epochs done before)");
      return s;
    }

    /** Adds an epoch to the history, tells the listener, and checks the stopping rules. */
    private Stop record(EpochRecord record, double[] theta) {
      history.add(record);
      if (LOG.isInfoEnabled()) {
        LOG.info(String.format("Descent epoch %d/%d: loss=%.6g, objective=%.6g%s, %.3f s",
            record.epoch(), config.get(Settings.EPOCHS), record.loss(), record.objective(),
            record.hasValidation() ? String.format(", validationLoss=%.6g",
                record.validationLoss()) : "", record.seconds()));
      }
      listener.onEpoch(record, model(theta), bestTheta == null ? 0 : bestEpoch);
      return check();
    }

    /**
     * The record with validation loss and accuracy at {@code theta}, when there are validation
     * rows; under early stopping, also remembers the best parameters so far.
     */
    private EpochRecord validated(EpochRecord record, double[] theta) {
      if (validating == null) {
        return record;
      }
      describe("validation after epoch " + record.epoch());
      ValidationAggregator v = validating.validate(objective.scaling().toRaw(theta, layout));
      double vLoss = v.loss();
      if (config.get(Settings.PATIENCE) > 0 && vLoss < bestLoss) {
        bestLoss = vLoss;
        bestEpoch = record.epoch();
        bestTheta = theta.clone();
      }
      return record.withValidation(vLoss, v.accuracy(loss));
    }

    private Map<String, double[]> bestExtras() {
      return bestTheta == null ? Map.of()
          : Map.of("bestTheta", bestTheta, "best", new double[] {bestEpoch, bestLoss});
    }

    private void restoreBest(Snapshot s) {
      double[] best = s.extras.get("bestTheta");
      if (best != null) {
        bestTheta = best;
        bestEpoch = (int) s.extras.get("best")[0];
        bestLoss = s.extras.get("best")[1];
      }
    }

    /** The first stopping rule's verdict on the history, or null. */
    private Stop check() {
      if (history.isEmpty()) {
        return null;
      }
      for (StoppingRule r : rules) {
        Stop stop = r.check(history);
        if (stop != null) {
          return stop;
        }
      }
      return null;
    }

    private TrainResult finish(double[] theta, Stop stop, double initial, double finalObjective,
        double finalLoss, double base) {
      Status status = stop.status();
      String reason = stop.reason();
      if (bestTheta != null && !history.isEmpty()
          && bestEpoch != history.get(history.size() - 1).epoch()) {
        reason = reason + String.format("; the model is that of epoch %d, the best validation"
            + " loss (%.6g)", bestEpoch, bestLoss);
      }
      if (status != Status.DIVERGED && !(finalObjective <= initial)) {
        status = Status.DIVERGED;
        reason = String.format("the objective ended at %.6g, above where it started (%.6g)",
            finalObjective, initial);
      }
      String advice = null;
      if (status == Status.DIVERGED) {
        if (failure != null) {
          reason = reason + " (at " + failure + ")";
        }
        describe("diagnosing divergence");
        advice = Diagnosis.explain(optimizer, hyper, optimizer.equals(Optimizers.LBFGS)
                ? Double.NaN : curvature(), base, config.get(Settings.LEARNING_RATE).auto(),
            config.get(Settings.STANDARDIZE),
            config.get(Settings.BATCH_SIZE).isFullBatch(), config.get(Settings.SCHEDULE));
        if (lastCheckpoint != null) {
          advice = advice + " The last good checkpoint (" + lastCheckpoint + ") is in "
              + config.get(Settings.CHECKPOINT_DIR) + "; resume=true continues from it once"
              + " the settings are fixed, or start over with another checkpointDir.";
        }
      }
      return new TrainResult(model(theta), List.copyOf(history), status, reason, advice,
          initial, finalObjective, finalLoss, base, curvature, data.rows(), data.numFeatures(),
          data.summary().classCounts(), seconds(started), data.numPartitions(),
          validationRows, null, SkipReport.NONE, bestTheta != null ? bestEpoch
              : history.isEmpty() ? 0 : history.get(history.size() - 1).epoch());
    }

    /** The objective's curvature bound L, estimated once. */
    private double curvature() {
      if (Double.isNaN(curvature)) {
        describe("estimating curvature for learningRate=auto");
        double lambda = Curvature.largestEigenvalue(data, objective.scaling(), layout.intercept(),
            config.get(Settings.AGGREGATION_DEPTH).levels(data.numPartitions(), layout.size()),
            config.get(Settings.SEED));
        curvature = loss.curvature() * lambda + objective.penalty().l2();
        if (!(curvature > 0)) {
          curvature = 1; // no features and no intercept: nothing to scale by
        }
      }
      return curvature;
    }

    /**
     * For adaptive rules, whose steps are about {@code rate} per coordinate whatever the gradient's
     * size: the rate whose first step moves the largest coordinate as far as gradient descent at
     * 1/L would.
     */
    private double adaptiveAutoRate(UpdateRule rule, double[] g0) {
      double max = 0;
      for (double v : g0) {
        max = Math.max(max, Math.abs(v));
      }
      double firstStep = rule.name().equals("rmsprop") ? Math.sqrt(1 - hyper.rho()) : 1.0;
      return max > 0 ? max / curvature() * firstStep : 1 / curvature();
    }

    private LinearModel model(double[] theta) {
      double[] raw = objective.scaling().toRaw(theta, layout);
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
          layout.intercept(), config.effective(), data.featureNames());
    }

    private void describe(String what) {
      data.sparkContext().setJobDescription("Descent: " + what);
    }
  }

  private static final String FIRST_ORDER = "first-order";
  private static final String LBFGS = "lbfgs";

  /** Where a first-order run is: the next step to take, and the current epoch's running sums. */
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
      lossSum = 0;
      objectiveSum = 0;
      weightSum = 0;
      lastRate = Double.NaN;
      lastNorm = Double.NaN;
      nanos = 0;
    }

    void restore(Snapshot s) {
      epoch = s.epoch;
      step = s.step;
      globalStep = s.globalStep;
      double[] sc = s.scalars;
      lossSum = sc[3];
      objectiveSum = sc[4];
      weightSum = sc[5];
      lastRate = sc[6];
      lastNorm = sc[7];
      nanos = (long) sc[8];
    }
  }

  private static boolean allFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
