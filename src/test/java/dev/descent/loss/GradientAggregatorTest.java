package dev.descent.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Block;
import dev.descent.data.DenseBlock;
import dev.descent.data.SparseBlock;
import dev.descent.testing.ReferenceGradient;
import dev.descent.testing.TestRows;
import dev.descent.testing.TestRows.Row;
import dev.descent.testing.TestRows.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The blocked aggregation (margins, blockLoss, addGradient) against a plain per-row loop. */
class GradientAggregatorTest {
  private static final double TOL = 1e-12;

  /** How the rows are packed: by the builder into several small blocks, or into one block of each kind. */
  enum Packing {
    BUILDER, DENSE, SPARSE
  }

  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of("squared", new SquaredLoss(), 0),
        Arguments.of("logistic", new LogisticLoss(), 2),
        Arguments.of("hinge", new HingeLoss(), 2),
        Arguments.of("softmax K=3", new SoftmaxLoss(), 3),
        Arguments.of("softmax K=5", new SoftmaxLoss(), 5),
        Arguments.of("probe", new QuadraticProbe(), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void blockedSumsEqualPerRowReference(String name, Loss loss, int classes) {
    Random rnd = new Random(1000 + name.hashCode());
    for (int n : new int[] {1, 7, 37, 1001}) {
      for (int width : new int[] {1, 3, 13, 101}) {
        for (Shape shape : Shape.values()) {
          for (boolean weighted : new boolean[] {false, true}) {
            List<Row> rows = TestRows.random(rnd, n, width, shape, loss, classes, weighted);
            for (boolean intercept : new boolean[] {false, true}) {
              // The model is wider than any row.
              ParameterLayout layout =
                  new ParameterLayout(width + 2, loss.outputs(classes), intercept);
              double[] coef = TestRows.gaussian(rnd, layout.size(), 1 / Math.sqrt(width));
              int[] subset = TestRows.subset(rnd, n, 0.6);
              for (Packing packing : Packing.values()) {
                List<Block> blocks = pack(rows, packing);
                for (int[] sel : new int[][] {null, subset}) {
                  String what = String.format("%s n=%d width=%d %s weighted=%b intercept=%b %s %s",
                      name, n, width, shape, weighted, intercept, packing,
                      sel == null ? "all rows" : "subset of " + sel.length);
                  GradientAggregator agg =
                      addSelected(new GradientAggregator(), blocks, sel, coef, layout, loss);
                  ReferenceGradient.of(rows, sel, coef, layout, loss).assertMatches(agg, TOL, what);
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void builderPacksSmallTargetIntoSeveralBlocksOfBothKinds() {
    // Guards the test above: its BUILDER packing really exercises multi-block selections.
    Random rnd = new Random(7);
    List<Block> dense = pack(TestRows.random(rnd, 1001, 101, Shape.DENSE, new SquaredLoss(), 0,
        false), Packing.BUILDER);
    List<Block> sparse = pack(TestRows.random(rnd, 1001, 101, Shape.SPARSE, new SquaredLoss(), 0,
        false), Packing.BUILDER);
    // Dense-shaped data with some narrow rows may still pack a block sparse: whichever is smaller.
    assertTrue(dense.size() > 10, "dense blocks: " + dense.size());
    assertTrue(dense.stream().filter(b -> b instanceof DenseBlock).count() > 10);
    assertTrue(sparse.size() > 10, "sparse blocks: " + sparse.size());
    assertTrue(sparse.stream().allMatch(b -> b instanceof SparseBlock));
  }

  /** Local steps reuse one aggregator: after a reset it sums the next batch bitwise as a new one. */
  @Test
  void aResetAggregatorSumsLikeANewOne() {
    Random rnd = new Random(12);
    Loss loss = new SoftmaxLoss();
    List<Row> rows = TestRows.random(rnd, 200, 9, Shape.SPARSE, loss, 3, true);
    ParameterLayout layout = new ParameterLayout(9, loss.outputs(3), true);
    List<Block> blocks = TestRows.pack(rows, 1024);
    GradientAggregator reused = new GradientAggregator();
    reused.merge(addSelected(new GradientAggregator(), blocks, null,
        TestRows.gaussian(rnd, layout.size(), 0.5), layout, loss)); // leaves a low-order array
    for (int batch = 0; batch < 3; batch++) {
      double[] coef = TestRows.gaussian(rnd, layout.size(), 0.5);
      int[] sel = TestRows.subset(rnd, 200, 0.3);
      GradientAggregator fresh = addSelected(new GradientAggregator(), blocks, sel, coef, layout,
          loss);
      addSelected(reused.reset(), blocks, sel, coef, layout, loss);
      assertEquals(fresh.rows(), reused.rows());
      assertEquals(fresh.lossSum(), reused.lossSum(), 0.0);
      assertEquals(fresh.weightSum(), reused.weightSum(), 0.0);
      assertArrayEquals(fresh.gradientSum(layout.size()), reused.gradientSum(layout.size()), 0.0);
    }
  }

  @Test
  void mergeEqualsAddingEverythingToOneAggregator() {
    Random rnd = new Random(11);
    for (Loss loss : List.of(new SquaredLoss(), new LogisticLoss(), new SoftmaxLoss())) {
      int classes = loss instanceof SoftmaxLoss ? 4 : 2;
      List<Row> rows = TestRows.random(rnd, 300, 13, Shape.SPARSE, loss, classes, true);
      ParameterLayout layout = new ParameterLayout(13, loss.outputs(classes), true);
      double[] coef = TestRows.gaussian(rnd, layout.size(), 0.5);
      List<Block> blocks = TestRows.pack(rows, 1024);
      assertTrue(blocks.size() >= 4);

      GradientAggregator one = addSelected(new GradientAggregator(), blocks, null, coef, layout,
          loss);
      GradientAggregator merged = new GradientAggregator();
      for (Block b : blocks) {
        merged = merged.merge(new GradientAggregator().add(b, null, b.rows(), coef, layout, loss));
      }
      ReferenceGradient.of(rows, null, coef, layout, loss).assertMatches(merged, TOL, "merged");
      assertEquals(one.rows(), merged.rows());
      assertEquals(one.weightSum(), merged.weightSum(), TOL * one.weightSum());
      assertEquals(one.lossSum(), merged.lossSum(), TOL * one.lossSum());
      double[] g1 = one.gradientSum(layout.size());
      double[] g2 = merged.gradientSum(layout.size());
      for (int i = 0; i < g1.length; i++) {
        assertEquals(g1[i], g2[i], 1e-10 * (1 + Math.abs(g1[i])), loss.name() + " gradient " + i);
      }
    }
  }

  @Test
  void aggregatorThatSawNoRowsMergesAsNoOp() {
    Random rnd = new Random(12);
    Loss loss = new LogisticLoss();
    List<Row> rows = TestRows.random(rnd, 50, 5, Shape.DENSE, loss, 2, true);
    ParameterLayout layout = new ParameterLayout(5, 1, true);
    double[] coef = TestRows.gaussian(rnd, layout.size(), 1);
    Block block = TestRows.dense(rows);
    GradientAggregator seen = new GradientAggregator().add(block, null, 50, coef, layout, loss);
    double[] before = seen.gradientSum(layout.size()).clone();
    double lossBefore = seen.lossSum();
    double weightBefore = seen.weightSum();

    // An empty selection leaves an aggregator empty, too.
    GradientAggregator empty = new GradientAggregator().add(block, new int[0], 0, coef, layout,
        loss);
    assertEquals(0, empty.rows());
    assertArrayEquals(new double[layout.size()], empty.gradientSum(layout.size()));

    seen.merge(empty);
    assertSame(seen, before, lossBefore, weightBefore, 50);

    GradientAggregator fromEmpty = new GradientAggregator().merge(seen);
    assertSame(fromEmpty, before, lossBefore, weightBefore, 50);

    // The merged-into aggregator owns its gradient: adding more to the source does not leak into it.
    seen.add(block, null, 50, coef, layout, loss);
    assertArrayEquals(before, fromEmpty.gradientSum(layout.size()));

    GradientAggregator both = new GradientAggregator().merge(new GradientAggregator());
    assertEquals(0, both.rows());
    assertEquals(0.0, both.lossSum());
    assertEquals(0.0, both.weightSum());
    assertArrayEquals(new double[4], both.gradientSum(4));
  }

  @Test
  void serializedAggregatorKeepsItsSumsAndAcceptsMoreRows() throws Exception {
    Random rnd = new Random(13);
    Loss loss = new SoftmaxLoss();
    List<Row> rows = TestRows.random(rnd, 40, 6, Shape.SPARSE, loss, 3, true);
    ParameterLayout layout = new ParameterLayout(6, 3, true);
    double[] coef = TestRows.gaussian(rnd, layout.size(), 1);
    Block first = TestRows.sparse(rows.subList(0, 20));
    Block second = TestRows.dense(rows.subList(20, 40));

    GradientAggregator agg = roundTrip(roundTrip(new GradientAggregator())
        .add(first, null, 20, coef, layout, loss));
    agg.add(second, null, 20, coef, layout, loss);
    ReferenceGradient.of(rows, null, coef, layout, loss).assertMatches(agg, TOL, "round trip");
  }

  @Test
  void smallSelectionAfterLargeBlockUsesOnlyItsOwnRows() {
    // The margin buffer sized for 200 rows is reused for 3: stale entries must not be read.
    Random rnd = new Random(14);
    Loss loss = new HingeLoss();
    List<Row> rows = TestRows.random(rnd, 200, 9, Shape.DENSE, loss, 2, false);
    ParameterLayout layout = new ParameterLayout(9, 1, false);
    double[] coef = TestRows.gaussian(rnd, layout.size(), 1);
    Block block = TestRows.dense(rows);
    GradientAggregator agg = new GradientAggregator()
        .add(block, null, 200, coef, layout, loss)
        .add(block, new int[] {3, 50, 199}, 3, coef, layout, loss);
    int[] expected = new int[203];
    Arrays.setAll(expected, i -> i < 200 ? i : new int[] {3, 50, 199}[i - 200]);
    ReferenceGradient.of(rows, expected, coef, layout, loss).assertMatches(agg, TOL, "reuse");
  }

  private static void assertSame(GradientAggregator agg, double[] gradient, double loss,
      double weight, long rows) {
    assertEquals(rows, agg.rows());
    assertEquals(loss, agg.lossSum());
    assertEquals(weight, agg.weightSum());
    assertArrayEquals(gradient, agg.gradientSum(gradient.length));
  }

  static List<Block> pack(List<Row> rows, Packing packing) {
    switch (packing) {
      case BUILDER:
        return TestRows.pack(rows, 4096);
      case DENSE:
        return List.of(TestRows.dense(rows));
      case SPARSE:
        return List.of(TestRows.sparse(rows));
      default:
        throw new AssertionError();
    }
  }

  /**
   * Adds the rows {@code sel} (sorted indices across the concatenated blocks, null = all) to
   * {@code agg}, one call per block with that block's local indices.
   */
  static GradientAggregator addSelected(GradientAggregator agg, List<Block> blocks, int[] sel,
      double[] coef, ParameterLayout layout, Loss loss) {
    int start = 0;
    for (Block b : blocks) {
      if (sel == null) {
        agg.add(b, null, b.rows(), coef, layout, loss);
      } else {
        final int from = start;
        int[] local = Arrays.stream(sel).filter(r -> r >= from && r < from + b.rows())
            .map(r -> r - from).toArray();
        agg.add(b, local, local.length, coef, layout, loss);
      }
      start += b.rows();
    }
    return agg;
  }

  private static GradientAggregator roundTrip(GradientAggregator agg) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(agg);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (GradientAggregator) in.readObject();
    }
  }

  @Test
  void theZeroValueShipsInAFewHundredBytesWhateverTheModelSize() throws Exception {
    // Spark serializes the zero value into every task of a treeAggregate.
    int empty = serializedSize(new GradientAggregator());
    assertTrue(empty < 600, "empty aggregator: " + empty + " bytes");
    // ... whereas a partial sum carries its gradient: the measure can tell the two apart.
    ParameterLayout wide = new ParameterLayout(100_000, 1, true);
    GradientAggregator used = new GradientAggregator();
    List<Row> rows = List.of(new Row(new int[] {7}, new double[] {1}, 1, 1));
    used.add(TestRows.sparse(rows), null, 1, new double[wide.size()], wide, new LogisticLoss());
    assertTrue(serializedSize(used) > 8 * 100_000, "used aggregator: " + serializedSize(used));
  }

  private static int serializedSize(Object o) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }
}
