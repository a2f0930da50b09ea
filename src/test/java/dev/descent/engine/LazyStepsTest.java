package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Block;
import dev.descent.data.DenseBlock;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionSummary;
import dev.descent.data.SparseBlock;
import dev.descent.loss.GradientAggregator;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.loss.ParameterLayout;
import dev.descent.optim.ElasticNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lazy local steps over sparse rows ({@link LazySteps}) against the plain loop
 * ({@link LocalSteps} over {@link PartitionPass}, which updates every coordinate at every step):
 * the same change, loss, objective, weight and steps, to rounding, with and without L2, scaled
 * features, several outputs and intercepts, instance weights, steps where the partition has no
 * rows, and rounds long enough for the L2 shrinking to span hundreds of orders of magnitude.
 */
class LazyStepsTest {
  static final int D = 4000;

  @Test
  void plainStepsWithoutPenalty() {
    PackedPartition part = sparse(1, 300, 4, 3, 1, true);
    ParameterLayout layout = new ParameterLayout(D, 1, true);
    compare(part, layout, "logistic", round(layout, FeatureScaling.identity(), 0, 30, 0.7, 1));
  }

  @Test
  void l2ShrinksUntouchedWeightsAsTheStepsWould() {
    PackedPartition part = sparse(2, 300, 4, 3, 1, true);
    ParameterLayout layout = new ParameterLayout(D, 1, true);
    compare(part, layout, "logistic", round(layout, FeatureScaling.identity(), 0.3, 30, 0.7, 1));
  }

  @Test
  void scaledFeaturesWithoutCentringAndNoIntercept() {
    PackedPartition part = sparse(3, 250, 6, 1, 1, true); // one block of 1,500 values
    ParameterLayout layout = new ParameterLayout(D, 1, false);
    double[] std = new double[D];
    for (int j = 0; j < D; j++) {
      std[j] = 0.5 + (j % 7) * 0.3;
    }
    FeatureScaling scaling = FeatureScaling.standardize(null, std);
    compare(part, layout, "logistic", round(layout, scaling, 0.2, 25, 0.5, 1));
  }

  @Test
  void softmaxWithStepsThatFindNoRowsInThePartition() {
    PackedPartition part = sparse(4, 9, 5, 2, 3, true);
    ParameterLayout layout = new ParameterLayout(D, 3, true);
    LocalRound round = round(layout, FeatureScaling.identity(), 0.1, 20, 0.4, 3);
    LocalSteps lazy = compare(part, layout, "softmax", round);
    assertTrue(lazy.stepsTaken() < 20, "some of the 20 steps had no row: " + lazy.stepsTaken());
  }

  @Test
  void longRoundsWhereTheShrinkingUnderflows() {
    PackedPartition part = sparse(5, 400, 3, 4, 1, false);
    ParameterLayout layout = new ParameterLayout(D, 1, true);
    // rate * lambda from 0.6 down to 0.3 over 400 steps: an untouched weight shrinks by about
    // 1e-120, its square below the smallest double
    compare(part, layout, "squared", round(layout, FeatureScaling.identity(), 12, 400, 0.05, 1));
  }

  @Test
  void appliesOnlyWhereUntouchedCoordinatesShareOneFactor() {
    PackedPartition part = sparse(6, 300, 4, 3, 1, true);
    ParameterLayout layout = new ParameterLayout(D, 1, true);
    LocalRound plain = round(layout, FeatureScaling.identity(), 0.3, 30, 0.7, 1);
    assertTrue(LazySteps.applies(plain, part, layout));
    double[] v = new double[layout.size()];
    assertFalse(LazySteps.applies(with(plain, new LocalRound.Momentum(0.9, false, v), null),
        part, layout), "momentum");
    assertFalse(LazySteps.applies(with(plain, null, new ElasticNet(0.3, 0.5, layout)), part,
        layout), "L1");
    assertFalse(LazySteps.applies(with(plain, null, new ElasticNet(0.3, 0, layout, 0.1, v)),
        part, layout), "prior");
    double[] ones = new double[D];
    Arrays.fill(ones, 1);
    LocalRound centred = new LocalRound(plain.theta(), FeatureScaling.standardize(ones, ones),
        plain.penalty(), plain.rates(), null, 7, 2, 0, 30);
    assertFalse(LazySteps.applies(centred, part, layout), "centred features");
    LocalRound fewSteps = new LocalRound(plain.theta(), plain.scaling(), plain.penalty(),
        plain.rates(), null, 7, 2, 0, 2);
    assertFalse(LazySteps.applies(fewSteps, part, layout), "half the rows a step store more"
        + " values than a 32nd of the features");
    double[] x = new double[40 * D];
    PackedPartition dense = new PackedPartition(0, List.of(new DenseBlock(40, D, x,
        new double[40], null)), new PartitionSummary());
    assertFalse(LazySteps.applies(plain, dense, layout), "dense rows, more than one a step");
  }

  private static LocalRound with(LocalRound r, LocalRound.Momentum m, ElasticNet penalty) {
    return new LocalRound(r.theta(), r.scaling(), penalty == null ? r.penalty() : penalty,
        r.rates(), m, r.seed(), r.epoch(), r.firstStep(), r.stepsPerEpoch());
  }

  /** Asserts the lazy steps equal the plain loop's; returns the lazy ones. */
  private static LocalSteps compare(PackedPartition part, ParameterLayout layout, String lossName,
      LocalRound round) {
    Loss loss = Losses.byName(lossName);
    assertTrue(LazySteps.applies(round, part, layout));
    GradientAggregator a = new GradientAggregator();
    LocalSteps plain = new LocalSteps().add((coef, plan) -> {
      PartitionPass.add(a.reset(), part, coef, layout, loss, plan);
      return new BatchObjective.Sums(a.lossSum(), a.gradientSum(layout.size()), a.weightSum());
    }, round, layout);
    LocalSteps lazy = new LazySteps(part, round, layout, loss).run(new LocalSteps());
    assertEquals(plain.stepsTaken(), lazy.stepsTaken());
    assertEquals(plain.weightSum(), lazy.weightSum(), 0);
    assertEquals(plain.lossSum(), lazy.lossSum(), 1e-11 * Math.abs(plain.lossSum()));
    assertEquals(plain.objectiveSum(), lazy.objectiveSum(), 1e-11 * plain.objectiveSum());
    double[] p = plain.meanChange(layout.size());
    double[] l = lazy.meanChange(layout.size());
    double scale = 0;
    for (double v : p) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0);
    for (int i = 0; i < p.length; i++) {
      assertEquals(p[i], l[i], 1e-11 * scale, "change " + i);
    }
    return lazy;
  }

  /** A round of {@code steps} from nonzero parameters, at rates around {@code rate}. */
  private static LocalRound round(ParameterLayout layout, FeatureScaling scaling, double lambda,
      int steps, double rate, int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] theta = new double[layout.size()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = r.nextDouble(-1, 1);
    }
    double[] rates = new double[steps];
    for (int k = 0; k < steps; k++) {
      rates[k] = rate * (1 - 0.5 * k / steps);
    }
    return new LocalRound(theta, scaling, new ElasticNet(lambda, 0, layout), rates, null, 7, 2,
        0, steps);
  }

  /**
   * A partition of {@code rows} rows over {@code blocks} blocks, each row storing {@code nnz}
   * of the D features (a few features far more often than the rest), labels for {@code classes}
   * classes (1: binary 0/1; 0/1 also serves as a regression target), optionally weighted.
   */
  private static PackedPartition sparse(int seed, int rows, int nnz, int blocks, int classes,
      boolean weighted) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Block> list = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      int n = rows / blocks + (b < rows % blocks ? 1 : 0);
      int[] start = new int[n + 1];
      int[] cols = new int[n * nnz];
      double[] vals = new double[n * nnz];
      double[] labels = new double[n];
      double[] weights = weighted ? new double[n] : null;
      for (int i = 0; i < n; i++) {
        int[] row = r.ints(0, D).map(j -> r.nextInt(4) == 0 ? j % 10 : j).distinct().limit(nnz)
            .sorted().toArray();
        for (int t = 0; t < nnz; t++) {
          cols[i * nnz + t] = row[t];
          vals[i * nnz + t] = r.nextDouble(-2, 2);
        }
        start[i + 1] = (i + 1) * nnz;
        labels[i] = r.nextInt(Math.max(2, classes));
        if (weighted) {
          weights[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble(0.5, 3);
        }
      }
      list.add(new SparseBlock(n, D, start, cols, vals, labels, weights));
    }
    return new PackedPartition(0, list, new PartitionSummary());
  }
}
