package dev.descent.engine;

import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import dev.descent.io.CheckpointFile;
import dev.descent.model.LinearModel;
import dev.descent.optim.ElasticNet;
import dev.descent.optim.Optimizer;
import dev.descent.optim.stopping.EpochRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A training loop's surroundings, in memory: the objective over an {@link InMemoryObjective},
 * a ledger, a known curvature bound, a checkpoint sink that keeps every state it is given, and a
 * listener that can crash the run after an epoch, as a killed driver would.
 */
final class LoopRig {
  /** Thrown by the listener to stop a run, as a crash would. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("simulated crash");
    }
  }

  /** The identity checkpoints are written with and checked against. */
  static final Snapshot.Identity IDENTITY = new Snapshot.Identity(Map.of("optimizer", "any"),
      new Snapshot.Fingerprint(60, 60, 3, 0, new long[] {30, 30}));

  final InMemoryObjective rows;
  final Objective objective;
  final List<LoopState> saved = new ArrayList<>();
  final List<Long> stepsTaken = new ArrayList<>();
  private final double curvature;
  private double rowCurvature = Double.NaN;
  private final long checkpointEverySteps;
  private final int crashAfterEpoch;
  EpochLedger ledger;

  /**
   * @param checkpointEverySteps checkpoint every this many steps; 0: after every epoch; -1:
   *     no checkpoints
   * @param crashAfterEpoch the listener throws {@link Crash} once this epoch is recorded; 0:
   *     never
   */
  LoopRig(InMemoryObjective rows, FeatureScaling scaling, ElasticNet penalty, double curvature,
      long checkpointEverySteps, int crashAfterEpoch) {
    this.rows = rows;
    this.objective = new Objective(rows, rows.layout(), scaling, penalty);
    this.curvature = curvature;
    this.checkpointEverySteps = checkpointEverySteps;
    this.crashAfterEpoch = crashAfterEpoch;
  }

  /** Sets the mean curvature of one row (mini-batches at learningRate=auto); NaN: unknown. */
  LoopRig withRowCurvature(double r) {
    rowCurvature = r;
    return this;
  }

  /** The plan's steps for {@code optimizer} with the default hyperparameters. */
  static TrainingPlan.Steps steps(String optimizer, LearningRate rate, BatchSize batch) {
    return steps(optimizer, rate, batch, "constant");
  }

  /** As above, with the schedule {@code schedule}. */
  static TrainingPlan.Steps steps(String optimizer, LearningRate rate, BatchSize batch,
      String schedule) {
    return new TrainingPlan.Steps(Optimizer.byName(optimizer),
        RunPlans.hyperparameters(Config.empty()), rate,
        new TrainingPlan.RateSchedule(schedule, 0.5, 10, 0), batch, 7, SyncEvery.STEP);
  }

  /** The plan's steps with a schedule and a synchronization period. */
  static TrainingPlan.Steps steps(String optimizer, LearningRate rate, BatchSize batch,
      String schedule, SyncEvery sync) {
    return new TrainingPlan.Steps(Optimizer.byName(optimizer),
        RunPlans.hyperparameters(Config.empty()), rate,
        new TrainingPlan.RateSchedule(schedule, 0.5, 10, 0), batch, 7, sync);
  }

  /**
   * Runs the plan's loop from zero, or from {@code restored}.
   *
   * @param validation validation rows (with {@code patience}), or null
   */
  TrainingLoop.Ending run(TrainingPlan.Steps steps, int epochs, int patience,
      InMemoryObjective validation, LoopState restored) {
    return run(steps, new TrainingPlan.Stopping(epochs, 0), patience, validation, restored);
  }

  /** As above, with the plan's stopping rules (a tolerance too). */
  TrainingLoop.Ending run(TrainingPlan.Steps steps, TrainingPlan.Stopping stopping, int patience,
      InMemoryObjective validation, LoopState restored) {
    int epochs = stopping.epochs();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onStep(long epoch, long step, long stepsPerEpoch, int planned) {
        stepsTaken.add(step);
      }

      @Override
      public void onEpoch(EpochRecord record, LinearModel model) {
        if (record.epoch() == crashAfterEpoch) {
          throw new Crash();
        }
      }
    };
    ledger = new EpochLedger(stopping, steps.batchSize().stepsPerEpoch(rows.rows()), patience,
        validation,
        objective::raw, theta -> null, listener, what -> {});
    TrainingLoop.Context context = new TrainingLoop.Context(objective, steps, epochs,
        steps.batchSize().stepsPerEpoch(rows.rows()),
        new TrainingLoop.Rows(rows.rows(), rows.rows(), rows.partitions()), ledger,
        new CurvatureBound(() -> curvature, () -> rowCurvature), sink(), listener, what -> {});
    TrainingLoop loop = steps.optimizer().fullBatch() ? new LbfgsLoop(context)
        : new FirstOrderLoop(context);
    return loop.run(new double[rows.layout().size()], restored);
  }

  private CheckpointSink sink() {
    if (checkpointEverySteps < 0) {
      return null;
    }
    return new CheckpointSink() {
      @Override
      public boolean dueAfterStep(long step) {
        return checkpointEverySteps > 0 && step % checkpointEverySteps == 0;
      }

      @Override
      public boolean dueAfterEpoch(long epoch) {
        return checkpointEverySteps == 0;
      }

      @Override
      public void save(LoopState state) {
        saved.add(state);
      }
    };
  }

  /**
   * The last state saved, carried back through a checkpoint file in {@code dir} (encoded,
   * written, read and decoded).
   */
  LoopState lastSaved(java.nio.file.Path dir) throws IOException {
    LoopState s = saved.get(saved.size() - 1);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path file = new Path(dir.toUri().toString(), "checkpoint.ckpt");
    CheckpointFile.write(fs, file, Snapshot.encode(s, IDENTITY));
    return Snapshot.decode(CheckpointFile.read(fs, file), s.kind(), IDENTITY, "rows in memory");
  }
}
