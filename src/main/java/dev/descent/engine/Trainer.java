package dev.descent.engine;

import dev.descent.config.BatchSize;
import dev.descent.config.Config;
import dev.descent.config.LearningRate;
import dev.descent.config.Settings;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.loss.ParameterLayout;
import dev.descent.model.LinearModel;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import dev.descent.optim.stopping.EpochLimit;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.NonFiniteObjective;
import dev.descent.optim.stopping.RelativeImprovement;
import dev.descent.optim.stopping.Status;
import dev.descent.optim.stopping.Stop;
import dev.descent.optim.stopping.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The training loop on the driver. Each step evaluates the objective on the step's batch through
 * one distributed pass ({@link DistributedObjective}), then applies the update rule and the L1
 * proximal step; the driver holds only parameter-sized arrays.
 */
public final class Trainer {
  private final Config config;
  private final TrainingListener listener;

  public Trainer(Config config, TrainingListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** Trains on cached data; the caller keeps ownership of {@code data} (and closes it). */
  public TrainResult fit(TrainingData data) {
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
    ElasticNet penalty = new ElasticNet(config.get(Settings.REG_PARAM),
        config.get(Settings.ELASTIC_NET), layout);
    Objective objective = new Objective(
        new DistributedObjective(data.sparkContext(), data.rdd(), layout, loss, depth), scaling,
        penalty);
    listener.onStart(new TrainingListener.Start(data.source(), data.rows(), data.numFeatures(),
        data.numClasses(), data.numPartitions(), data.notes()));
    Run run = new Run(data, loss, objective, started);
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
        new RelativeImprovement(config.get(Settings.TOLERANCE)),
        new EpochLimit(config.get(Settings.EPOCHS)));
    double curvature = Double.NaN;

    Run(TrainingData data, Loss loss, Objective objective, long started) {
      this.data = data;
      this.loss = loss;
      this.objective = objective;
      this.layout = objective.layout();
      this.started = started;
    }

    TrainResult firstOrder() {
      BatchSize batch = config.get(Settings.BATCH_SIZE);
      long stepsPerEpoch = batch.stepsPerEpoch(data.rows());
      long seed = config.get(Settings.SEED);
      int epochs = config.get(Settings.EPOCHS);
      UpdateRule rule = Optimizers.create(optimizer, layout.size(), hyper);
      ElasticNet penalty = objective.penalty();
      double[] theta = new double[layout.size()];
      LearningRate rate = config.get(Settings.LEARNING_RATE);
      double base = rate.auto() ? Double.NaN : rate.value();
      if (rate.auto() && !Optimizers.isAdaptive(optimizer)) {
        base = 1 / curvature();
      }
      Schedule schedule = null;
      double initial = Double.NaN;
      if (stepsPerEpoch > 1) {
        describe("initial objective");
        initial = objective.full(objective.at(theta, BatchPlan.ALL), theta);
      }
      long t = 0;
      Stop stop = null;
      for (int epoch = 1; stop == null; epoch++) {
        long epochStart = System.nanoTime();
        double lossSum = 0;
        double objectiveSum = 0;
        double weightSum = 0;
        double lastRate = Double.NaN;
        double lastNorm = Double.NaN;
        for (long s = 0; s < stepsPerEpoch; s++) {
          describe("epoch " + epoch + "/" + epochs + ", step " + (s + 1) + "/" + stepsPerEpoch);
          BatchPlan plan = stepsPerEpoch == 1 ? BatchPlan.ALL
              : new BatchPlan(seed, epoch, s, stepsPerEpoch);
          Objective.Evaluation e = objective.at(theta, plan);
          if (e.weight() == 0) {
            continue; // every row of this batch weighs 0
          }
          double value = objective.full(e, theta);
          lossSum += e.loss() * e.weight();
          objectiveSum += value * e.weight();
          weightSum += e.weight();
          lastNorm = norm(e.gradient());
          if (schedule == null) {
            if (Double.isNaN(base)) {
              base = adaptiveAutoRate(rule, e.gradient());
            }
            schedule = new Schedule(config.get(Settings.SCHEDULE), base,
                config.get(Settings.DECAY_RATE), config.get(Settings.DECAY_EVERY),
                config.get(Settings.WARMUP_EPOCHS), stepsPerEpoch, epochs);
          }
          lastRate = schedule.rate(t++);
          if (!Double.isFinite(value) || !Double.isFinite(lastNorm)) {
            break;
          }
          rule.step(theta, e.gradient(), lastRate);
          penalty.prox(theta, lastRate, rule);
        }
        EpochRecord record = new EpochRecord(epoch, lossSum / weightSum,
            objectiveSum / weightSum, lastRate, lastNorm, seconds(epochStart),
            (int) stepsPerEpoch);
        if (epoch == 1 && stepsPerEpoch == 1) {
          initial = record.objective();
        }
        stop = record(record, theta);
      }
      describe("final objective");
      Objective.Evaluation last = objective.at(theta, BatchPlan.ALL);
      return finish(theta, stop, initial, objective.full(last, theta), last.loss(), base);
    }

    TrainResult lbfgs() {
      ElasticNet penalty = objective.penalty();
      Lbfgs opt = new Lbfgs(new double[layout.size()], hyper.historySize(), penalty.l1(),
          penalty.numPenalized());
      int[] evaluations = {0};
      int epochs = config.get(Settings.EPOCHS);
      Lbfgs.Function fn = (x, g) -> {
        describe("L-BFGS iteration " + (opt.iterations() + 1) + "/" + epochs + ", evaluation "
            + (++evaluations[0]));
        Objective.Evaluation e = objective.at(x, BatchPlan.ALL);
        System.arraycopy(e.gradient(), 0, g, 0, g.length);
        return e.smooth();
      };
      opt.start(fn);
      double initial = opt.objective();
      Stop stop = null;
      for (int iteration = 1; stop == null; iteration++) {
        long start = System.nanoTime();
        double before = opt.objective();
        double lossBefore = opt.smoothValue() - penalty.smoothValue(opt.x());
        double norm = opt.gradientNorm();
        Lbfgs.Step step = opt.iterate(fn);
        EpochRecord record = new EpochRecord(iteration, lossBefore, before, step.stepLength(),
            norm, seconds(start), step.evaluations());
        stop = record(record, opt.x());
        if (stop == null && !step.moved()) {
          stop = new Stop(Status.CONVERGED, "no step along the L-BFGS direction lowers the"
              + " objective any further (gradient norm " + String.format("%.3g", norm)
              + "): it is at its minimum to machine precision");
        }
      }
      double[] theta = opt.x();
      double finalLoss = opt.smoothValue() - penalty.smoothValue(theta);
      return finish(theta, stop, initial, opt.objective(), finalLoss, Double.NaN);
    }

    /** Adds an epoch to the history, tells the listener, and checks the stopping rules. */
    private Stop record(EpochRecord record, double[] theta) {
      history.add(record);
      listener.onEpoch(record, model(theta));
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
      if (status != Status.DIVERGED && !(finalObjective <= initial)) {
        status = Status.DIVERGED;
        reason = String.format("the objective ended at %.6g, above where it started (%.6g)",
            finalObjective, initial);
      }
      String advice = null;
      if (status == Status.DIVERGED) {
        describe("diagnosing divergence");
        advice = Diagnosis.explain(optimizer, hyper, optimizer.equals(Optimizers.LBFGS)
                ? Double.NaN : curvature(), base, config.get(Settings.STANDARDIZE),
            config.get(Settings.BATCH_SIZE).isFullBatch(), config.get(Settings.SCHEDULE));
      }
      return new TrainResult(model(theta), List.copyOf(history), status, reason, advice,
          initial, finalObjective, finalLoss, base, curvature, data.rows(), data.numFeatures(),
          data.summary().classCounts(), seconds(started));
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
          layout.intercept(), config.effective());
    }

    private void describe(String what) {
      data.sparkContext().setJobDescription("Descent: " + what);
    }
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
