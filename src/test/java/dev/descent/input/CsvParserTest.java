package dev.descent.input;

import static dev.descent.input.LibSvmParserTest.indices;
import static dev.descent.input.LibSvmParserTest.parse;
import static dev.descent.input.LibSvmParserTest.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.BadRecord;
import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvParserTest {
  /** label, then three features. */
  private static final CsvParser LABEL_FIRST = new CsvParser(4, 0, -1, ',', LabelDomain.REAL, 0);

  @Test
  void everyNonLabelColumnIsAFeatureInColumnOrder() throws BadRecord {
    MutableRow row = parse(LABEL_FIRST, "1.5,0.25,0,-3e2");
    assertEquals(1.5, row.label());
    assertEquals(1.0, row.weight());
    assertArrayEquals(new int[] {0, 1, 2}, indices(row)); // zeros are kept: the row is dense
    assertArrayEquals(new double[] {0.25, 0, -300}, values(row));
    assertEquals(3, LABEL_FIRST.numFeatures());
  }

  @Test
  void labelAndWeightColumnsAnywhereAreSkippedInFeatureNumbering() throws BadRecord {
    CsvParser p = new CsvParser(5, 2, 4, ',', LabelDomain.BINARY, 0);
    assertEquals(3, p.numFeatures());
    MutableRow row = parse(p, "10,20,-1,30,2.5");
    assertEquals(0.0, row.label());
    assertEquals(-1.0, row.rawLabel());
    assertEquals(2.5, row.weight());
    assertArrayEquals(new int[] {0, 1, 2}, indices(row));
    assertArrayEquals(new double[] {10, 20, 30}, values(row));

    assertEquals(0.0, parse(p, "1,2,1,3,0").weight()); // weight 0 is allowed
  }

  @Test
  void withoutLabelColumnEveryColumnButTheWeightIsAFeature() throws BadRecord {
    CsvParser noLabel = new CsvParser(3, -1, -1, ',', LabelDomain.REAL, 0);
    assertEquals(3, noLabel.numFeatures());
    MutableRow row = parse(noLabel, "0.5,2,3");
    assertEquals(0.0, row.label());
    assertArrayEquals(new double[] {0.5, 2, 3}, values(row));

    CsvParser weightOnly = new CsvParser(3, -1, 0, ',', LabelDomain.REAL, 0);
    assertEquals(2, weightOnly.numFeatures());
    row = parse(weightOnly, "4,2,3");
    assertEquals(4.0, row.weight());
    assertArrayEquals(new int[] {0, 1}, indices(row));
    assertArrayEquals(new double[] {2, 3}, values(row));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1,2,3,4", "1, 2 ,3,\t4", " 1,2,3,4", "1,2,3,4 ", "1,2,3,4\r",
      "1,2,3,4 \t\r", "+1,2.0,3e0,40e-1", "1.,2,.3e1,4"})
  void whitespaceAroundValuesAndCrlfAreIgnored(String line) throws BadRecord {
    MutableRow row = parse(LABEL_FIRST, line);
    assertEquals(1.0, row.label(), line);
    assertArrayEquals(new double[] {2, 3, 4}, values(row), line);
  }

  @Test
  void otherDelimiters() throws BadRecord {
    assertArrayEquals(new double[] {2, 3, 4},
        values(parse(new CsvParser(4, 0, -1, '\t', LabelDomain.REAL, 0), "1\t2\t3\t4")));
    assertArrayEquals(new double[] {2, 3, 4},
        values(parse(new CsvParser(4, 0, -1, ';', LabelDomain.REAL, 0), "1; 2;3 ;4")));
    // With ';' as delimiter, a comma is not a separator but a bad number.
    assertThrows(BadRecord.class,
        () -> parse(new CsvParser(4, 0, -1, ';', LabelDomain.REAL, 0), "1;2,5;3;4"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\r", " \t\r"})
  void blankLinesHoldNoRecord(String line) throws BadRecord {
    assertNull(parse(LABEL_FIRST, line));
  }

  @Test
  void readsOnlyTheGivenLengthOfTheBuffer() throws BadRecord {
    MutableRow row = new MutableRow();
    byte[] b = "1,2,3,4,5,6".getBytes(StandardCharsets.US_ASCII);
    assertTrue(LABEL_FIRST.parse(b, 7, row));
    assertArrayEquals(new double[] {2, 3, 4}, values(row));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1,2,3         | expected 4 columns, found 3",
      "1             | expected 4 columns, found 1",
      "1,2,3,4,5     | expected 4 columns, found more",
      "1,2,3,4,      | expected 4 columns, found more",
      "1,,3,4        | column 2 is empty",
      "1,2, ,4       | column 3 is empty",
      ",1,2,3        | column 1 is empty",
      "1,2,3,        | column 4 is empty",
      "1,x,3,4       | column 2: value \"x\" is not a finite decimal number",
      "1,2,NaN,4     | column 3: value \"NaN\" is not a finite decimal number",
      "1,2,3,-Infinity | column 4: value \"-Infinity\" is not a finite decimal number",
      "1,2,3,1e999   | column 4: number \"1e999\" is out of range",
      "1,2 3,4,5     | column 2: value \"2 3\" is not a finite decimal number",
      "\"1\",2,3,4   | column 1: value \"\"1\"\" is not a finite decimal number",
      "y,2,3,4       | column 1: value \"y\" is not a finite decimal number"})
  void malformedLinesAreRejectedWithTheReason(String line, String reason) {
    BadRecord e = assertThrows(BadRecord.class, () -> parse(LABEL_FIRST, line));
    assertEquals(reason, e.getMessage().substring(0, Math.min(reason.length(),
        e.getMessage().length())), e.getMessage());
  }

  @Test
  void hashIsNotACommentInCsv() {
    BadRecord e = assertThrows(BadRecord.class, () -> parse(LABEL_FIRST, "# comment,1,2,3"));
    assertEquals("column 1: value \"# comment\" is not a finite decimal number", e.getMessage());
  }

  @Test
  void negativeWeightIsRejected() {
    CsvParser p = new CsvParser(3, 0, 2, ',', LabelDomain.REAL, 0);
    BadRecord e = assertThrows(BadRecord.class, () -> parse(p, "1,2,-1"));
    assertEquals("column 3: weight -1 is negative", e.getMessage());
    e = assertThrows(BadRecord.class, () -> parse(p, "1,2,-0.5"));
    assertTrue(e.getMessage().contains("weight -0.5 is negative"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "BINARY  | 0 | 2   | label 2 is not a binary class label",
      "CLASSES | 0 | 1.5 | label 1.5 is not a class index",
      "CLASSES | 4 | 4   | label 4 is outside 0..3 (numClasses=4)"})
  void labelsOutsideTheLossDomainAreRejected(LabelDomain domain, int classes, String label,
      String reason) {
    CsvParser p = new CsvParser(2, 1, -1, ',', domain, classes);
    BadRecord e = assertThrows(BadRecord.class, () -> parse(p, "0.5," + label));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void labelsInsideTheDomainAreEncoded() throws BadRecord {
    CsvParser binary = new CsvParser(2, 0, -1, ',', LabelDomain.BINARY, 0);
    assertEquals(1.0, parse(binary, "+1,5").label());
    assertEquals(0.0, parse(binary, "-1,5").label());
    assertEquals(0.0, parse(binary, "0,5").label());
    CsvParser classes = new CsvParser(2, 0, -1, ',', LabelDomain.CLASSES, 4);
    assertEquals(3.0, parse(classes, "3,5").label());
  }

  @Test
  void inconsistentColumnLayoutIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new CsvParser(3, 1, 1, ',', LabelDomain.REAL, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new CsvParser(3, 3, -1, ',', LabelDomain.REAL, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new CsvParser(3, 0, 3, ',', LabelDomain.REAL, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new CsvParser(3, -2, -1, ',', LabelDomain.REAL, 0));
  }

  @Test
  void randomMatricesSurviveFormattingAndParsing() throws BadRecord {
    Random rnd = new Random(4);
    CsvParser p = new CsvParser(9, 4, 8, ',', LabelDomain.REAL, 0);
    MutableRow row = new MutableRow();
    for (int t = 0; t < 2000; t++) {
      double[] cols = new double[9];
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < 9; c++) {
        cols[c] = c == 8 ? rnd.nextDouble() * 5 : rnd.nextGaussian() * Math.pow(10,
            rnd.nextInt(30) - 15);
        line.append(c == 0 ? "" : rnd.nextBoolean() ? "," : " , ").append(cols[c]);
      }
      byte[] b = line.toString().getBytes(StandardCharsets.US_ASCII);
      assertTrue(p.parse(b, b.length, row));
      assertEquals(cols[4], row.label());
      assertEquals(cols[8], row.weight());
      assertArrayEquals(new double[] {cols[0], cols[1], cols[2], cols[3], cols[5], cols[6],
          cols[7]}, values(row));
    }
  }

  /** A layout by a model's names: reordered, unused columns unread, label kept out. */
  @Test
  void aLayoutByNameReadsTheModelsFeaturesInTheModelsOrder() throws BadRecord {
    java.util.List<String> header = java.util.List.of("id", "stock", "y", "price", "promo");
    java.util.List<String> model = java.util.List.of("price", "stock", "promo");
    ColumnMatch match = ColumnMatch.of(model, java.util.List.of("id", "stock", "price",
        "promo"));
    assertArrayEquals(new int[] {2, 1, 3}, match.positions());
    assertEquals(java.util.List.of("id"), match.extra());
    CsvParser p = CsvParser.byName(header, 2, -1, new int[] {3, 1, 4}, model, match.extra(),
        ',', LabelDomain.REAL, 0);
    assertEquals(3, p.numFeatures());
    assertEquals(java.util.List.of("id"), p.unusedColumns());
    MutableRow row = parse(p, "not-a-number,5,7,2.5,1");
    assertEquals(7.0, row.label());
    assertArrayEquals(new int[] {0, 1, 2}, indices(row));
    assertArrayEquals(new double[] {2.5, 5, 1}, values(row));
    assertThrows(BadRecord.class, () -> parse(p, "x,5,7,2.5"));
  }

  @Test
  void columnMatchNamesWhatIsMissingOrRepeated() {
    java.util.List<String> model = java.util.List.of("price", "stock", "promo");
    ColumnMatch m = ColumnMatch.of(model, java.util.List.of("stock", "price", "stock"));
    assertEquals(java.util.List.of("promo"), m.missing());
    assertEquals(java.util.List.of("stock"), m.repeated());
    assertEquals("the header has no column for the model's feature 'promo', and the header"
        + " names 'stock' more than once (the model's features: price, stock, promo; the header"
        + " has: stock, price, stock)", m.problem(model, java.util.List.of("stock", "price",
            "stock"), "the header"));
    assertTrue(ColumnMatch.of(model, model).identity());
    assertNull(ColumnMatch.recordable(java.util.List.of("a", "a")));
    assertNull(ColumnMatch.recordable(java.util.List.of("a", "")));
  }

  @Test
  void theFirstFilesHeaderIsTheOnlyOneAccepted() {
    CsvParser p = CsvParser.inColumnOrder(3, 0, -1, ',', LabelDomain.REAL, 0,
        java.util.List.of("y", "a", "b")).withHeader(java.util.List.of("y", "a", "b"), "f:1");
    assertNull(p.headerProblem(bytes("y, a ,\"b\"\r"), bytes("y, a ,\"b\"\r").length));
    assertEquals("the header (y,b,a) differs from the first file's (y,a,b, f:1); the files of"
        + " one input must have the same columns in the same order",
        p.headerProblem(bytes("y,b,a"), 5));
    assertEquals(java.util.List.of("a", "b"), p.featureNames());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
