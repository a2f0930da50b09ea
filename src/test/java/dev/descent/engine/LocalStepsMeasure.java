package dev.descent.engine;

import dev.descent.loss.Losses;
import dev.descent.optim.ElasticNet;
import dev.descent.testing.Reference;
import dev.descent.testing.Synthetic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the measurements behind README's Performance, local steps (the objective's relative
 * gap to the optimum after E epochs, per data set, rule and syncEvery), in memory without Spark.
 * Runs only when asked, e.g. {@code mvn test -Dtest=LocalStepsMeasure -Ddescent.measure=1
 * -Ddescent.epochs=20,100,300 -Ddescent.shuffle=true}; other keys: descent.rules, descent.syncs,
 * descent.sets (wine, iris, ls), descent.schedule, descent.batch (percent, wine and iris),
 * descent.parts. The design choices were measured with commit c5577bb, whose {@link LocalRates}
 * also read descent.driverRate=round (one step's rate per round) and descent.localRate=xF (local
 * steps at F/L).
 */
@EnabledIfSystemProperty(named = "descent.measure", matches = ".+")
class LocalStepsMeasure {

  @Test
  void measure() throws IOException {
    String[] rules = System.getProperty("descent.rules", "sgd,momentum,adam").split(",");
    String[] syncs = System.getProperty("descent.syncs", "step,10 steps,epoch").split(",");
    String[] epochs = System.getProperty("descent.epochs", "20,100").split(",");
    String[] sets = System.getProperty("descent.sets", "wine,iris,ls").split(",");
    String schedule = System.getProperty("descent.schedule", "cosine");
    for (String set : sets) {
      for (String rule : rules) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s %-9s", set, rule));
        for (String e : epochs) {
          for (String sync : syncs) {
            double gap = gap(set, rule, sync, Integer.parseInt(e), schedule);
            line.append(String.format(Locale.ROOT, " | %s/%s %.1e", e, sync, gap));
          }
        }
        System.out.println(line);
      }
    }
  }

  static double gap(String set, String rule, String sync, int epochs, String schedule)
      throws IOException {
    InMemoryObjective rows;
    double[][] design;
    double lambda;
    double optimum;
    BatchSize batch;
    if (set.equals("ls")) {
      double[][] x = LS_X;
      design = x;
      rows = new InMemoryObjective(x, LS_Y, Losses.byName("squared"), 0, true,
          Integer.getInteger("descent.parts", 4));
      lambda = 1e-3;
      batch = new BatchSize(BatchSize.Kind.PERCENT, 1);
      optimum = Double.NaN;
    } else {
      String name = set.equals("wine") ? "wine_binary_std" : "iris_std";
      double[][][] xy = read(Reference.data(name), set.equals("wine") ? 13 : 4);
      if (Boolean.getBoolean("descent.shuffle")) {
        shuffle(xy[0], xy[1][0]);
      }
      design = xy[0];
      rows = new InMemoryObjective(xy[0], xy[1][0], Losses.byName(set.equals("wine")
          ? "logistic" : "softmax"), set.equals("wine") ? 2 : 3, true, Integer.getInteger("descent.parts", 4));
      lambda = 0.01;
      batch = new BatchSize(BatchSize.Kind.PERCENT,
          Double.parseDouble(System.getProperty("descent.batch", "5")));
      optimum = Reference.optimum(name).objective;
    }
    ElasticNet penalty = new ElasticNet(lambda, 0, rows.layout());
    LoopRig rig = new LoopRig(rows, FeatureScaling.identity(), penalty, curvature(design,
        rows.layout().outputs() > 1 ? 0.5 : Losses.byName(set.equals("ls") ? "squared"
        : "logistic").curvature(), lambda),
        -1, 0).withRowCurvature(rowCurvature(design, rows.layout().outputs() > 1 ? 0.5
        : Losses.byName(set.equals("ls") ? "squared" : "logistic").curvature(), lambda));
    SyncEvery s = sync.equals("step") ? SyncEvery.STEP : sync.equals("epoch") ? SyncEvery.EPOCH
        : SyncEvery.steps(Long.parseLong(sync.split(" ")[0]));
    TrainingLoop.Ending end = rig.run(LoopRig.steps(rule, LearningRate.AUTO, batch, schedule, s),
        epochs, 0, null, null);
    double f = rig.objective.full(rig.objective.at(end.theta(), BatchPlan.ALL), end.theta());
    if (Double.isNaN(optimum)) {
      double[] opt = Synthetic.ridge(LS_X, LS_Y, lambda);
      optimum = rig.objective.full(rig.objective.at(opt, BatchPlan.ALL), opt);
    }
    return (f - optimum) / optimum;
  }

  static final double[][] LS_X = correlated(2000, 10, 5);
  static final double[] LS_Y = Synthetic.linear(LS_X, new double[] {1, -2, 0.5, 3, 0, 0, 1, -1,
      2, 0.3}, 1, 0.5, 6);

  /** Features with a common factor: condition number of about 1e3. */
  static double[][] correlated(int n, int d, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      double common = r.nextGaussian();
      for (int j = 0; j < d; j++) {
        row[j] = common * 3 + r.nextGaussian() * (0.1 + j * 0.1);
      }
    }
    return x;
  }

  /** As Descent estimates it: the loss's curvature times the second moment's top eigenvalue. */
  static double curvature(double[][] x, double lossCurvature, double lambda) {
    return lossCurvature * LocalStepsLoopTest.secondMoment(x) + lambda;
  }

  /** The mean curvature of one row, as Descent estimates it: {@code c mean(||x||^2 + 1) + lambda}. */
  static double rowCurvature(double[][] x, double lossCurvature, double lambda) {
    double s = 0;
    for (double[] row : x) {
      s += 1;
      for (double v : row) {
        s += v * v;
      }
    }
    return lossCurvature * s / x.length + lambda;
  }

  /** Shuffles rows in place (the same order for x and y), from a fixed seed. */
  static void shuffle(double[][] x, double[] y) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = x.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      double[] t = x[i];
      x[i] = x[j];
      x[j] = t;
      double u = y[i];
      y[i] = y[j];
      y[j] = u;
    }
  }

  static double[][][] read(String file, int d) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(file));
    double[][] x = new double[lines.size()][d];
    double[] y = new double[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] t = lines.get(i).trim().split("\\s+");
      y[i] = Double.parseDouble(t[0]);
      for (int k = 1; k < t.length; k++) {
        String[] kv = t[k].split(":");
        x[i][Integer.parseInt(kv[0]) - 1] = Double.parseDouble(kv[1]);
      }
    }
    return new double[][][] {x, {y}};
  }
}
