package dev.descent.engine;

import dev.descent.loss.Losses;
import dev.descent.optim.ElasticNet;
import dev.descent.testing.Reference;
import dev.descent.testing.Synthetic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Convex problems with known optima, in memory, for Spark-free runs of the training loops: the
 * shipped wine (binary logistic) and iris (softmax) reference problems at regParam=0.01, and a
 * least-squares problem with correlated features on different scales, solved in closed form.
 * Each comes with the loop's surroundings as a real run would set them up: the feature scaling
 * of standardize=true and the curvature bound that learningRate=auto divides by.
 */
final class Problems {
  /** One problem: its rows, scaling, penalty, curvature bound and optimum. */
  record Problem(String name, InMemoryObjective rows, FeatureScaling scaling, ElasticNet penalty,
      double curvature, double optimum, double rowCurvature) {

    LoopRig rig() {
      return new LoopRig(rows, scaling, penalty, curvature, -1, 0)
          .withRowCurvature(rowCurvature);
    }

    /** The relative gap of the full objective at optimization-space {@code theta}. */
    double gap(double[] theta) {
      Objective o = new Objective(rows, rows.layout(), scaling, penalty);
      return (o.full(o.at(theta, BatchPlan.ALL), theta) - optimum) / optimum;
    }
  }

  static final double REG_PARAM = 0.01;

  private Problems() {}

  static List<Problem> all() {
    return List.of(wine(), iris(), leastSquares());
  }

  static Problem wine() {
    Reference ref = Reference.optimum("wine_binary_std");
    return reference("wine", "wine_binary_std", "logistic", 0, ref.objective);
  }

  static Problem iris() {
    Reference ref = Reference.optimum("iris_std");
    return reference("iris", "iris_std", "softmax", 3, ref.objective);
  }

  /** The least-squares problems' feature scales and shifts, and the true weights. */
  private static final double[] LS_SCALE = {1, 20, 0.5, 3};
  private static final double[] LS_SHIFT = {2, -10, 1, 0};
  private static final double[] LS_WEIGHTS = {1.5, -0.2, 3, 0.7};

  /**
   * 300 rows, 4 features with scales 1 to 20, two of them correlated (0.9), y linear plus noise
   * of standard deviation 0.5; no penalty, so the optimum is the least-squares solution.
   */
  static Problem leastSquares() {
    int n = 300;
    double[][] x = Synthetic.design(n, 4, 51, LS_SCALE, LS_SHIFT);
    for (double[] row : x) {
      row[2] = 0.9 * row[0] / 2 + 0.1 * row[2]; // correlated with feature 0
    }
    double[] y = Synthetic.linear(x, LS_WEIGHTS, 4, 0.5, 52);
    double optimum = Synthetic.elasticNetObjective(x, y, Synthetic.ridge(x, y, 0), 0, 0);
    InMemoryObjective rows = new InMemoryObjective(x, y, Losses.byName("squared"), 0, true, 3);
    return problem("least squares", x, rows, 0, optimum);
  }

  /**
   * The benchmark's least-squares rows (DefaultsBench.leastSquares(): the same distribution as
   * {@link #leastSquares}, drawn from SplittableRandom(51)) in 2 parts, as its
   * {@code parallelize(points, 2)} slices them. Its optimum lies far further along the
   * ill-conditioned direction (x0 against x2, correlated 0.994): at zero that direction holds
   * 3.5% of the optimum's value against 0.22% for {@link #leastSquares}, which makes it the
   * harder sample for a bias-limited run (sgd at 10% batches).
   */
  static Problem benchLeastSquares() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(51);
    int n = 300;
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = new double[4];
      for (int j = 0; j < 4; j++) {
        row[j] = LS_SCALE[j] * benchGaussian(r) + LS_SHIFT[j];
      }
      row[2] = 0.9 * row[0] / 2 + 0.1 * row[2];
      y[i] = 4 + 0.5 * benchGaussian(r);
      for (int j = 0; j < 4; j++) {
        y[i] += LS_WEIGHTS[j] * row[j];
      }
      x[i] = row;
    }
    double optimum = Synthetic.elasticNetObjective(x, y, Synthetic.ridge(x, y, 0), 0, 0);
    InMemoryObjective rows = new InMemoryObjective(x, y, Losses.byName("squared"), 0, true, 2);
    return problem("least squares (bench sample)", x, rows, 0, optimum);
  }

  /** DefaultsBench's Box-Muller draw. */
  private static double benchGaussian(java.util.SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /**
   * 200 rows of 8 independent standard normal features, y linear plus noise: a row's curvature
   * is about 9 times the objective's (the ratio that makes steps on single rows at 1/L unstable).
   */
  static Problem isotropic() {
    int n = 200;
    int d = 8;
    double[] ones = new double[d];
    java.util.Arrays.fill(ones, 1);
    double[][] x = Synthetic.design(n, d, 61, ones, new double[d]);
    double[] w = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] y = Synthetic.linear(x, w, 3, 0.5, 62);
    double optimum = Synthetic.elasticNetObjective(x, y, Synthetic.ridge(x, y, 0), 0, 0);
    InMemoryObjective rows = new InMemoryObjective(x, y, Losses.byName("squared"), 0, true, 2);
    return problem("isotropic least squares", x, rows, 0, optimum);
  }

  /**
   * The benchmark's hard problem (bench's HardProblem) in memory: 50 standard normal features
   * with a common factor (every pair correlated 0.995: condition number ~1e4), labels from a
   * planted softmax (or logistic) model, 10% replaced by noise; regParam 1e-4, 4 partitions,
   * standardize=true. The optimum is L-BFGS's, run to a gradient tolerance of 1e-14.
   */
  static Problem illConditioned(int classes, int n) {
    int d = 50;
    double c = 0.995;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    int outs = classes == 2 ? 1 : classes;
    double[][] w = new double[outs][d];
    for (double[] wk : w) {
      double mean = 0;
      for (int j = 0; j < d; j++) {
        wk[j] = rnd.nextGaussian() * 3 / Math.sqrt(d * (1 - c));
        mean += wk[j] / d;
      }
      for (int j = 0; j < d; j++) {
        wk[j] -= mean;
      }
    }
    double[][] x = new double[n][d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double f = rnd.nextGaussian();
      for (int j = 0; j < d; j++) {
        x[i][j] = Math.sqrt(c) * f + Math.sqrt(1 - c) * rnd.nextGaussian();
      }
      y[i] = plantedLabel(w, x[i], classes, rnd);
    }
    InMemoryObjective rows = new InMemoryObjective(x, y,
        Losses.byName(classes == 2 ? "logistic" : "softmax"), classes, true, 4);
    Problem unsolved = problem("ill-conditioned " + classes + "-class", x, rows, 1e-4, 1);
    LoopRig rig = unsolved.rig();
    TrainingLoop.Ending best = rig.run(new TrainingPlan.Steps(
        dev.descent.optim.Optimizer.byName("lbfgs"),
        dev.descent.config.RunPlans.hyperparameters(dev.descent.config.Config.empty()),
        LearningRate.AUTO, new TrainingPlan.RateSchedule("constant", 0.5, 10, 0),
        BatchSize.ALL, 7, SyncEvery.STEP), new TrainingPlan.Stopping(2000, 1e-14), 0, null, null);
    double optimum = rig.objective.full(rig.objective.at(best.theta(), BatchPlan.ALL),
        best.theta());
    return new Problem(unsolved.name(), rows, unsolved.scaling(), unsolved.penalty(),
        unsolved.curvature(), optimum, unsolved.rowCurvature());
  }

  /** A label from the planted model's margins, or with probability 0.1 a random one. */
  private static double plantedLabel(double[][] w, double[] x, int classes,
      java.util.SplittableRandom rnd) {
    double[] m = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      for (int j = 0; j < x.length; j++) {
        m[k] += w[k][j] * x[j];
      }
    }
    if (classes == 2) {
      double label = rnd.nextDouble() < 1 / (1 + Math.exp(-m[0])) ? 1 : 0;
      return rnd.nextDouble() < 0.1 ? 1 - label : label;
    }
    if (rnd.nextDouble() < 0.1) {
      return rnd.nextInt(classes);
    }
    double max = java.util.Arrays.stream(m).max().getAsDouble();
    double sum = 0;
    for (double v : m) {
      sum += Math.exp(v - max);
    }
    double u = rnd.nextDouble() * sum;
    for (int k = 0; k < m.length - 1; k++) {
      u -= Math.exp(m[k] - max);
      if (u <= 0) {
        return k;
      }
    }
    return m.length - 1;
  }

  private static Problem reference(String name, String file, String loss, int classes,
      double optimum) {
    double[][][] xy = read(Path.of(Reference.data(file)));
    double[][] x = xy[0];
    double[] y = xy[1][0];
    InMemoryObjective rows = new InMemoryObjective(x, y, Losses.byName(loss), classes, true, 3);
    return problem(name, x, rows, REG_PARAM, optimum);
  }

  /** The problem as a run at standardize=true, regParam=lambda sets it up. */
  private static Problem problem(String name, double[][] x, InMemoryObjective rows,
      double lambda, double optimum) {
    double[][] moments = moments(x);
    FeatureScaling scaling = FeatureScaling.standardize(moments[0], moments[1]);
    double c = rows.loss().curvature();
    return new Problem(name, rows, scaling, new ElasticNet(lambda, 0, rows.layout()),
        curvature(x, c, scaling, lambda), optimum,
        c * scaling.meanSquaredRowNorm(moments[0], moments[1], true) + lambda);
  }

  /** Population means and standard deviations, {mean, std}, as standardize=true takes them. */
  private static double[][] moments(double[][] x) {
    int d = x[0].length;
    double[] mean = new double[d];
    double[] std = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / x.length;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j]);
    }
    return new double[][] {mean, std};
  }

  /**
   * The bound learningRate=auto uses: {@code c lambdaMax((1/n) sum z z^T) + lambda}, z the
   * standardized row with a 1 for the intercept (power iteration run to convergence).
   */
  private static double curvature(double[][] x, double c, FeatureScaling scaling, double lambda) {
    int d = x[0].length;
    dev.descent.loss.ParameterLayout layout = new dev.descent.loss.ParameterLayout(d, 1, true);
    double[][] s = new double[d + 1][d + 1];
    double[] z = new double[d + 1];
    double[] unit = new double[d + 1];
    for (double[] row : x) {
      // z = standardized row: the gradient map of a unit margin derivative
      for (int j = 0; j <= d; j++) {
        unit[j] = j < d ? row[j] : 1;
      }
      System.arraycopy(unit, 0, z, 0, d + 1);
      scaling.gradientToOptimizationSpace(z, layout);
      for (int p = 0; p <= d; p++) {
        for (int q = 0; q <= d; q++) {
          s[p][q] += z[p] * z[q] / x.length;
        }
      }
    }
    double[] u = new double[d + 1];
    java.util.Arrays.fill(u, 1);
    double lambdaMax = 0;
    for (int it = 0; it < 1000; it++) {
      double[] su = new double[d + 1];
      double norm = 0;
      for (int p = 0; p <= d; p++) {
        for (int q = 0; q <= d; q++) {
          su[p] += s[p][q] * u[q];
        }
        norm += su[p] * su[p];
      }
      norm = Math.sqrt(norm);
      double rayleigh = 0;
      for (int p = 0; p <= d; p++) {
        rayleigh += u[p] * su[p];
      }
      u = su;
      for (int p = 0; p <= d; p++) {
        u[p] /= norm;
      }
      lambdaMax = rayleigh;
    }
    return c * lambdaMax + lambda;
  }

  /** A LIBSVM file of dense rows: {x, {y}}. */
  private static double[][][] read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int d = 0;
    for (String line : lines) {
      String[] parts = line.trim().split("\\s+");
      for (int k = 1; k < parts.length; k++) {
        d = Math.max(d, Integer.parseInt(parts[k].substring(0, parts[k].indexOf(':'))));
      }
    }
    double[][] x = new double[lines.size()][d];
    double[] y = new double[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).trim().split("\\s+");
      y[i] = Double.parseDouble(parts[0]);
      for (int k = 1; k < parts.length; k++) {
        int colon = parts[k].indexOf(':');
        x[i][Integer.parseInt(parts[k].substring(0, colon)) - 1] =
            Double.parseDouble(parts[k].substring(colon + 1));
      }
    }
    return new double[][][] {x, {y}};
  }
}
