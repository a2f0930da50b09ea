package dev.descent.engine;

import dev.descent.config.Config;
import dev.descent.config.RunPlans;
import dev.descent.optim.Optimizer;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: mini-batch rules on the benchmark's hard problem ({@link Problems#illConditioned})
 * in memory, e.g. {@code mvn test -Dtest=HardMeasure -Ddescent.measure=1
 * -Ddescent.runs=momentum:0.99:epoch:16/32,adam:0.9:step:32} (rule:momentum or beta1:syncEvery
 * (step, epoch or N):epochs[:schedule[:learning rate]]); descent.classes, descent.rows.
 */
@EnabledIfSystemProperty(named = "descent.measure", matches = ".+")
class HardMeasure {
  @Test
  void measure() {
    Problems.Problem problem = Problems.illConditioned(Integer.getInteger("descent.classes", 10),
        Integer.getInteger("descent.rows", 20000));
    System.out.printf(Locale.ROOT, "optimum %.10g%n", problem.optimum());
    for (String spec : System.getProperty("descent.runs", "momentum:0.9:step").split(",")) {
      String[] p = spec.split(":");
      Config cfg = Config.empty();
      if (p[0].equals("momentum") || p[0].equals("nesterov")) {
        cfg = cfg.with("momentum", p[1]);
      } else if (p[0].equals("adam")) {
        cfg = cfg.with("beta1", p[1]);
      }
      SyncEvery s = p[2].equals("step") ? SyncEvery.STEP : p[2].equals("epoch") ? SyncEvery.EPOCH
          : SyncEvery.steps(Long.parseLong(p[2]));
      String schedule = p.length > 4 ? p[4] : "cosine";
      LearningRate rate = p.length > 5 ? new LearningRate(false, Double.parseDouble(p[5]))
          : LearningRate.AUTO;
      for (String e : p[3].split("/")) {
        LoopRig rig = problem.rig();
        long t0 = System.nanoTime();
        TrainingLoop.Ending end = rig.run(new TrainingPlan.Steps(Optimizer.byName(p[0]),
            RunPlans.hyperparameters(cfg), rate,
            new TrainingPlan.RateSchedule(schedule, 0.5, 10, 0),
            new BatchSize(BatchSize.Kind.PERCENT, 1), 7, s), Integer.parseInt(e), 0, null, null);
        System.out.printf(Locale.ROOT, "%s epochs=%s gap %.2e (%.1f s)%n", spec, e,
            problem.gap(end.theta()), (System.nanoTime() - t0) / 1e9);
      }
    }
  }
}
