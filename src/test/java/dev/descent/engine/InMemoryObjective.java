package dev.descent.engine;

import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;

/**
 * A {@link BatchObjective} over rows in memory, in plain loops over the loss's per-row form (no
 * blocks, no Spark): what drives the training loops in unit tests. The rows are split into
 * {@code partitions} contiguous parts, and a mini-batch takes from each part the rows its
 * {@link BatchPlan} selects, as a Spark partition would.
 */
final class InMemoryObjective implements BatchObjective {
  private final double[][] x;
  private final double[] y;
  private final Loss loss;
  private final ParameterLayout layout;
  private final int partitions;

  /** The number of contiguous parts the rows are split into. */
  int partitions() {
    return partitions;
  }

  InMemoryObjective(double[][] x, double[] y, Loss loss, int numClasses, boolean intercept,
      int partitions) {
    this.x = x;
    this.y = y;
    this.loss = loss;
    this.layout = new ParameterLayout(x[0].length, loss.outputs(numClasses), intercept);
    this.partitions = partitions;
  }

  ParameterLayout layout() {
    return layout;
  }

  int rows() {
    return x.length;
  }

  Loss loss() {
    return loss;
  }

  @Override
  public Sums evaluate(double[] coefficients, BatchPlan plan) {
    double[] g = new double[layout.size()];
    double[] sums = new double[2]; // loss, weight
    for (int p = 0; p < partitions; p++) {
      addPart(p, coefficients, plan, g, sums);
    }
    return new Sums(sums[0], g, sums[1]);
  }

  /** Each part's local steps ({@link LocalSteps}), as each Spark partition would take them. */
  @Override
  public LocalSteps round(LocalRound round) {
    LocalSteps all = new LocalSteps();
    for (int p = 0; p < partitions; p++) {
      int part = p;
      all.merge(new LocalSteps().add((coef, plan) -> part(part, coef, plan), round, layout));
    }
    return all;
  }

  /** The sums over part {@code p}'s rows of the batch. */
  private Sums part(int p, double[] coefficients, BatchPlan plan) {
    double[] g = new double[layout.size()];
    double[] sums = new double[2]; // loss, weight
    addPart(p, coefficients, plan, g, sums);
    return new Sums(sums[0], g, sums[1]);
  }

  /** Adds part {@code p}'s rows of the batch to {@code g} and {@code sums} (loss, weight). */
  private void addPart(int p, double[] coefficients, BatchPlan plan, double[] g, double[] sums) {
    int from = p * x.length / partitions;
    int n = (p + 1) * x.length / partitions - from;
    int[] rows = plan.isFull() ? null : plan.rows(p, n);
    for (int r = 0; r < (rows == null ? n : rows.length); r++) {
      add(from + (rows == null ? r : rows[r]), coefficients, g, sums);
    }
  }

  @Override
  public Score validate(double[] coefficients) {
    double lossSum = 0;
    double correct = 0;
    double[] m = new double[layout.outputs()];
    double[] deriv = new double[layout.outputs()];
    for (int i = 0; i < x.length; i++) {
      margins(i, coefficients, m);
      lossSum += loss.rowLoss(m, 0, m.length, y[i], deriv, 0);
      correct += loss.isClassifier() && loss.predict(m, 0, m.length) == y[i] ? 1 : 0;
    }
    return new Score(lossSum / x.length,
        loss.isClassifier() ? correct / x.length : Double.NaN);
  }

  /** Adds row {@code i}'s loss, weight 1 and gradient. */
  private void add(int i, double[] coefficients, double[] g, double[] sums) {
    int k = layout.outputs();
    double[] m = new double[k];
    double[] deriv = new double[k];
    margins(i, coefficients, m);
    sums[0] += loss.rowLoss(m, 0, k, y[i], deriv, 0);
    sums[1] += 1;
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < layout.numFeatures(); j++) {
        g[layout.weightIndex(c, j)] += deriv[c] * x[i][j];
      }
      if (layout.intercept()) {
        g[layout.interceptIndex(c)] += deriv[c];
      }
    }
  }

  private void margins(int i, double[] coefficients, double[] m) {
    for (int c = 0; c < m.length; c++) {
      m[c] = layout.intercept() ? coefficients[layout.interceptIndex(c)] : 0;
      for (int j = 0; j < layout.numFeatures(); j++) {
        m[c] += coefficients[layout.weightIndex(c, j)] * x[i][j];
      }
    }
  }
}
