package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Block;
import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionPacker;
import dev.descent.data.PartitionSummary;
import dev.descent.loss.GradientAggregator;
import dev.descent.loss.LogisticLoss;
import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;
import dev.descent.loss.SoftmaxLoss;
import dev.descent.testing.ReferenceGradient;
import dev.descent.testing.TestRows;
import dev.descent.testing.TestRows.Row;
import dev.descent.testing.TestRows.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mini-batch row selection, and the executor pass that reads those rows from packed blocks. */
class BatchPlanTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 65, 1000, 4097})
  void stepsOfAnEpochPartitionTheRowsIntoSortedNearEqualBatches(int n) {
    for (long steps : new long[] {1, 2, 3, 7, 10, n, n + 3L}) {
      for (int partition : new int[] {0, 5}) {
        boolean[] seen = new boolean[n];
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (long s = 0; s < steps; s++) {
          int[] rows = new BatchPlan(99, 4, s, steps).rows(partition, n);
          smallest = Math.min(smallest, rows.length);
          largest = Math.max(largest, rows.length);
          for (int i = 0; i < rows.length; i++) {
            assertTrue(i == 0 || rows[i - 1] < rows[i], "step " + s + " rows not sorted");
            assertFalse(seen[rows[i]], "row " + rows[i] + " read twice in one epoch");
            seen[rows[i]] = true;
          }
        }
        for (int r = 0; r < n; r++) {
          assertTrue(seen[r], "row " + r + " never read, n=" + n + " steps=" + steps);
        }
        assertTrue(largest - smallest <= 1, "batch sizes " + smallest + ".." + largest);
      }
    }
  }

  /**
   * Steps sorted through a bitmap and by sorting take the groups of the permutation, in order:
   * rows one by one in small partitions, runs of adjacent rows in large ones.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 63, 64, 65, 511, 512, 513, 5000, BatchPlan.GROUPED_ROWS - 1,
      BatchPlan.GROUPED_ROWS, 100_003})
  void bitmapAndSortGiveTheGroupsOfThePermutationInOrder(int n) {
    for (long steps : new long[] {1, 3, 100, BatchPlan.BITMAP_SPARSITY - 1,
        BatchPlan.BITMAP_SPARSITY, BatchPlan.BITMAP_SPARSITY + 1, 5000}) {
      for (long step : new long[] {0, steps / 2, steps - 1}) {
        assertArrayEquals(referenceRows(5, 2, step, steps, 3, n),
            new BatchPlan(5, 2, step, steps).rows(3, n), "n=" + n + " step " + step + " of "
            + steps);
      }
    }
  }

  /** The plan written out plainly: permute the groups, take the step's share, sort, expand. */
  private static int[] referenceRows(long seed, long epoch, long step, long steps, int partition,
      int n) {
    int g = BatchPlan.groupSize(n, steps);
    int m = (n + g - 1) / g;
    long lo = step * m / steps;
    long hi = (step + 1) * m / steps;
    dev.descent.data.RowPermutation order = new dev.descent.data.RowPermutation(m,
        dev.descent.data.RowPermutation.seedFor(seed, epoch, partition));
    List<Integer> rows = new java.util.ArrayList<>();
    long[] groups = java.util.stream.LongStream.range(lo, hi).map(order::at).sorted().toArray();
    for (long q : groups) {
      for (long r = q * g; r < Math.min(n, (q + 1) * g); r++) {
        rows.add((int) r);
      }
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Large partitions: an epoch reads every row once, each step in whole groups of adjacent rows
   * (the last group of the partition may be shorter), at least MIN_GROUPS of them, and steps
   * differ in size by less than two groups.
   */
  @ParameterizedTest
  @ValueSource(ints = {BatchPlan.GROUPED_ROWS, BatchPlan.GROUPED_ROWS + 1, 100_003, 250_000})
  void largePartitionsReadWholeGroupsOfAdjacentRowsEachOnceAnEpoch(int n) {
    for (long steps : new long[] {2, 10, 100, 1000}) {
      int g = BatchPlan.groupSize(n, steps);
      boolean[] seen = new boolean[n];
      int smallest = Integer.MAX_VALUE;
      int largest = 0;
      for (long s = 0; s < steps; s++) {
        int[] rows = new BatchPlan(17, 3, s, steps).rows(1, n);
        smallest = Math.min(smallest, rows.length);
        largest = Math.max(largest, rows.length);
        int groups = 0;
        for (int i = 0; i < rows.length; i++) {
          assertFalse(seen[rows[i]], "row " + rows[i] + " read twice in one epoch");
          seen[rows[i]] = true;
          if (rows[i] % g == 0) {
            groups++;
          } else {
            assertEquals(rows[i - 1] + 1, rows[i], "a group broken at row " + rows[i]);
          }
        }
        assertTrue(g == 1 || groups >= BatchPlan.MIN_GROUPS, groups + " groups of " + g);
      }
      assertTrue(IntStream.range(0, n).allMatch(r -> seen[r]), "a row never read");
      // a group more, and the partition's last group shorter
      assertTrue(largest - smallest < 2 * g, "step sizes " + smallest + ".." + largest);
    }
  }

  @Test
  void groupsAreSingleRowsInSmallPartitionsAndUpTo64AdjacentRowsInLargeOnes() {
    assertEquals(1, BatchPlan.groupSize(BatchPlan.GROUPED_ROWS - 1, 2));
    assertEquals(1, BatchPlan.groupSize(1_000_000, 1));
    assertEquals(64, BatchPlan.groupSize(250_000, 100)); // 1% batches, 250,000 rows
    assertEquals(32, BatchPlan.groupSize(20_000, 10)); // 20,000 / (10 x 32) = 62.5
    assertEquals(4, BatchPlan.groupSize(BatchPlan.GROUPED_ROWS, 100));
    assertEquals(1, BatchPlan.groupSize(BatchPlan.GROUPED_ROWS, 1000));
  }

  @Test
  void rowsAreTouchedAheadOnlyWhenSingleOrInGroupsShorterThanEightRows() {
    assertTrue(new BatchPlan(1, 1, 0, 100).scattered(BatchPlan.GROUPED_ROWS - 1)); // single rows
    assertTrue(new BatchPlan(1, 1, 0, 100).scattered(BatchPlan.GROUPED_ROWS)); // groups of 4
    assertFalse(new BatchPlan(1, 1, 0, 100).scattered(2 * BatchPlan.GROUPED_ROWS)); // of 8
    assertFalse(new BatchPlan(1, 1, 0, 100).scattered(250_000)); // of 64
  }

  @Test
  void blocksGetTheSameRowsWhetherOrNotTheyAreTouchedAhead() {
    Random rnd = new Random(10);
    List<Row> rows = TestRows.random(rnd, 700, 5, Shape.DENSE, new LogisticLoss(), 2, true);
    PackedPartition part = packed(0, rows, 400);
    assertTrue(part.numBlocks() >= 20, "blocks: " + part.numBlocks());
    int[] sel = new BatchPlan(3, 1, 1, 4).rows(0, 700);
    List<Integer> touched = new ArrayList<>();
    List<Integer> read = new ArrayList<>();
    PartitionPass.eachBlock(part, sel, true, new int[sel.length], (block, local, count) -> {
      for (int p = 0; p < count; p++) {
        touched.add(part.blockStart(blockIndex(part, block)) + local[p]);
      }
    });
    PartitionPass.eachBlock(part, sel, false, new int[sel.length], (block, local, count) -> {
      for (int p = 0; p < count; p++) {
        read.add(part.blockStart(blockIndex(part, block)) + local[p]);
      }
    });
    assertEquals(Arrays.stream(sel).boxed().toList(), touched);
    assertEquals(touched, read);
    assertTrue(sel[sel.length - 1] >= part.blockStart(part.numBlocks() - 1), "last block");
    // Touching leaves the sum of what it read; without it, nothing is read ahead.
    PartitionPass.eachBlock(part, sel, true, new int[sel.length], (block, local, count) -> {});
    assertNotEquals(0.0, PartitionPass.sink);
    PartitionPass.eachBlock(part, sel, false, new int[sel.length], (block, local, count) -> {});
    assertEquals(0.0, PartitionPass.sink);
  }

  @Test
  void partitionPassOverGroupsOfAdjacentRowsEqualsTheRowByRowSums() {
    Random rnd = new Random(11);
    Loss loss = new LogisticLoss();
    int n = 2 * BatchPlan.GROUPED_ROWS + 1234;
    List<Row> rows = TestRows.random(rnd, n, 3, Shape.DENSE, loss, 2, true);
    PackedPartition part = packed(0, rows, 4096);
    ParameterLayout layout = new ParameterLayout(3, 1, true);
    double[] coef = TestRows.gaussian(rnd, layout.size(), 0.5);
    for (long s = 0; s < 10; s++) {
      BatchPlan plan = new BatchPlan(6, 1, s, 10);
      assertFalse(plan.scattered(n), "groups of " + BatchPlan.groupSize(n, 10));
      ReferenceGradient.of(rows, plan.rows(0, n), coef, layout, loss).assertMatches(
          PartitionPass.add(new GradientAggregator(), part, coef, layout, loss, plan), 1e-12,
          "step " + s);
    }
  }

  private static int blockIndex(PackedPartition part, Block block) {
    for (int b = 0; b < part.numBlocks(); b++) {
      if (part.block(b) == block) {
        return b;
      }
    }
    throw new AssertionError("not a block of the partition");
  }

  @Test
  void sameSeedAndEpochGiveTheSameRowsOtherEpochsOrPartitionsOthers() {
    int n = 1000;
    BatchPlan plan = new BatchPlan(17, 3, 2, 10);
    assertArrayEquals(plan.rows(1, n), new BatchPlan(17, 3, 2, 10).rows(1, n));
    assertFalse(Arrays.equals(plan.rows(1, n), new BatchPlan(17, 4, 2, 10).rows(1, n)));
    assertFalse(Arrays.equals(plan.rows(1, n), new BatchPlan(18, 3, 2, 10).rows(1, n)));
    assertFalse(Arrays.equals(plan.rows(1, n), plan.rows(2, n)));
    assertFalse(Arrays.equals(plan.rows(1, n), new BatchPlan(17, 3, 3, 10).rows(1, n)));
  }

  @Test
  void fullPlanReadsEveryRow() {
    assertTrue(BatchPlan.ALL.isFull());
    assertFalse(new BatchPlan(1, 0, 0, 2).isFull());
    assertArrayEquals(IntStream.range(0, 37).toArray(), BatchPlan.ALL.rows(4, 37));
    assertArrayEquals(new int[0], new BatchPlan(1, 0, 0, 5).rows(0, 0));
  }

  /** Rows packed into several small blocks (as the packer would, with a small target). */
  private static PackedPartition packed(int index, List<Row> rows, long targetBytes) {
    List<Block> blocks = TestRows.pack(rows, targetBytes);
    return new PackedPartition(index, blocks, new PartitionSummary());
  }

  @Test
  void partitionPassEqualsAddingTheSelectedRowsDirectly() {
    Random rnd = new Random(8);
    Loss loss = new SoftmaxLoss();
    for (Shape shape : Shape.values()) {
      List<Row> rows = TestRows.random(rnd, 503, 11, shape, loss, 3, true);
      PackedPartition part = packed(3, rows, 1500);
      assertTrue(part.numBlocks() >= 5, "blocks: " + part.numBlocks());
      assertEquals(503, part.rows());
      ParameterLayout layout = new ParameterLayout(12, 3, true);
      double[] coef = TestRows.gaussian(rnd, layout.size(), 0.5);
      Block all = TestRows.sparse(rows);

      GradientAggregator epoch = new GradientAggregator();
      for (long s = 0; s < 7; s++) {
        BatchPlan plan = new BatchPlan(5, 2, s, 7);
        int[] sel = plan.rows(3, 503);
        GradientAggregator pass =
            PartitionPass.add(new GradientAggregator(), part, coef, layout, loss, plan);
        ReferenceGradient.of(rows, sel, coef, layout, loss)
            .assertMatches(pass, 1e-12, shape + " step " + s);
        GradientAggregator direct =
            new GradientAggregator().add(all, sel, sel.length, coef, layout, loss);
        ReferenceGradient.of(rows, sel, coef, layout, loss)
            .assertMatches(direct, 1e-12, shape + " direct step " + s);
        epoch.merge(pass);
      }
      // The steps of one epoch together read every row once: the full-batch sums.
      ReferenceGradient.of(rows, null, coef, layout, loss).assertMatches(epoch, 1e-12,
          shape + " epoch");
      ReferenceGradient.of(rows, null, coef, layout, loss).assertMatches(
          PartitionPass.add(new GradientAggregator(), part, coef, layout, loss, BatchPlan.ALL),
          1e-12, shape + " full");
    }
  }

  @Test
  void partitionPassOverPackerOutputWithSeveralDefaultSizedBlocks() {
    Random rnd = new Random(9);
    Loss loss = new LogisticLoss();
    List<Row> rows = TestRows.random(rnd, 400, 101, Shape.DENSE, loss, 2, true);
    PartitionPacker packer = new PartitionPacker(1, LabelDomain.BINARY);
    for (int r = 0; r < rows.size(); r++) {
      TestRows.fill(rows.get(r), packer.row());
      packer.acceptRow("rows", r + 1);
    }
    PackedPartition part = packer.finish();
    assertTrue(part.numBlocks() >= 2, "blocks: " + part.numBlocks()); // 400 x 101 x 8 > 256 KiB
    ParameterLayout layout = new ParameterLayout(101, 1, false);
    double[] coef = TestRows.gaussian(rnd, layout.size(), 0.1);
    for (long s = 0; s < 3; s++) {
      BatchPlan plan = new BatchPlan(1, 0, s, 3);
      ReferenceGradient.of(rows, plan.rows(1, 400), coef, layout, loss).assertMatches(
          PartitionPass.add(new GradientAggregator(), part, coef, layout, loss, plan), 1e-12,
          "step " + s);
    }
  }

  @Test
  void emptyPartitionAddsNothing() {
    PackedPartition empty = new PackedPartition(0, List.of(), new PartitionSummary());
    ParameterLayout layout = new ParameterLayout(3, 1, true);
    for (BatchPlan plan : List.of(BatchPlan.ALL, new BatchPlan(1, 0, 1, 4))) {
      GradientAggregator agg = PartitionPass.add(new GradientAggregator(), empty, new double[4],
          layout, new LogisticLoss(), plan);
      assertEquals(0, agg.rows());
      assertArrayEquals(new double[4], agg.gradientSum(4));
    }
  }
}
