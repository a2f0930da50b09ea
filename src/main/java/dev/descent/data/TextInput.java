package dev.descent.data;

import dev.descent.io.HadoopFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Reads LIBSVM or CSV text. Lines are read with their byte offsets (Hadoop's TextInputFormat), so
 * a bad line can be reported by file and line without numbering every line; partitions keep the
 * input's order, so per-row outputs come out in input order.
 */
public final class TextInput {
  private TextInput() {}

  /** Computes a value from one parsed row; may reject the row. */
  @FunctionalInterface
  public interface RowFunction<T> extends Serializable {
    T apply(MutableRow row) throws BadRecord;
  }

  /**
   * The packed, not yet persisted, RDD of the input: one {@link PackedPartition} per partition.
   * Checks on the driver what needs no data pass (files exist, CSV columns); lines are parsed by
   * the first action.
   *
   * @throws DataException if no file matches, or the CSV layout does not fit the settings
   */
  public static JavaRDD<PackedPartition> read(JavaSparkContext jsc, InputSpec spec) {
    return read(jsc, spec, Precision.DOUBLE);
  }

  /** As {@link #read(JavaSparkContext, InputSpec)}, storing feature values in {@code precision}. */
  public static JavaRDD<PackedPartition> read(JavaSparkContext jsc, InputSpec spec,
      Precision precision) {
    LineParser parser = parser(spec, jsc.hadoopConfiguration());
    LabelDomain domain = spec.domain();
    boolean skipHeader = skipsHeader(spec);
    return lines(jsc, spec).mapPartitionsWithInputSplit((split, records) -> {
      String source = ((FileSplit) split).getPath().toString();
      PartitionPacker packer = new PartitionPacker(TaskContext.getPartitionId(), domain,
          precision);
      while (records.hasNext()) {
        Tuple2<LongWritable, Text> record = records.next();
        long offset = record._1().get();
        if (skipHeader && offset == 0) {
          continue;
        }
        Text text = record._2();
        try {
          packer.addLine(parser, text.getBytes(), text.getLength(), source, offset);
        } catch (DataException e) {
          throw withHeaderHint(e, parser, skipHeader, source, offset);
        }
      }
      return Collections.singletonList(packer.finish()).iterator();
    }, false);
  }

  /**
   * Applies {@code f} to every record of the input, lazily and in input order; lines without a
   * record (blank, comments, headers) produce nothing.
   */
  public static <T> JavaRDD<T> mapRows(JavaSparkContext jsc, InputSpec spec,
      RowFunction<T> f) {
    LineParser parser = parser(spec, jsc.hadoopConfiguration());
    boolean skipHeader = skipsHeader(spec);
    return lines(jsc, spec).mapPartitionsWithInputSplit((split, records) -> {
      String source = ((FileSplit) split).getPath().toString();
      return new RowIterator<>(records, parser, f, source, skipHeader);
    }, true);
  }

  /** The line parser for {@code spec}, reading the first CSV line to learn the column layout. */
  public static LineParser parser(InputSpec spec, Configuration conf) {
    List<FileStatus> files = HadoopFiles.listInputFiles(spec.path(), conf);
    if (files.isEmpty()) {
      throw DataException.of(spec.path(), "no input file found (checked: file, directory, glob)");
    }
    if (spec.format() == InputFormat.LIBSVM) {
      return new LibSvmParser(spec.numFeatures(), spec.domain(), spec.numClasses(),
          spec.purpose().dimension(spec.numFeatures()));
    }
    Path first = files.get(0).getPath();
    String firstLine = firstNonBlankLine(first, conf);
    if (firstLine == null) {
      throw DataException.of(HadoopFiles.display(first), "the file is empty");
    }
    String[] cells = firstLine.split(Pattern.quote(String.valueOf(spec.delimiter())), -1);
    String[] names = spec.header() ? cells : null;
    String where = HadoopFiles.display(first) + ":1";
    int weightColumn = spec.weightColumn() == null ? -1
        : column(spec.weightColumn(), names, cells.length, "weightColumn", where);
    boolean unlabelled = !spec.purpose().labelsRequired() && spec.numFeatures() > 0
        && cells.length - (weightColumn >= 0 ? 1 : 0) == spec.numFeatures();
    int labelColumn = unlabelled ? -1
        : column(spec.labelColumn(), names, cells.length, "labelColumn", where);
    if (weightColumn >= 0 && weightColumn == labelColumn) {
      throw DataException.of(where, "labelColumn and weightColumn name the same column");
    }
    CsvParser csv = new CsvParser(cells.length, labelColumn, weightColumn, spec.delimiter(),
        spec.domain(), spec.numClasses());
    if (spec.numFeatures() > 0 && csv.numFeatures() != spec.numFeatures()) {
      throw DataException.of(where, "has " + csv.numFeatures() + " feature columns; expected "
          + spec.purpose().dimension(spec.numFeatures()));
    }
    return csv;
  }

  private static JavaHadoopRDD<LongWritable, Text> lines(JavaSparkContext jsc, InputSpec spec) {
    int minPartitions = spec.partitions() > 0 ? spec.partitions() : jsc.defaultParallelism();
    return (JavaHadoopRDD<LongWritable, Text>) jsc.hadoopFile(spec.path(), TextInputFormat.class,
        LongWritable.class, Text.class, minPartitions);
  }

  private static boolean skipsHeader(InputSpec spec) {
    return spec.format() == InputFormat.CSV && spec.header();
  }

  private static DataException withHeaderHint(DataException e, LineParser parser,
      boolean skipHeader, String source, long offset) {
    return offset == 0 && !skipHeader && parser instanceof CsvParser
        ? DataException.atOffset(source, 0, e.problem()
            + " (if the first line is a header, set header=true)")
        : e;
  }

  /** Lazily parses records and applies the row function, skipping lines without a record. */
  private static final class RowIterator<T> implements Iterator<T> {
    private final Iterator<Tuple2<LongWritable, Text>> records;
    private final LineParser parser;
    private final RowFunction<T> f;
    private final String source;
    private final boolean skipHeader;
    private final MutableRow row = new MutableRow();
    private T next;
    private boolean ready;

    RowIterator(Iterator<Tuple2<LongWritable, Text>> records, LineParser parser,
        RowFunction<T> f, String source, boolean skipHeader) {
      this.records = records;
      this.parser = parser;
      this.f = f;
      this.source = source;
      this.skipHeader = skipHeader;
    }

    @Override
    public boolean hasNext() {
      while (!ready && records.hasNext()) {
        Tuple2<LongWritable, Text> record = records.next();
        long offset = record._1().get();
        if (skipHeader && offset == 0) {
          continue;
        }
        Text text = record._2();
        try {
          if (parser.parse(text.getBytes(), text.getLength(), row)) {
            next = f.apply(row);
            ready = true;
          }
        } catch (BadRecord e) {
          throw withHeaderHint(DataException.atOffset(source, offset, e.getMessage()), parser,
              skipHeader, source, offset);
        }
      }
      return ready;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ready = false;
      return next;
    }
  }

  private static int column(String spec, String[] names, int columns, String key, String where) {
    String s = spec.trim();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      int c = Integer.parseInt(s);
      if (c >= columns) {
        throw DataException.of(where, key + "=" + s + " but the file has only " + columns
            + " columns (indices start at 0)");
      }
      return c;
    }
    if (names == null) {
      throw DataException.of(where, key + "=" + s
          + " is a column name, but header=false; give a 0-based index or set header=true");
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < names.length; i++) {
        String n = unquote(names[i]);
        if (pass == 0 ? n.equals(s) : n.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
          return i;
        }
      }
    }
    StringBuilder known = new StringBuilder();
    for (String n : names) {
      known.append(known.length() == 0 ? "" : ", ").append(unquote(n));
    }
    throw DataException.of(where, "no column named '" + s + "' for " + key + " (header has: "
        + known + ")");
  }

  private static String unquote(String cell) {
    String c = cell.trim();
    if (c.length() >= 2 && c.charAt(0) == '"' && c.charAt(c.length() - 1) == '"') {
      c = c.substring(1, c.length() - 1);
    }
    return c.trim();
  }

  private static String firstNonBlankLine(Path file, Configuration conf) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(HadoopFiles.open(file, conf), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + HadoopFiles.display(file), e);
    }
  }
}
