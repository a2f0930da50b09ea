package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A partition's rows re-packed in a seeded random order: the same rows, each where it should be. */
class ShuffledPartitionTest {

  /**
   * Rows of several blocks, weighted: dense (every feature stored: dense blocks of one width,
   * copied as they are), or sparse (a few; sparse blocks, and dense ones of other widths where
   * the builder finds them smaller, re-packed).
   */
  private static PackedPartition rows(int n, boolean dense, Precision precision) {
    PartitionPacker packer = new PartitionPacker(3, LabelDomain.BINARY, precision);
    Random rnd = new Random(n);
    for (int r = 0; r < n; r++) {
      MutableRow row = packer.row();
      row.clear();
      row.label = r % 2;
      row.rawLabel = r % 2;
      row.weight = 1 + r % 5;
      for (int j = 0; j < 40; j++) {
        if (dense || rnd.nextInt(r < n / 2 ? 10 : 2) == 0) {
          row.add(j, (float) (r + j / 64.0)); // exact in float too, and names its row
        }
      }
      packer.acceptRow("rows", r + 1);
    }
    return packer.finish();
  }

  private static String describe(PackedPartition p, int row) {
    int b = 0;
    while (p.blockStart(b + 1) <= row) {
      b++;
    }
    MutableRow out = new MutableRow();
    p.block(b).copyRow(row - p.blockStart(b), out);
    StringBuilder s = new StringBuilder(out.label() + " w" + out.weight());
    for (int i = 0; i < out.size(); i++) {
      s.append(' ').append(out.index(i)).append(':').append(out.value(i));
    }
    return s.toString();
  }

  /**
   * A partition whose first block is short (its first input split held one line) is shuffled
   * into blocks of the usual size, not into blocks as short as that one.
   */
  @Test
  void aShortFirstBlockDoesNotShortenTheShuffledBlocks() {
    PackedPartition p = PackedPartition.concat(3, java.util.List.of(rows(1, true,
        Precision.DOUBLE), rows(20_000, true, Precision.DOUBLE)));
    assertEquals(1, p.block(0).rows());
    PackedPartition q = p.shuffled(5);
    assertEquals(20_001, q.rows());
    assertTrue(q.numBlocks() <= p.numBlocks(), q.numBlocks() + " blocks from " + p.numBlocks());
  }

  @ParameterizedTest
  @CsvSource({"20000, true, DOUBLE", "20000, false, DOUBLE", "9001, true, FLOAT",
      "9001, false, FLOAT", "1, true, DOUBLE", "0, false, DOUBLE"})
  void rowIOfTheShuffledPartitionIsRowAtIOfThePermutation(int n, boolean dense,
      Precision precision) {
    PackedPartition p = rows(n, dense, precision);
    assertTrue(n < 9000 || p.numBlocks() >= 2, p.numBlocks() + " blocks");
    long sparseBlocks = java.util.stream.IntStream.range(0, p.numBlocks())
        .filter(b -> p.block(b) instanceof SparseBlock).count();
    assertTrue(dense ? sparseBlocks == 0 : n < 9000 || sparseBlocks > 0, sparseBlocks + " sparse");
    PackedPartition q = p.shuffled(77);
    RowPermutation order = new RowPermutation(n, 77);
    assertEquals(n, q.rows());
    assertEquals(3, q.index());
    assertSame(p.summary(), q.summary());
    int moved = 0;
    for (int i = 0; i < n; i++) {
      int from = (int) order.at(i);
      assertEquals(describe(p, from), describe(q, i), "row " + i);
      moved += from == i ? 0 : 1;
    }
    assertTrue(n < 100 || moved > n * 0.99, moved + " of " + n + " rows moved");
    if (n > 100) {
      assertNotEquals(describe(p.shuffled(78), 0), describe(q, 0), "another seed, another order");
      assertEquals(precision, q.block(0).precision());
    }
  }
}
