package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.input.LibSvmParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing lines into a packed partition, and what its summary records. */
class PartitionPackerTest {
  private static final LineParser BINARY = new LibSvmParser(0, LabelDomain.BINARY, 0);

  private static PackedPartition pack(int partition, String... lines) {
    PartitionPacker packer = new PartitionPacker(partition, LabelDomain.BINARY);
    long offset = 0;
    for (String line : lines) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      packer.addLine(BINARY, b, b.length, "data.svm", offset);
      offset += b.length + 1;
    }
    return packer.finish();
  }

  @Test
  void summaryCountsRowsLabelsAndValues() {
    PackedPartition p = pack(2, "# header comment", "1 1:0.5 4:2", "-1 2:1", "", "0 7:3 8:1 9:1",
        "+1");
    assertEquals(2, p.index());
    assertEquals(4, p.rows());
    PartitionSummary s = p.summary();
    assertEquals(4, s.rows());
    assertEquals(4.0, s.weightSum());
    assertEquals(9, s.width());
    assertEquals(6, s.storedValues());
    assertEquals(-1.0, s.labelMin());
    assertEquals(1.0, s.labelMax());
    assertEquals(0.5, s.labelMean());
    assertArrayEquals(new long[] {2, 2}, s.classCounts());
    assertEquals(Location.inFile("data.svm", 17 + 12), s.firstMinusOneLabel());
    assertEquals(Location.inFile("data.svm", 17 + 12 + 7 + 1), s.firstZeroLabel());
    long bytes = 0;
    for (int b = 0; b < p.numBlocks(); b++) {
      bytes += p.block(b).sizeInBytes();
    }
    assertEquals(bytes, s.bytes());
  }

  @Test
  void badLineNamesSourceAndByteOffset() {
    DataException e = assertThrows(DataException.class,
        () -> pack(0, "1 1:2", "2 1:2", "1 1:1"));
    assertEquals("data.svm", e.source());
    assertEquals(6, e.byteOffset());
    assertEquals("label 2 is not a binary class label (use 0/1 or -1/+1; for more than two"
        + " classes, labelled 0..K-1, use loss=softmax)", e.problem());
  }

  @Test
  void inMemoryRowsAreLocatedByPartitionAndRecord() throws BadRecord {
    PartitionPacker packer = new PartitionPacker(3, LabelDomain.BINARY);
    for (int r = 1; r <= 3; r++) {
      MutableRow row = packer.row();
      row.clear();
      row.setLabel(r == 3 ? -1 : 1, LabelDomain.BINARY, 0);
      row.setWeight(r);
      row.addFeatures(new int[] {r}, new double[] {1}, 0);
      packer.acceptRow("my rows", r);
    }
    PartitionSummary s = packer.finish().summary();
    assertEquals(Location.inRecords("my rows", "partition 3, record 3"), s.firstMinusOneLabel());
    assertNull(s.firstZeroLabel());
    assertEquals(6.0, s.weightSum());
    assertEquals((1 + 2) / 6.0, s.labelMean());
  }

  @Test
  void summariesMergeAssociatively() {
    PartitionSummary a = pack(0, "1 1:1", "0 5:1").summary();
    PartitionSummary b = pack(1, "-1 2:1 3:1").summary();
    PartitionSummary c = pack(2, "1 9:2").summary();
    PartitionSummary left = a.merge(b).merge(c);
    PartitionSummary right = a.merge(b.merge(c));
    for (PartitionSummary m : new PartitionSummary[] {left, right}) {
      assertEquals(4, m.rows());
      assertEquals(9, m.width());
      assertEquals(5, m.storedValues());
      assertEquals(-1.0, m.labelMin());
      assertArrayEquals(new long[] {2, 2}, m.classCounts());
      assertEquals(Location.inFile("data.svm", 6), m.firstZeroLabel());
      assertEquals(Location.inFile("data.svm", 0), m.firstMinusOneLabel());
      assertEquals(a.bytes() + b.bytes() + c.bytes(), m.bytes());
    }
    PartitionSummary empty = new PartitionSummary();
    assertEquals(4, empty.merge(left).rows());
    assertArrayEquals(left.classCounts(), left.merge(empty).classCounts());
  }

  @Test
  void aValueBeyondTheFloatRangeIsABadLineWithFloatStorage() {
    PartitionPacker packer = new PartitionPacker(0, LabelDomain.BINARY, Precision.FLOAT);
    byte[] good = "1 1:0.5 2:3e38".getBytes(StandardCharsets.UTF_8);
    byte[] bad = "0 1:0.5 3:4e38".getBytes(StandardCharsets.UTF_8);
    packer.addLine(BINARY, good, good.length, "data.svm", 0);
    DataException e = assertThrows(DataException.class,
        () -> packer.addLine(BINARY, bad, bad.length, "data.svm", 15));
    assertEquals("data.svm", e.source());
    assertEquals(15, e.byteOffset());
    assertEquals("feature 3 = 4.0E38 is beyond the float range (about 3.4e38); use"
        + " precision=double", e.problem());
  }
}
