package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict decimal parser against {@link Double#parseDouble}, and what it must refuse. */
class NumbersTest {

  private static double parse(String s) throws BadRecord {
    return parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static double parse(byte[] b) throws BadRecord {
    return Numbers.parse(b, 0, b.length);
  }

  /** Same bits as the JDK (so -0.0 and every rounding count), or "out of range" where it overflows. */
  private static void assertParsesLikeJdk(String s) {
    double expected = Double.parseDouble(s);
    if (Double.isInfinite(expected)) {
      BadRecord e = assertThrows(BadRecord.class, () -> parse(s), s);
      assertTrue(e.getMessage().contains("out of range"), e.getMessage());
      return;
    }
    double actual;
    try {
      actual = parse(s);
    } catch (BadRecord e) {
      throw new AssertionError(s + " rejected: " + e.getMessage());
    }
    if (Double.doubleToRawLongBits(actual) != Double.doubleToRawLongBits(expected)) {
      fail(s + ": expected " + expected + " but was " + actual);
    }
  }

  @Test
  void randomDecimalsParseBitForBitLikeJdk() {
    Random rnd = new Random(20240601);
    for (int t = 0; t < 200_000; t++) {
      assertParsesLikeJdk(randomDecimal(rnd));
    }
  }

  /** [sign][leading zeros]digits with a point somewhere (or none)[e[sign]exponent]. */
  private static String randomDecimal(Random rnd) {
    StringBuilder s = new StringBuilder();
    s.append(new String[] {"", "-", "+"}[rnd.nextInt(3)]);
    int n = 1 + rnd.nextInt(25);
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < n; i++) {
      // Runs of zeros and nines stress rounding and the exactness bookkeeping.
      int kind = rnd.nextInt(6);
      digits.append(kind == 0 ? '0' : kind == 1 ? '9' : (char) ('0' + rnd.nextInt(10)));
    }
    if (rnd.nextInt(4) == 0) {
      s.append("0".repeat(1 + rnd.nextInt(3)));
    }
    int point = rnd.nextInt(n + 8) - 4; // digits before the point; <= 0 means "0.000ddd"
    if (rnd.nextInt(5) == 0) {
      s.append(digits); // no point at all
    } else if (point <= 0) {
      s.append(rnd.nextBoolean() ? "0." : ".").append("0".repeat(-point)).append(digits);
    } else if (point >= n) {
      s.append(digits).append("0".repeat(point - n)).append('.');
      if (rnd.nextBoolean()) {
        s.append("0".repeat(rnd.nextInt(3)));
      }
    } else {
      s.append(digits, 0, point).append('.').append(digits, point, n);
    }
    if (rnd.nextInt(10) < 7) {
      int exponent = rnd.nextInt(641) - 330;
      s.append(rnd.nextBoolean() ? 'e' : 'E');
      if (exponent < 0) {
        s.append('-');
      } else if (rnd.nextBoolean()) {
        s.append('+');
      }
      if (rnd.nextInt(8) == 0) {
        s.append('0');
      }
      s.append(Math.abs(exponent));
    }
    return s.toString();
  }

  @Test
  void randomDoublesInTheirShortestAndExactFormsParseLikeJdk() {
    Random rnd = new Random(7);
    for (int t = 0; t < 10_000; t++) {
      double d = Double.longBitsToDouble(rnd.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      assertParsesLikeJdk(Double.toString(d)); // e.g. 1.2345E-300
      BigDecimal exact = new BigDecimal(d);
      assertParsesLikeJdk(exact.toString()); // up to ~770 digits, E+ notation
      // Halfway between d and its neighbour: ties-to-even, which a sloppy parser gets wrong.
      double next = Math.nextUp(d);
      if (Double.isFinite(next)) {
        BigDecimal mid = exact.add(new BigDecimal(next)).divide(BigDecimal.valueOf(2));
        assertParsesLikeJdk(mid.toString());
        assertParsesLikeJdk(mid.round(new MathContext(17 + rnd.nextInt(9))).toString());
      }
    }
  }

  @Test
  void valuesAtOverflowAndUnderflowEdgesParseLikeJdk() {
    Random rnd = new Random(11);
    double[] edges = {Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), Double.MIN_VALUE,
        2 * Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), 1e308, 1e-308,
        1e-323};
    RoundingMode[] modes = {RoundingMode.HALF_EVEN, RoundingMode.UP, RoundingMode.DOWN};
    for (double edge : edges) {
      BigDecimal exact = new BigDecimal(edge);
      BigDecimal halfUlp = new BigDecimal(Math.ulp(edge)).divide(BigDecimal.valueOf(2));
      for (BigDecimal v : new BigDecimal[] {exact, exact.add(halfUlp), exact.subtract(halfUlp)}) {
        for (int digits = 1; digits <= 25; digits++) {
          for (RoundingMode mode : modes) {
            String s = v.round(new MathContext(digits, mode)).toString();
            assertParsesLikeJdk(s);
            assertParsesLikeJdk("-" + s);
          }
        }
      }
    }
    for (String s : new String[] {"1.7976931348623157e308", "1.7976931348623158e308",
        "1.797693134862315807e308", "1.7976931348623159e308", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "4.9e-324", "1e-400", "-1e-400", "0e999999", "-0", "-0.0e-5",
        "0.0000000000000000000000000000001e31", "123456789012345678901234567890e-30",
        "9007199254740993", "9007199254740992.5", "-9007199254740993",
        "-12345678901234567890123"}) {
      assertParsesLikeJdk(s);
    }
    for (int i = 0; i < 2000; i++) {
      assertParsesLikeJdk((rnd.nextBoolean() ? "1." : "9.") + rnd.nextInt(1_000_000)
          + "e" + (rnd.nextBoolean() ? 30 + rnd.nextInt(3) - 340 : 306 + rnd.nextInt(4)));
    }
  }

  @Test
  void parsesBetweenOffsetsOfALargerBuffer() throws BadRecord {
    byte[] b = "xx-12345678901234567890.5yy1.5".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-12345678901234567890.5, Numbers.parse(b, 2, 25));
    assertEquals(1.5, Numbers.parse(b, 27, 30));
    assertEquals(-1.0, Numbers.parse(b, 2, 4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "0x1p3",
      "0X1P3", "1d", "1f", "1D", "1F", "1L", "1e", "1e+", "1e-", "e5", "E5", ".", "-", "+", "+-1",
      "--1", "1.2.3", "1e5.5", "1e5e5", " 1", "1 ", "1 2", "1\t", "1,5", "1_000", "one", ".e1",
      "-.e1", "1e 5", "0b1"})
  void rejectsWhatIsNotAPlainFiniteDecimal(String s) {
    BadRecord e = assertThrows(BadRecord.class, () -> parse(s), s);
    assertTrue(e.getMessage().contains("is not a finite decimal number"), e.getMessage());
    assertTrue(e.getMessage().contains(s.trim()), e.getMessage());
  }

  @Test
  void rejectsEmptyInput() {
    BadRecord e = assertThrows(BadRecord.class, () -> parse(""));
    assertEquals("empty number", e.getMessage());
    byte[] b = "12".getBytes(StandardCharsets.US_ASCII);
    assertThrows(BadRecord.class, () -> Numbers.parse(b, 1, 1));
  }

  @Test
  void rejectsNonAsciiBytesAndSaysSo() {
    for (byte[] b : new byte[][] {"é".getBytes(StandardCharsets.UTF_8),
        "1é".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3, 0x28}, {'1', (byte) 0xFF},
        "١".getBytes(StandardCharsets.UTF_8), "1\u00a0".getBytes(StandardCharsets.UTF_8)}) {
      BadRecord e = assertThrows(BadRecord.class, () -> parse(b));
      assertTrue(e.getMessage().contains("non-ASCII"), e.getMessage());
      assertTrue(e.getMessage().contains("\\x"), e.getMessage());
    }
    BadRecord e = assertThrows(BadRecord.class, () -> parse(new byte[] {(byte) 0xC3, 0x28}));
    assertTrue(e.getMessage().contains("\\xC3("), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "1.8e308", "+1.8e308", "1e99999999999999999999",
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"})
  void rejectsValuesOutOfDoubleRange(String s) {
    BadRecord e = assertThrows(BadRecord.class, () -> parse(s));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void hugeExponentIsNotCutShortByManyFractionDigits() {
    // 1e-100000 written with 99,999 zeros after the point, times 10^1000000: far out of range.
    // The exponent is longer than the parser's exponent cap, and the cap must not make the
    // number look like 1.
    String s = "0." + "0".repeat(99_999) + "1e1000000";
    assertParsesLikeJdk(s);
    assertParsesLikeJdk("0." + "0".repeat(99_999) + "1e1000000000");
    assertParsesLikeJdk("0." + "0".repeat(99_999) + "1e100002"); // 100: last digit past the cap
    assertParsesLikeJdk("0." + "0".repeat(99_999) + "1e100000"); // 1: exponent within the cap
  }

  @Test
  void parseIndexAcceptsPlainNonNegativeIntegersUpToMax() throws BadRecord {
    long max = Integer.MAX_VALUE - 8;
    assertEquals(1, index("1", max));
    assertEquals(7, index("007", max));
    assertEquals(0, index("0", max));
    assertEquals(max, index(Long.toString(max), max));
    assertEquals(Long.MAX_VALUE, index("9223372036854775807", Long.MAX_VALUE));
    byte[] b = "a:123:b".getBytes(StandardCharsets.US_ASCII);
    assertEquals(123, Numbers.parseIndex(b, 2, 5, max));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "+1", "1.0", "1e3", " 1", "1 ", "a", "0x10", "é"})
  void parseIndexRejectsWhatIsNotADecimalInteger(String s) {
    BadRecord e = assertThrows(BadRecord.class, () -> index(s, 1000));
    assertTrue(e.getMessage().contains("is not a positive integer"), e.getMessage());
  }

  @Test
  void parseIndexRejectsEmptyAndTooLarge() {
    assertEquals("empty feature index",
        assertThrows(BadRecord.class, () -> index("", 10)).getMessage());
    for (String s : new String[] {"11", "100000000000000000000000"}) {
      BadRecord e = assertThrows(BadRecord.class, () -> index(s, 10));
      assertTrue(e.getMessage().contains("is larger than 10"), e.getMessage());
    }
    long max = Integer.MAX_VALUE - 8;
    assertThrows(BadRecord.class, () -> index(Long.toString(max + 1), max));
    // Digits past the range of a long must not wrap around to a small or negative value.
    for (String s : new String[] {"9223372036854775808", "99999999999999999999",
        "18446744073709551617"}) {
      BadRecord e = assertThrows(BadRecord.class, () -> index(s, Long.MAX_VALUE), s);
      assertTrue(e.getMessage().contains("is larger than"), e.getMessage());
    }
  }

  private static long index(String s, long max) throws BadRecord {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Numbers.parseIndex(b, 0, b.length, max);
  }

  @Test
  void showAndExcerptAreShortAndPrintable() {
    assertEquals("3", Numbers.show(3.0));
    assertEquals("-2", Numbers.show(-2.0));
    assertEquals("1.5", Numbers.show(1.5));
    assertEquals("1.0E20", Numbers.show(1e20));
    byte[] b = ("x" + "1".repeat(50)).getBytes(StandardCharsets.US_ASCII);
    assertEquals("\"" + "1".repeat(40) + "...\"", Numbers.excerpt(b, 1, b.length));
    byte[] tab = {'a', '\t', (byte) 0xE9};
    assertEquals("\"a\\x09\\xE9\"", Numbers.excerpt(tab, 0, 3));
  }
}
