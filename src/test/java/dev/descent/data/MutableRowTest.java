package dev.descent.data;

import static dev.descent.input.LibSvmParserTest.indices;
import static dev.descent.input.LibSvmParserTest.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Labels, weights and features set from memory (the in-memory RDD path), and label encoding. */
class MutableRowTest {

  @Test
  void labelDomainsEncodeAcceptedLabels() throws BadRecord {
    assertEquals(-3.25, LabelDomain.REAL.encode(-3.25, 0));
    assertEquals(1.3e154, LabelDomain.REAL.encode(1.3e154, 0));
    assertEquals(1e300, LabelDomain.ANY.encode(1e300, 0)); // read, not used (prediction)
    assertEquals(1.0, LabelDomain.BINARY.encode(1, 0));
    assertEquals(0.0, LabelDomain.BINARY.encode(0, 0));
    assertEquals(0.0, LabelDomain.BINARY.encode(-1, 0));
    assertEquals(4.0, LabelDomain.CLASSES.encode(4, 5));
    assertEquals(1_000_000.0, LabelDomain.CLASSES.encode(1_000_000, 0));
    for (double bad : new double[] {2, -2, 0.5, 1 + 1e-15}) {
      assertThrows(BadRecord.class, () -> LabelDomain.BINARY.encode(bad, 0), "binary " + bad);
    }
    for (double bad : new double[] {-1, 0.5, 5, 1e9}) {
      assertThrows(BadRecord.class, () -> LabelDomain.CLASSES.encode(bad, 5), "classes " + bad);
    }
  }

  @Test
  void setLabelAndWeightRejectNonFiniteAndNegative() throws BadRecord {
    MutableRow row = new MutableRow();
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      BadRecord e = assertThrows(BadRecord.class, () -> row.setLabel(bad, LabelDomain.REAL, 0));
      assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
    }
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1, -1e-300}) {
      BadRecord e = assertThrows(BadRecord.class, () -> row.setWeight(bad));
      assertTrue(e.getMessage().contains("is not a finite number >= 0"), e.getMessage());
    }
    row.setWeight(0);
    assertEquals(0.0, row.weight());
    row.setLabel(-1, LabelDomain.BINARY, 0);
    assertEquals(0.0, row.label());
    assertEquals(-1.0, row.rawLabel());
    row.clear();
    assertEquals(1.0, row.weight());
    assertEquals(0, row.size());
  }

  @Test
  void addFeaturesAcceptsSparseAndDenseVectors() throws BadRecord {
    MutableRow row = new MutableRow();
    row.addFeatures(new int[] {2, 5, 40}, new double[] {1, -2, 3}, 41);
    assertArrayEquals(new int[] {2, 5, 40}, indices(row));
    assertArrayEquals(new double[] {1, -2, 3}, values(row));
    assertEquals(41, row.width());
    row.clear();
    row.addFeatures(null, new double[] {0, 7, 0}, 3);
    assertArrayEquals(new int[] {0, 1, 2}, indices(row));
    assertArrayEquals(new double[] {0, 7, 0}, values(row));
    row.clear();
    row.addFeatures(new int[] {100}, new double[] {1}, 0); // dimension not given: any index
    assertEquals(101, row.width());
  }

  @Test
  void addFeaturesRejectsWhatAFileParserWould() {
    MutableRow row = new MutableRow();
    assertMessage("has 2 features but numFeatures=3",
        () -> row.addFeatures(null, new double[] {1, 2}, 3));
    assertMessage("feature index 2 follows index 5: indices must be strictly increasing",
        () -> row.addFeatures(new int[] {5, 2}, new double[] {1, 2}, 0));
    assertMessage("feature index 5 follows index 5: indices must be strictly increasing",
        () -> row.addFeatures(new int[] {5, 5}, new double[] {1, 2}, 0));
    // A negative index is refused, though the message (sentinel "index -1") could be clearer.
    assertThrows(BadRecord.class, () -> row.addFeatures(new int[] {-1}, new double[] {1}, 0));
    assertMessage("feature index 3 (0-based) is not below numFeatures=3",
        () -> row.addFeatures(new int[] {0, 3}, new double[] {1, 2}, 3));
    assertMessage("feature 1 has non-finite value NaN",
        () -> row.addFeatures(null, new double[] {1, Double.NaN}, 0));
    assertMessage("feature 4 has non-finite value Infinity",
        () -> row.addFeatures(new int[] {4}, new double[] {Double.POSITIVE_INFINITY}, 0));
  }

  /** Values whose squares overflow are bad data: losses and moments square them. */
  @Test
  void valuesWhoseSquaresOverflowAreRefused() throws BadRecord {
    double limit = Math.sqrt(Double.MAX_VALUE);
    MutableRow row = new MutableRow();
    row.setLabel(limit, LabelDomain.REAL, 0);
    row.setWeight(limit);
    row.addFeatures(null, new double[] {-limit}, 0);
    for (double bad : new double[] {Math.nextUp(limit), -1e300, Double.MAX_VALUE}) {
      BadRecord e = assertThrows(BadRecord.class, () -> row.setLabel(bad, LabelDomain.REAL, 0));
      assertTrue(e.getMessage().startsWith("label ") && e.getMessage().contains(
          "is too large: its square overflows a double"), e.getMessage());
    }
    assertMessage("instance weight 1.0E300 is too large: its square overflows a double (the limit"
        + " is about 1.34e154; rescale the data)", () -> row.setWeight(1e300));
    assertMessage("feature 1 = -1.0E300 is too large: its square overflows a double (the limit is"
        + " about 1.34e154; rescale the data)",
        () -> row.addFeatures(null, new double[] {1, -1e300}, 0));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    assertEquals(expected, assertThrows(BadRecord.class, e).getMessage());
  }
}
