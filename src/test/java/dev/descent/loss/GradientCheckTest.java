package dev.descent.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Block;
import dev.descent.testing.TestRows;
import dev.descent.testing.TestRows.Row;
import dev.descent.testing.TestRows.Shape;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The aggregator's gradient against central differences of its own loss sum. */
class GradientCheckTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    Object[][] losses = {
        {new SquaredLoss(), 0}, {new LogisticLoss(), 2}, {new HingeLoss(), 2},
        {new SoftmaxLoss(), 3}, {new SoftmaxLoss(), 5}, {new QuadraticProbe(), 0}};
    for (Object[] l : losses) {
      for (Shape shape : Shape.values()) {
        for (boolean intercept : new boolean[] {false, true}) {
          Loss loss = (Loss) l[0];
          b.add(Arguments.of(loss.name() + (loss instanceof SoftmaxLoss ? " K=" + l[1] : ""),
              loss, l[1], shape, intercept));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {3} intercept={4}")
  @MethodSource("cases")
  void gradientMatchesCentralDifferencesOfLossSum(String name, Loss loss, int classes,
      Shape shape, boolean intercept) {
    Random rnd = new Random(31 * name.hashCode() + shape.ordinal() * 2 + (intercept ? 1 : 0));
    int width = 7;
    ParameterLayout layout = new ParameterLayout(width, loss.outputs(classes), intercept);
    double[] coef = TestRows.gaussian(rnd, layout.size(), 0.7);
    List<Row> rows = TestRows.random(rnd, 37, width, shape, loss, classes, true);
    boolean hinge = loss instanceof HingeLoss;
    if (hinge) {
      // Keep every row clear of the kink s*m = 1, where the hinge has no derivative.
      rows = rows.stream().filter(r -> Math.abs((2 * r.label() - 1) * margin(r, coef, layout) - 1)
          > 1e-3).toList();
    }
    Block block = shape == Shape.DENSE ? TestRows.dense(rows) : TestRows.sparse(rows);
    double[] grad = new GradientAggregator().add(block, null, block.rows(), coef, layout, loss)
        .gradientSum(layout.size());

    // Piecewise-linear hinge: a tiny step stays on one piece; smooth losses: a step balancing
    // truncation (h^2) against rounding (eps / h).
    double h = hinge ? 1e-7 : 1e-5;
    double maxError = 0;
    double maxGrad = 0;
    for (int i = 0; i < coef.length; i++) {
      double[] plus = coef.clone();
      double[] minus = coef.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd = (lossSum(block, plus, layout, loss) - lossSum(block, minus, layout, loss))
          / (plus[i] - minus[i]);
      maxError = Math.max(maxError, Math.abs(fd - grad[i]));
      maxGrad = Math.max(maxGrad, Math.abs(grad[i]));
    }
    assertTrue(maxGrad > 1e-3, "degenerate test data: gradient " + maxGrad);
    assertTrue(maxError / maxGrad < 1e-6,
        name + ": relative gradient error " + maxError / maxGrad);
  }

  private static double lossSum(Block block, double[] coef, ParameterLayout layout, Loss loss) {
    return new GradientAggregator().add(block, null, block.rows(), coef, layout, loss).lossSum();
  }

  private static double margin(Row r, double[] coef, ParameterLayout layout) {
    double m = layout.intercept() ? coef[layout.interceptIndex(0)] : 0;
    for (int i = 0; i < r.indices().length; i++) {
      m += r.values()[i] * coef[r.indices()[i]];
    }
    return m;
  }
}
