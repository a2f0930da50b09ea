package dev.descent.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.BadRecord;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineParser;
import dev.descent.data.MutableRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

public class LibSvmParserTest {
  private static final LibSvmParser REAL = new LibSvmParser(0, LabelDomain.REAL, 0);

  /** The parsed row, or null when the line holds no record. */
  static MutableRow parse(LineParser parser, String line) throws BadRecord {
    MutableRow row = new MutableRow();
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return parser.parse(b, b.length, row) ? row : null;
  }

  public static int[] indices(MutableRow row) {
    int[] idx = new int[row.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = row.index(i);
    }
    return idx;
  }

  public static double[] values(MutableRow row) {
    double[] v = new double[row.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = row.value(i);
    }
    return v;
  }

  @Test
  void parsesLabelAndFeaturesWithZeroBasedIndices() throws BadRecord {
    MutableRow row = parse(REAL, "-2.5 1:0.5 3:-2 10:1e3 11:0");
    assertEquals(-2.5, row.label());
    assertEquals(1.0, row.weight());
    assertArrayEquals(new int[] {0, 2, 9, 10}, indices(row));
    assertArrayEquals(new double[] {0.5, -2, 1000, 0}, values(row));
    assertEquals(11, row.width());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1 2:0.5 4:-2", "1\t2:0.5\t4:-2", "1   2:0.5 \t  4:-2", "1 2:0.5 4:-2   ",
      "1 2:0.5 4:-2\r", "1 2:0.5 4:-2 \r", "  \t1 2:0.5 4:-2", "+1 2:.5 4:-2.0",
      "1 2:0.5 4:-2 # comment 5:7", "1 2:0.5 4:-2\t#comment", "1 2:0.5 4:-2 #", "1.0 2:5e-1 4:-2E0",
      "1 002:0.5 4:-2"})
  void separatorsCommentsAndLineEndingsDoNotChangeTheRow(String line) throws BadRecord {
    MutableRow row = parse(REAL, line);
    assertEquals(1.0, row.label(), line);
    assertArrayEquals(new int[] {1, 3}, indices(row), line);
    assertArrayEquals(new double[] {0.5, -2}, values(row), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t \t", "\r", "# a comment", "   # indented comment", "#1 1:2"})
  void blankAndCommentLinesHoldNoRecord(String line) throws BadRecord {
    assertEquals(null, parse(REAL, line));
  }

  @Test
  void lineWithOnlyALabelHasNoFeatures() throws BadRecord {
    MutableRow row = parse(REAL, "3 # nothing else");
    assertEquals(3.0, row.label());
    assertEquals(0, row.size());
    assertEquals(0, row.width());
  }

  @Test
  void reusedRowIsClearedBetweenLinesAndGrowsPast16Features() throws BadRecord {
    StringBuilder longLine = new StringBuilder("2");
    for (int j = 1; j <= 40; j++) {
      longLine.append(' ').append(j * 3).append(':').append(j);
    }
    MutableRow row = new MutableRow();
    byte[] b = longLine.toString().getBytes(StandardCharsets.US_ASCII);
    assertTrue(REAL.parse(b, b.length, row));
    assertEquals(40, row.size());
    assertEquals(119, row.index(39));
    assertEquals(40.0, row.value(39));
    byte[] shortLine = "5 7:1".getBytes(StandardCharsets.US_ASCII);
    assertTrue(REAL.parse(shortLine, shortLine.length, row));
    assertEquals(5.0, row.label());
    assertArrayEquals(new int[] {6}, indices(row));
    assertEquals(7, row.width());
  }

  @Test
  void readsOnlyTheGivenLengthOfTheBuffer() throws BadRecord {
    MutableRow row = new MutableRow();
    byte[] b = "1 1:2 3:4 5:x".getBytes(StandardCharsets.US_ASCII);
    assertTrue(REAL.parse(b, 9, row));
    assertArrayEquals(new int[] {0, 2}, indices(row));
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "+1, 1", "1.0, 1", "0, 0", "-0, 0", "0.0, 0", "-1, 0", "-1.0, 0"})
  void binaryLabelsAreStoredAsZeroOrOne(String raw, double stored) throws BadRecord {
    MutableRow row = parse(new LibSvmParser(0, LabelDomain.BINARY, 0), raw + " 1:1");
    assertEquals(stored, row.label());
    assertEquals(Double.parseDouble(raw), row.rawLabel());
  }

  @Test
  void classAndRealLabelsAreStoredAsWritten() throws BadRecord {
    LibSvmParser classes = new LibSvmParser(0, LabelDomain.CLASSES, 3);
    for (int c = 0; c < 3; c++) {
      assertEquals(c, parse(classes, c + " 1:1").label());
    }
    assertEquals(2.0, parse(classes, "2.0 1:1").label());
    assertEquals(7.0, parse(new LibSvmParser(0, LabelDomain.CLASSES, 0), "7").label());
    assertEquals(-0.0025, parse(REAL, "-2.5e-3").label());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1 0:1             | feature index 0 is not allowed",
      "1 3:1 2:1         | feature index 2 follows index 3: indices must be strictly increasing",
      "1 2:1 2:1         | feature index 2 follows index 2",
      "1 11:1            | feature index 11 is beyond numFeatures=10",
      "1 10:1 11:1       | beyond numFeatures=10",
      "1 3               | feature \"3\" is not of the form index:value",
      "1 1:2 abc         | \"abc\" is not of the form index:value",
      "1 qid:3 1:2       | qid",
      "1 1:abc           | value \"abc\" is not a finite decimal number",
      "1 1:NaN           | value \"NaN\" is not a finite decimal number",
      "1 1:Infinity      | value \"Infinity\" is not a finite decimal number",
      "1 1:1e400         | out of range",
      "1 1:              | feature 1: empty number",
      "0 1:1 2: 2        | feature 2: empty number",
      "1:1 2:2           | label: value \"1:1\" is not a finite decimal number (the line starts"
          + " with a feature: a LIBSVM line starts with its label)",
      "1 :5              | empty feature index",
      "1 -1:5            | feature index \"-1\" is not a positive integer",
      "1 1.5:2           | feature index \"1.5\" is not a positive integer",
      "1 1:2:3           | value \"2:3\" is not a finite decimal number",
      "1 1:2,3:4         | value \"2,3:4\" is not a finite decimal number",
      "1 99999999999:1   | is larger than",
      "abc 1:2           | value \"abc\" is not a finite decimal number",
      "NaN 1:2           | value \"NaN\" is not a finite decimal number",
      "1,2 1:2           | value \"1,2\" is not a finite decimal number"})
  void malformedLinesAreRejectedWithTheReason(String line, String reason) {
    BadRecord e = assertThrows(BadRecord.class,
        () -> parse(new LibSvmParser(10, LabelDomain.REAL, 0), line.trim()));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "BINARY  | 0 | 2   | label 2 is not a binary class label (use 0/1 or -1/+1; for more than"
          + " two classes, labelled 0..K-1, use loss=softmax)",
      "BINARY  | 0 | 0.5 | label 0.5 is not a binary class label (use 0/1 or -1/+1)",
      "BINARY  | 0 | -2  | label -2 is not a binary class label",
      "CLASSES | 0 | 1.5 | label 1.5 is not a class index",
      "CLASSES | 0 | -1  | label -1 is not a class index",
      "CLASSES | 3 | 3   | label 3 is outside 0..2 (numClasses=3)",
      "CLASSES | 3 | 17  | label 17 is outside 0..2",
      "CLASSES | 0 | 2e6 | label 2000000 is too large for a class index"})
  void labelsOutsideTheLossDomainAreRejected(LabelDomain domain, int classes, String label,
      String reason) {
    BadRecord e = assertThrows(BadRecord.class,
        () -> parse(new LibSvmParser(0, domain, classes), label + " 1:1"));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void errorsNameTheDimensionAsTheCallerDescribesIt() {
    LibSvmParser p = new LibSvmParser(5, LabelDomain.REAL, 0, "the model's 5 features");
    BadRecord e = assertThrows(BadRecord.class, () -> parse(p, "1 6:1"));
    assertEquals("feature index 6 is beyond the model's 5 features", e.getMessage());
  }

  @Test
  void withoutADeclaredDimensionAnyIndexUpToTheArrayLimitIsAccepted() throws BadRecord {
    assertEquals(999_999, parse(REAL, "1 1000000:1").index(0));
    long max = LibSvmParser.MAX_INDEX;
    assertEquals((int) (max - 1), parse(REAL, "1 " + max + ":1").index(0));
    assertThrows(BadRecord.class, () -> parse(REAL, "1 " + (max + 1) + ":1"));
  }

  @Test
  void randomRowsSurviveFormattingAndParsing() throws BadRecord {
    Random rnd = new Random(3);
    String[] seps = {" ", "\t", "  ", " \t "};
    LibSvmParser parser = new LibSvmParser(500, LabelDomain.REAL, 0);
    MutableRow row = new MutableRow();
    for (int t = 0; t < 2000; t++) {
      double label = rnd.nextGaussian() * 100;
      List<Integer> idx = new ArrayList<>();
      List<Double> val = new ArrayList<>();
      StringBuilder line = new StringBuilder(Double.toString(label));
      for (int j = 1; j <= 500; j++) {
        if (rnd.nextInt(50) == 0) {
          double v = rnd.nextInt(3) == 0 ? rnd.nextInt(10) : rnd.nextGaussian() * Math.pow(10,
              rnd.nextInt(20) - 10);
          idx.add(j - 1);
          val.add(v);
          line.append(seps[rnd.nextInt(seps.length)]).append(j).append(':').append(v);
        }
      }
      line.append(rnd.nextBoolean() ? "" : "\r");
      byte[] b = line.toString().getBytes(StandardCharsets.US_ASCII);
      assertTrue(parser.parse(b, b.length, row));
      assertEquals(label, row.label());
      assertArrayEquals(idx.stream().mapToInt(Integer::intValue).toArray(), indices(row));
      assertArrayEquals(val.stream().mapToDouble(Double::doubleValue).toArray(), values(row));
    }
  }
}
