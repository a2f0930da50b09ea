package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.SquaredLoss;
import dev.descent.testing.TestRows;
import dev.descent.testing.TestRows.Row;
import dev.descent.testing.TestRows.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockBuilderTest {

  /** Every row, value by value, in order across the blocks (including columns past its width). */
  private static void assertBlocksHold(List<Row> rows, List<Block> blocks) {
    int width = TestRows.maxWidth(rows);
    int r = 0;
    for (Block b : blocks) {
      assertTrue(b.rows() > 0, "empty block");
      for (int i = 0; i < b.rows(); i++, r++) {
        Row row = rows.get(r);
        assertEquals(row.label(), b.label(i), "label of row " + r);
        assertEquals(row.weight(), b.weight(i), "weight of row " + r);
        for (int j = 0; j < width + 2; j++) {
          assertEquals(TestRows.value(row, j), b.get(i, j), "row " + r + " column " + j);
        }
      }
      assertTrue(b.width() <= width);
    }
    assertEquals(rows.size(), r, "rows in all blocks");
  }

  @Test
  void rowsComeBackExactlyWhateverTheTarget() {
    Random rnd = new Random(1);
    for (Shape shape : Shape.values()) {
      for (boolean weighted : new boolean[] {false, true}) {
        List<Row> rows = TestRows.random(rnd, 500, 30, shape, new SquaredLoss(), 0, weighted);
        for (long target : new long[] {1, 100, 1000, 20_000, BlockBuilder.TARGET_BYTES}) {
          assertBlocksHold(rows, TestRows.pack(rows, target));
        }
        BlockBuilder defaults = new BlockBuilder(); // one MutableRow reused, as the packer does
        MutableRow reused = new MutableRow();
        for (Row row : rows) {
          defaults.add(TestRows.fill(row, reused));
        }
        assertBlocksHold(rows, defaults.finish());
      }
    }
  }

  @Test
  void denseDataBecomesDenseBlocksAndSparseDataSparseBlocks() {
    Random rnd = new Random(2);
    List<Row> dense = new ArrayList<>();
    List<Row> sparse = new ArrayList<>();
    for (int r = 0; r < 100; r++) {
      dense.add(new Row(new int[] {0, 1, 2, 3}, TestRows.gaussian(rnd, 4, 1), r % 2, 1));
      sparse.add(new Row(new int[] {r, 100 + r}, TestRows.gaussian(rnd, 2, 1), r % 2, 1));
    }
    List<Block> d = TestRows.pack(dense, BlockBuilder.TARGET_BYTES);
    assertEquals(1, d.size());
    assertInstanceOf(DenseBlock.class, d.get(0));
    assertEquals(400, d.get(0).storedValues());
    assertEquals(4, d.get(0).width());
    assertBlocksHold(dense, d);

    List<Block> s = TestRows.pack(sparse, BlockBuilder.TARGET_BYTES);
    assertEquals(1, s.size());
    assertInstanceOf(SparseBlock.class, s.get(0));
    assertEquals(200, s.get(0).storedValues());
    assertEquals(200, s.get(0).width());
    assertBlocksHold(sparse, s);
  }

  @Test
  void blocksCloseWhenTheNextRowWouldPassTheTarget() {
    Random rnd = new Random(3);
    for (long target : new long[] {64, 500, 3000}) {
      for (Shape shape : Shape.values()) {
        List<Row> rows = TestRows.random(rnd, 400, 25, shape, new SquaredLoss(), 0, false);
        List<Block> blocks = TestRows.pack(rows, target);
        assertTrue(blocks.size() > 1);
        int first = 0;
        for (int b = 0; b < blocks.size(); b++) {
          int n = blocks.get(b).rows();
          List<Row> in = rows.subList(first, first + n);
          assertTrue(n == 1 || bytes(in) <= target, "block " + b + " over target " + target);
          if (b + 1 < blocks.size()) {
            assertTrue(bytes(rows.subList(first, first + n + 1)) > target,
                "block " + b + " closed early at target " + target);
          }
          first += n;
        }
      }
    }
  }

  /** The smaller of the dense and the sparse encoding, as documented: 8 rows width vs 12 nnz + 4 rows. */
  private static long bytes(List<Row> rows) {
    long nnz = rows.stream().mapToLong(r -> r.indices().length).sum();
    return Math.min(8L * rows.size() * TestRows.maxWidth(rows), 12 * nnz + 4L * rows.size());
  }

  @Test
  void weightsArrayIsNullExactlyWhenEveryWeightInTheBlockIsOne() {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 300; r++) {
      double w = r == 150 ? 3 : r == 290 ? 0 : 1;
      rows.add(new Row(new int[] {0, 1}, new double[] {r, -r}, r % 2, w));
    }
    // 16 bytes per row: 20 rows per 320-byte block, rows 150 and 290 in blocks 7 and 14.
    List<Block> blocks = TestRows.pack(rows, 320);
    assertEquals(15, blocks.size());
    for (int b = 0; b < blocks.size(); b++) {
      if (b == 7 || b == 14) {
        assertNotNull(blocks.get(b).weights(), "block " + b);
      } else {
        assertNull(blocks.get(b).weights(), "block " + b);
      }
    }
    assertBlocksHold(rows, blocks);

    // One block: the first non-unit weight arrives after the arrays have grown.
    List<Block> one = TestRows.pack(rows, BlockBuilder.TARGET_BYTES);
    assertEquals(1, one.size());
    assertEquals(300, one.get(0).weights().length);
    assertBlocksHold(rows, one);
  }

  @Test
  void mixedWidthsAndEmptyRows() {
    List<Row> rows = List.of(
        new Row(new int[] {0}, new double[] {1.5}, 1, 1),
        new Row(new int[] {2, 49}, new double[] {-1, 2}, 0, 1),
        new Row(new int[0], new double[0], 1, 2),
        new Row(new int[] {0, 1, 2}, new double[] {4, 5, 6}, 0, 1));
    List<Block> blocks = TestRows.pack(rows, BlockBuilder.TARGET_BYTES);
    assertEquals(1, blocks.size());
    assertEquals(50, blocks.get(0).width());
    assertBlocksHold(rows, blocks);

    List<Row> empty = List.of(new Row(new int[0], new double[0], 3, 1),
        new Row(new int[0], new double[0], 4, 1));
    List<Block> e = TestRows.pack(empty, BlockBuilder.TARGET_BYTES);
    assertEquals(1, e.size());
    assertEquals(0, e.get(0).width());
    assertEquals(0, e.get(0).storedValues());
    assertBlocksHold(empty, e);
  }

  @Test
  void finishWithoutRowsGivesNoBlocksAndFlushIsIdempotent() {
    BlockBuilder builder = new BlockBuilder();
    builder.flush();
    assertTrue(builder.finish().isEmpty());
    MutableRow row = TestRows.fill(new Row(new int[] {1}, new double[] {2}, 1, 1), new MutableRow());
    builder.add(row);
    builder.flush();
    builder.flush();
    builder.add(row);
    assertEquals(2, builder.finish().size());
  }

  @Test
  void packedLabelsAreTheEncodedOnes() throws BadRecord {
    MutableRow row = new MutableRow();
    row.setLabel(-1, LabelDomain.BINARY, 0);
    row.add(0, 1);
    BlockBuilder builder = new BlockBuilder();
    builder.add(row);
    assertEquals(0.0, builder.finish().get(0).label(0));
  }

  @Test
  void floatStorageHoldsEachValueRoundedToFloatInHalfTheBytes() {
    Random rnd = new Random(7);
    for (Shape shape : Shape.values()) {
      List<Row> rows = TestRows.random(rnd, 700, 40, shape, new SquaredLoss(), 0, true);
      List<Block> doubles = TestRows.pack(rows, 4096, Precision.DOUBLE);
      List<Block> floats = TestRows.pack(rows, 4096, Precision.FLOAT);
      assertBlocksHold(TestRows.roundedToFloat(rows), floats);
      long doubleBytes = 0;
      long floatBytes = 0;
      long values = 0;
      for (Block b : doubles) {
        assertEquals(Precision.DOUBLE, b.precision());
        doubleBytes += b.sizeInBytes();
      }
      for (Block b : floats) {
        assertEquals(Precision.FLOAT, b.precision());
        floatBytes += b.sizeInBytes();
        values += b.storedValues();
      }
      // A block of the same byte target holds about twice the dense rows (4 bytes a value
      // instead of 8) and 3/2 of the sparse ones (8 bytes a value with its index, instead of 12).
      double fewer = shape == Shape.DENSE ? 0.55 : 0.75;
      assertTrue(floats.size() <= fewer * doubles.size(), floats.size() + " vs " + doubles.size());
      assertTrue(floatBytes < doubleBytes - 3.5 * values, floatBytes + " vs " + doubleBytes);
    }
  }

  @Test
  void valuesBeyondTheFloatRangeAreNamedWithFloatStorage() {
    MutableRow row = new MutableRow();
    row.add(0, 1.0);
    row.add(4, -1e39);
    assertNull(BlockBuilder.problemStoring(row, Precision.DOUBLE));
    assertEquals("feature 5 = -1.0E39 is beyond the float range (about 3.4e38); use"
        + " precision=double", BlockBuilder.problemStoring(row, Precision.FLOAT));
    row.clear();
    row.add(2, 3e38);
    row.add(3, 1e-300); // rounds to 0 in float: allowed
    assertNull(BlockBuilder.problemStoring(row, Precision.FLOAT));
  }
}
