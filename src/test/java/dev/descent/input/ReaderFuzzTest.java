package dev.descent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.data.DataException;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineLocator;
import dev.descent.data.MutableRow;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionSummary;
import dev.descent.data.Precision;
import dev.descent.data.SkipReport;
import dev.descent.data.SkippedRecords;
import dev.descent.input.InputSpec.Purpose;
import dev.descent.testing.LineFuzzer;
import dev.descent.testing.LineOracle;
import dev.descent.testing.LineOracle.Invalid;
import dev.descent.testing.LineOracle.Outcome;
import dev.descent.testing.LineOracle.Valid;
import dev.descent.testing.SparkTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files through the real reader (Hadoop's line reader, Spark partitions, the shared
 * session): seeded files of valid and mutated LIBSVM and CSV lines, with LF, CRLF and lone-CR
 * line ends, byte order marks, blank lines, headers, a missing final newline, 1 MB lines, one to
 * three files split into one to four partitions. An independent model of the reader (Hadoop's
 * line splitting plus {@link LineOracle}) says what each record is. With onBadRecord=fail a
 * file without malformed records reads exactly, and any other fails with a {@link DataException}
 * naming a malformed record's file and line (the first one, when there is one partition); with
 * skip every good record is read exactly, in order, and every malformed one is counted and
 * located.
 */
class ReaderFuzzTest {
  private static final long SEED = 4_242L;
  private static final int ROUNDS = 16;
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private static final String[] BINARY = {"0", "1", "1.0", "0e5"};

  @TempDir
  Path tmp;

  /** A record of a file as Hadoop delivers it, and what it should be. */
  record Expected(Path file, long offset, long line, Outcome outcome) {}

  /** One round's input. */
  record Round(int index, InputSpec spec, List<Path> files, List<Expected> records) {
    List<Expected> invalid() {
      return records.stream().filter(e -> e.outcome() instanceof Invalid).toList();
    }

    List<Expected> valid() {
      return records.stream().filter(e -> e.outcome() instanceof Valid).toList();
    }

    String describe() {
      return "round " + index + " (seed " + seed(index) + ", " + spec.format() + ", "
          + files.size() + " files, partitions=" + spec.partitions() + ", header="
          + spec.header() + ", " + records.size() + " records, " + invalid().size()
          + " malformed)";
    }
  }

  /** A parsed row as the reader hands it on. */
  record RowValue(double rawLabel, double label, double weight, int[] indices, double[] values)
      implements Serializable {
    static RowValue of(MutableRow r) {
      int[] idx = new int[r.size()];
      double[] val = new double[r.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = r.index(i);
        val[i] = r.value(i);
      }
      return new RowValue(r.rawLabel(), r.label(), r.weight(), idx, val);
    }
  }

  static long seed(int round) {
    return SEED * 7_919L + round;
  }

  @Test
  void hostileFilesReadExactlyOrFailNamingAMalformedLine() {
    JavaSparkContext jsc = SparkTests.jsc();
    int[] totals = new int[3]; // records, malformed, rounds with malformed records
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int i = 0; i < ROUNDS; i++) {
        Round round = round(i);
        totals[0] += round.records().size();
        totals[1] += round.invalid().size();
        totals[2] += round.invalid().isEmpty() ? 0 : 1;
        checkSkipping(jsc, round);
        checkFailing(jsc, round);
      }
    });
    System.out.printf("reader fuzz: %d rounds, %d records, %d malformed, %d rounds with"
        + " malformed records%n", ROUNDS, totals[0], totals[1], totals[2]);
    assertTrue(totals[2] >= ROUNDS / 2 && totals[2] < ROUNDS, "rounds with malformed records: "
        + totals[2] + " of " + ROUNDS + "; both kinds of file must occur");
  }

  // ---- generating a round ----

  private Round round(int index) throws IOException {
    Random r = new Random(seed(index));
    LineFuzzer fuzz = new LineFuzzer(r);
    boolean csv = index % 2 == 1;
    boolean header = csv && r.nextBoolean();
    LabelDomain domain = r.nextInt(3) == 0 ? LabelDomain.BINARY : LabelDomain.REAL;
    String[] labels = domain == LabelDomain.BINARY ? BINARY : null;
    // Files that are all valid occur when no line is mutated; a third of the rounds.
    double mutated = r.nextInt(3) == 0 ? 0 : 0.02 + 0.1 * r.nextDouble();
    int longLineFile = r.nextInt(6) == 0 ? 0 : -1;
    List<Path> files = new ArrayList<>();
    List<Expected> records = new ArrayList<>();
    int numFiles = 1 + r.nextInt(3);
    for (int f = 0; f < numFiles; f++) {
      List<byte[]> lines = new ArrayList<>();
      int blanks = csv && r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
      for (int b = 0; b < blanks; b++) {
        lines.add(r.nextBoolean() ? new byte[0] : " \t".getBytes(StandardCharsets.US_ASCII));
      }
      if (header) {
        lines.add("y,a,b,c".getBytes(StandardCharsets.US_ASCII));
      } else if (csv) { // the layout comes from the first line: keep it valid
        lines.add(fuzz.csvLine(4, 0, -1, ',', labels).replace("\r", "")
            .getBytes(StandardCharsets.US_ASCII));
      }
      int n = 30 + r.nextInt(200);
      for (int i = 0; i < n; i++) {
        String valid = csv ? fuzz.csvLine(4, 0, -1, ',', labels) : fuzz.libsvmLine(labels, 30);
        boolean mutate = r.nextDouble() < mutated;
        LineFuzzer.Case c = !mutate ? null : csv ? fuzz.mutateCsv(valid, ',')
            : fuzz.mutateLibsvm(valid);
        lines.add(c == null ? valid.getBytes(StandardCharsets.US_ASCII) : c.line());
      }
      if (f == longLineFile) {
        lines.add(r.nextInt(lines.size()) + 1,
            fuzz.longLine(1 << 20, csv, ',', 4).line());
      }
      byte[] content = content(lines, r);
      Path file = tmp.resolve("round" + index + "-file" + f + (csv ? ".csv" : ".libsvm"));
      Files.write(file, content);
      files.add(file);
      records.addAll(expected(file, content, csv, header, domain));
    }
    int partitions = 1 + r.nextInt(4);
    String input = files.stream().map(Path::toString).collect(Collectors.joining(","));
    InputSpec spec = new InputSpec(input, csv ? InputFormat.CSV : InputFormat.LIBSVM, 0, "0",
        null, header, ',', domain, 0, partitions, Purpose.TRAIN, false, null);
    return new Round(index, spec, files, records);
  }

  /** Lines joined with mixed line ends, maybe a byte order mark, maybe no final newline. */
  private static byte[] content(List<byte[]> lines, Random r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.nextInt(5) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    boolean finalNewline = r.nextInt(4) != 0;
    for (int i = 0; i < lines.size(); i++) {
      out.writeBytes(lines.get(i));
      if (i < lines.size() - 1 || finalNewline) {
        int t = r.nextInt(20);
        out.writeBytes((t < 17 ? "\n" : t < 19 ? "\r\n" : "\r").getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  /**
   * What the reader should see in a file: Hadoop's records (split at LF, CR or CRLF, a leading
   * UTF-8 byte order mark dropped), the CSV header left out, each judged by the oracle and
   * numbered by the line feeds before it.
   */
  private static List<Expected> expected(Path file, byte[] content, boolean csv, boolean header,
      LabelDomain domain) {
    List<Expected> out = new ArrayList<>();
    int start = content.length >= 3 && content[0] == (byte) 0xEF && content[1] == (byte) 0xBB
        && content[2] == (byte) 0xBF ? 3 : 0;
    boolean beforeFirst = csv;
    long lineFeeds = 0;
    int i = start;
    while (i < content.length) {
      int end = i;
      while (end < content.length && content[end] != '\n' && content[end] != '\r') {
        end++;
      }
      byte[] bytes = Arrays.copyOfRange(content, i, end);
      long offset = i == start ? 0 : i;
      boolean first = beforeFirst && !CsvParser.isBlank(bytes, bytes.length);
      beforeFirst &= !first;
      if (!(first && header)) {
        Outcome o = csv ? LineOracle.csv(bytes, 4, 0, -1, ',', domain, 0)
            : LineOracle.libsvm(bytes, 0, domain, 0);
        out.add(new Expected(file, offset, lineFeeds + 1, o));
      }
      int next = end;
      if (next < content.length) { // CRLF ends a line as one terminator
        next += content[next] == '\r' && next + 1 < content.length && content[next + 1] == '\n'
            ? 2 : 1;
      }
      for (int k = i; k < next; k++) {
        lineFeeds += content[k] == '\n' ? 1 : 0;
      }
      i = next;
    }
    return out;
  }

  // ---- checking ----

  /** onBadRecord=skip: every valid record exactly and in order; every malformed one counted. */
  private static void checkSkipping(JavaSparkContext jsc, Round round) {
    Configuration conf = jsc.hadoopConfiguration();
    InputSpec spec = withSkip(round.spec(), true);
    List<Object> seen = TextInput.<Object>mapRows(jsc, spec, LineParsers.of(spec, conf),
        RowValue::of, e -> e).collect();
    List<Expected> expected = round.records().stream()
        .filter(e -> !(e.outcome() instanceof LineOracle.NoRecord)).toList();
    assertEquals(expected.size(), seen.size(), () -> "records: " + round.describe());
    for (int i = 0; i < seen.size(); i++) {
      Expected e = expected.get(i);
      Object read = seen.get(i);
      String where = round.describe() + ", " + e.file().getFileName() + ":" + e.line();
      if (e.outcome() instanceof Valid v) {
        assertTrue(read instanceof RowValue, () -> "valid record skipped: " + where + ": "
            + read);
        assertRow(v, (RowValue) read, where);
      } else {
        assertTrue(read instanceof SkippedRecords.Example,
            () -> "malformed record read as " + read + ": " + where);
        SkippedRecords.Example s = (SkippedRecords.Example) read;
        assertEquals(e.offset(), s.where().byteOffset(), where);
        assertTrue(s.where().source().endsWith(e.file().getFileName().toString()), where);
      }
    }

    PartitionSummary summary = TextInput.read(jsc, spec, LineParsers.of(spec, conf),
        Precision.DOUBLE).map(PackedPartition::summary).collect()
        .stream().reduce(new PartitionSummary(), PartitionSummary::merge);
    List<Expected> valid = round.valid();
    List<Expected> invalid = round.invalid();
    assertSummary(valid, summary, round.describe());
    assertEquals(invalid.size(), summary.skipped().count(), round.describe());
    List<String> shown = summary.skipped().describe(conf).examples().stream()
        .map(SkipReport.Example::location).toList();
    List<String> first = invalid.stream().limit(SkippedRecords.EXAMPLES)
        .map(e -> e.file() + ":" + e.line()).toList();
    assertEquals(first, shown, round.describe());
  }

  /** onBadRecord=fail: an exact read, or an error at a malformed record's file and line. */
  private static void checkFailing(JavaSparkContext jsc, Round round) {
    Configuration conf = jsc.hadoopConfiguration();
    InputSpec spec = round.spec();
    List<Expected> invalid = round.invalid();
    List<Object> rows = null;
    PartitionSummary summary = null;
    DataException fromRows = null;
    DataException fromPacking = null;
    try {
      rows = TextInput.<Object>mapRows(jsc, spec, LineParsers.of(spec, conf),
          RowValue::of, e -> e).collect();
    } catch (Exception e) {
      fromRows = located(e, conf, round);
    }
    try {
      summary = TextInput.read(jsc, spec, LineParsers.of(spec, conf), Precision.DOUBLE)
          .map(PackedPartition::summary).collect().stream()
          .reduce(new PartitionSummary(), PartitionSummary::merge);
    } catch (Exception e) {
      fromPacking = located(e, conf, round);
    }
    if (invalid.isEmpty()) {
      assertNotNull(rows, round.describe());
      List<Expected> valid = round.valid();
      assertEquals(valid.size(), rows.size(), round.describe());
      for (int i = 0; i < rows.size(); i++) {
        assertRow((Valid) valid.get(i).outcome(), (RowValue) rows.get(i), round.describe());
      }
      assertSummary(valid, summary, round.describe());
      return;
    }
    for (DataException d : new DataException[] {fromRows, fromPacking}) {
      assertNotNull(d, () -> "a malformed record was read: " + round.describe());
      assertTrue(invalid.stream().anyMatch(e -> d.source().equals(e.file().toString())
          && d.line() == e.line()), () -> "the error names no malformed record: "
          + d.getMessage() + " in " + round.describe() + "; malformed: " + invalid.stream()
              .limit(10).map(e -> e.file().getFileName() + ":" + e.line()).toList());
      assertTrue(d.getMessage().startsWith(d.source() + ":" + d.line() + ": "), d.getMessage());
      if (round.files().size() == 1 && spec.partitions() == 1) {
        assertEquals(invalid.get(0).line(), d.line(), () -> "one partition reports the first"
            + " malformed line: " + round.describe());
      }
    }
  }

  private static DataException located(Exception e, Configuration conf, Round round) {
    DataException d = LineLocator.find(e, conf);
    if (d == null) {
      throw new AssertionError("not a data error: " + e + " in " + round.describe(), e);
    }
    return d;
  }

  private static InputSpec withSkip(InputSpec s, boolean skip) {
    return new InputSpec(s.path(), s.format(), s.numFeatures(), s.labelColumn(),
        s.weightColumn(), s.header(), s.delimiter(), s.domain(), s.numClasses(), s.partitions(),
        s.purpose(), skip, null);
  }

  private static void assertRow(Valid v, RowValue row, String where) {
    boolean same = bits(v.rawLabel()) == bits(row.rawLabel()) && bits(v.label())
        == bits(row.label()) && bits(v.weight()) == bits(row.weight())
        && Arrays.equals(v.indices(), row.indices()) && v.values().length == row.values().length;
    for (int i = 0; same && i < v.values().length; i++) {
      same = bits(v.values()[i]) == bits(row.values()[i]);
    }
    if (!same) {
      fail("read " + row.rawLabel() + " " + Arrays.toString(row.indices()) + " "
          + Arrays.toString(row.values()) + ", expected " + v.rawLabel() + " "
          + Arrays.toString(v.indices()) + " " + Arrays.toString(v.values()) + ": " + where);
    }
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }

  /** The packed data's summary agrees with the valid records. */
  private static void assertSummary(List<Expected> valid, PartitionSummary s, String where) {
    long stored = 0;
    int width = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Expected e : valid) {
      Valid v = (Valid) e.outcome();
      stored += v.indices().length;
      width = v.indices().length == 0 ? width
          : Math.max(width, v.indices()[v.indices().length - 1] + 1);
      min = Math.min(min, v.rawLabel());
      max = Math.max(max, v.rawLabel());
    }
    assertEquals(valid.size(), s.rows(), where);
    assertEquals(stored, s.storedValues(), where);
    assertEquals(width, s.width(), where);
    assertEquals(min, s.labelMin(), where);
    assertEquals(max, s.labelMax(), where);
  }
}
