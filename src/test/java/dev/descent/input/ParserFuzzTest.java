package dev.descent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.data.BadRecord;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineParser;
import dev.descent.data.MutableRow;
import dev.descent.testing.LineFuzzer;
import dev.descent.testing.LineFuzzer.Case;
import dev.descent.testing.LineFuzzer.Mutation;
import dev.descent.testing.LineOracle;
import dev.descent.testing.LineOracle.Invalid;
import dev.descent.testing.LineOracle.NoRecord;
import dev.descent.testing.LineOracle.Outcome;
import dev.descent.testing.LineOracle.Valid;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Hostile lines against the LIBSVM and CSV parsers: tens of thousands of seeded mutations of
 * valid lines (truncated, non-numeric, huge exponents, NaN/Infinity, index 0, repeated or unsorted
 * indices, wrong column counts, stray separators, invalid UTF-8, control bytes, empty lines,
 * 1 MB lines). Each line must parse to exactly what {@link LineOracle} (an independent reading of
 * the format) says, bit for bit, or be rejected with a {@link BadRecord} when the oracle finds it
 * malformed; any other exception, or a hang, fails the test. Every case is reproducible from its
 * seed, which failure messages name.
 */
class ParserFuzzTest {
  private static final long SEED = 20_261_201L;
  private static final int CASES_PER_CONFIG = 6_000;
  private static final int LONG_LINES_PER_CONFIG = 3;
  private static final int LONG_LINE_BYTES = 1 << 20;
  private static final Duration LIMIT = Duration.ofMinutes(3);

  /** A parser, the oracle's verdict for it, and how to make valid lines for it. */
  record Config(String name, LineParser parser, Function<byte[], Outcome> oracle,
      Function<LineFuzzer, Case> generator, boolean csv, char delimiter, int columns) {}

  private static Config libsvm(String name, int numFeatures, LabelDomain domain, int numClasses,
      String[] labels, int maxIndex) {
    return new Config(name, new LibSvmParser(numFeatures, domain, numClasses),
        line -> LineOracle.libsvm(line, numFeatures, domain, numClasses),
        f -> f.mutateLibsvm(f.libsvmLine(labels, maxIndex)), false, ' ', 0);
  }

  private static Config csv(String name, int columns, int label, int weight, char delimiter,
      LabelDomain domain, int numClasses, String[] labels) {
    return new Config(name, new CsvParser(columns, label, weight, delimiter, domain, numClasses),
        line -> LineOracle.csv(line, columns, label, weight, delimiter, domain, numClasses),
        f -> f.mutateCsv(f.csvLine(columns, label, weight, delimiter, labels), delimiter), true,
        delimiter, columns);
  }

  static final Config[] LIBSVM = {
      libsvm("libsvm real", 0, LabelDomain.REAL, 0, null, 60),
      libsvm("libsvm binary", 0, LabelDomain.BINARY, 0,
          new String[] {"0", "1", "-1", "+1", "1.0", "-1.0", "0.0", "1e0"}, 1_000_000),
      libsvm("libsvm classes, numClasses=3, numFeatures=40", 40, LabelDomain.CLASSES, 3,
          new String[] {"0", "1", "2", "2.0", "1e0"}, 40),
      libsvm("libsvm classes inferred", 0, LabelDomain.CLASSES, 0,
          new String[] {"0", "1", "5", "999999", "1000000"}, 8)};

  static final Config[] CSV = {
      csv("csv label first", 4, 0, -1, ',', LabelDomain.REAL, 0, null),
      csv("csv binary label and weight, ';'", 5, 2, 4, ';', LabelDomain.BINARY, 0,
          new String[] {"0", "1", "-1", "1.0"}),
      csv("csv unlabelled, tab", 3, -1, -1, '\t', LabelDomain.REAL, 0, null),
      csv("csv classes last, weight first, '|'", 6, 5, 0, '|', LabelDomain.CLASSES, 4,
          new String[] {"0", "1", "2", "3", "3.0"})};

  /** Outcomes per mutation kind: [valid, malformed, no record]. */
  private final Map<Mutation, long[]> stats = new EnumMap<>(Mutation.class);

  @Test
  void libsvmLinesParseExactlyOrAreRejected() {
    assertTimeoutPreemptively(LIMIT, () -> run(LIBSVM, 0));
    assertCoverage();
  }

  @Test
  void csvLinesParseExactlyOrAreRejected() {
    assertTimeoutPreemptively(LIMIT, () -> run(CSV, 100));
    assertCoverage();
  }

  private void run(Config[] configs, int seedBase) {
    for (int c = 0; c < configs.length; c++) {
      Config config = configs[c];
      MutableRow row = new MutableRow(); // reused, as the reader does: no state may leak
      for (int i = 0; i < CASES_PER_CONFIG; i++) {
        long seed = seed(seedBase + c, i);
        check(config, config.generator().apply(new LineFuzzer(new Random(seed))), row, seed);
      }
      for (int i = 0; i < LONG_LINES_PER_CONFIG; i++) {
        long seed = seed(seedBase + c, CASES_PER_CONFIG + i);
        LineFuzzer f = new LineFuzzer(new Random(seed));
        check(config, f.longLine(LONG_LINE_BYTES, config.csv(), config.delimiter(),
            config.columns()), row, seed);
      }
    }
    System.out.println(report(configs[0].csv() ? "CSV" : "LIBSVM"));
  }

  static long seed(int config, int index) {
    return SEED * 1_000_003L + config * 1_000_000L + index;
  }

  /**
   * Parses the case's line from inside a larger buffer whose tail holds junk (Hadoop reuses line
   * buffers, so bytes past the length are real), and compares with the oracle.
   */
  private void check(Config config, Case c, MutableRow row, long seed) {
    byte[] line = c.line();
    byte[] buffer = new byte[line.length + 7];
    System.arraycopy(line, 0, buffer, 0, line.length);
    System.arraycopy(" 9:9,#\n".getBytes(), 0, buffer, line.length, 7);
    Outcome expected = config.oracle().apply(line);
    String where = config.name() + ", seed " + seed + ": " + c.describe();
    boolean hasRecord = false;
    BadRecord rejected = null;
    try {
      hasRecord = config.parser().parse(buffer, line.length, row);
    } catch (BadRecord e) {
      rejected = e;
    } catch (RuntimeException | Error e) {
      throw new AssertionError("uncaught " + e + " for " + where, e);
    }
    int outcome;
    if (expected instanceof Valid v) {
      outcome = 0;
      if (rejected != null) {
        fail("rejected a valid line (" + rejected.getMessage() + "): " + where);
      }
      assertTrue(hasRecord, () -> "no record from a valid line: " + where);
      assertRow(v, row, where);
    } else if (expected instanceof Invalid inv) {
      outcome = 1;
      if (rejected == null) {
        fail("accepted a malformed line (" + inv.why() + ") as " + (hasRecord ? "a record"
            : "no record") + ": " + where);
      }
      assertFalse(rejected.getMessage() == null || rejected.getMessage().isBlank(), where);
    } else {
      outcome = 2;
      assertTrue(expected instanceof NoRecord);
      if (rejected != null) {
        fail("rejected a blank or comment line (" + rejected.getMessage() + "): " + where);
      }
      assertFalse(hasRecord, () -> "a record from a blank or comment line: " + where);
    }
    for (Mutation m : c.mutations()) {
      stats.computeIfAbsent(m, k -> new long[3])[outcome]++;
    }
  }

  private static void assertRow(Valid v, MutableRow row, String where) {
    assertBits(v.rawLabel(), row.rawLabel(), "raw label", where);
    assertBits(v.label(), row.label(), "label", where);
    assertBits(v.weight(), row.weight(), "weight", where);
    assertEquals(v.indices().length, row.size(), () -> "feature count: " + where);
    for (int i = 0; i < row.size(); i++) {
      int f = i;
      assertEquals(v.indices()[i], row.index(i), () -> "index of feature " + f + ": " + where);
      assertBits(v.values()[i], row.value(i), "value of feature " + i, where);
    }
  }

  private static void assertBits(double expected, double actual, String what, String where) {
    if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
      fail(what + ": expected " + expected + ", parsed " + actual + ": " + where);
    }
  }

  /** Both verdicts occur often, and every mutation kind was tried many times. */
  private void assertCoverage() {
    long valid = 0;
    long malformed = 0;
    for (long[] s : stats.values()) {
      valid += s[0];
      malformed += s[1];
    }
    assertTrue(valid > 2_000, "too few valid lines: " + valid + "\n" + report(""));
    assertTrue(malformed > 10_000, "too few malformed lines: " + malformed + "\n" + report(""));
    for (Mutation m : Mutation.values()) {
      long[] s = stats.getOrDefault(m, new long[3]);
      long n = s[0] + s[1] + s[2];
      assertTrue(n >= (m == Mutation.LONG_LINE ? 12 : 200), m + " tried only " + n + " times");
    }
  }

  private String report(String title) {
    StringBuilder s = new StringBuilder(title + " fuzz: mutation, valid, malformed, no record\n");
    stats.forEach((m, c) -> s.append(String.format("  %-18s %7d %7d %7d%n", m, c[0], c[1], c[2])));
    return s.toString();
  }
}
