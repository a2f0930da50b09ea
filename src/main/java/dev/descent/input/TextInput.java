package dev.descent.input;

import dev.descent.data.BadRecord;
import dev.descent.data.DataException;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineParser;
import dev.descent.data.Location;
import dev.descent.data.MutableRow;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionPacker;
import dev.descent.data.Precision;
import dev.descent.data.SkippedRecords;
import dev.descent.io.HadoopFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
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
   * What a record skipped under onBadRecord=skip becomes in the output: an element that carries
   * it to a summary, or null for none.
   */
  @FunctionalInterface
  public interface SkipFunction<T> extends Serializable {
    T skipped(SkippedRecords.Example record);
  }

  /**
   * The packed, not yet persisted, RDD of the input: one {@link PackedPartition} per partition.
   * Checks on the driver what needs no data pass (files exist, CSV columns); lines are parsed by
   * the first action. Under onBadRecord=skip, malformed lines are counted in the partition's
   * summary instead of failing the read.
   *
   * @throws DataException if no file matches, or the CSV layout does not fit the settings
   */
  public static JavaRDD<PackedPartition> read(JavaSparkContext jsc, InputSpec spec) {
    return read(jsc, spec, Precision.DOUBLE);
  }

  /** As {@link #read(JavaSparkContext, InputSpec)}, storing feature values in {@code precision}. */
  public static JavaRDD<PackedPartition> read(JavaSparkContext jsc, InputSpec spec,
      Precision precision) {
    return read(jsc, spec, parser(spec, jsc.hadoopConfiguration()), precision);
  }

  /** As {@link #read(JavaSparkContext, InputSpec, Precision)}, with the spec's parser. */
  public static JavaRDD<PackedPartition> read(JavaSparkContext jsc, InputSpec spec,
      LineParser parser, Precision precision) {
    LabelDomain domain = spec.domain();
    boolean header = spec.header();
    boolean skipBad = spec.skipBadRecords();
    return lines(jsc, spec).mapPartitionsWithInputSplit((split, lines) -> {
      String source = ((FileSplit) split).getPath().toString();
      long splitStart = splitStartIfCompressed(split);
      Iterator<Tuple2<LongWritable, Text>> records = decompressed(lines, split);
      FirstLine first = new FirstLine(split, parser, header);
      PartitionPacker packer = new PartitionPacker(TaskContext.getPartitionId(), domain,
          precision);
      long recordInSplit = -1;
      while (records.hasNext()) {
        Tuple2<LongWritable, Text> record = records.next();
        recordInSplit++;
        long offset = record._1().get();
        Text text = record._2();
        if (first.isHeader(text, source, offset)) {
          continue;
        }
        try {
          packer.parseLine(parser, text.getBytes(), text.getLength(), source, offset, splitStart,
              recordInSplit);
        } catch (BadRecord e) {
          String problem = first.describe(e);
          Location where = Location.inFile(source, offset, splitStart, recordInSplit);
          if (!skipBad) {
            throw DataException.at(where, problem);
          }
          packer.skip(where, offset, problem);
        }
      }
      return Collections.singletonList(packer.finish()).iterator();
    }, false);
  }

  /**
   * Applies {@code f} to every record of the input, lazily and in input order; lines without a
   * record (blank, comments, headers) produce nothing. Under onBadRecord=skip a malformed record
   * produces what {@code onSkip} makes of it (nothing if null); otherwise it fails the job.
   */
  public static <T> JavaRDD<T> mapRows(JavaSparkContext jsc, InputSpec spec, RowFunction<T> f,
      SkipFunction<T> onSkip) {
    return mapRows(jsc, spec, parser(spec, jsc.hadoopConfiguration()), f, onSkip);
  }

  /** As {@link #mapRows(JavaSparkContext, InputSpec, RowFunction, SkipFunction)}, with the spec's parser. */
  public static <T> JavaRDD<T> mapRows(JavaSparkContext jsc, InputSpec spec, LineParser parser,
      RowFunction<T> f, SkipFunction<T> onSkip) {
    boolean header = spec.header();
    SkipFunction<T> skip = spec.skipBadRecords() ? onSkip : null;
    return lines(jsc, spec).mapPartitionsWithInputSplit((split, lines) -> {
      String source = ((FileSplit) split).getPath().toString();
      return new RowIterator<>(decompressed(lines, split), parser, f, skip, source,
          splitStartIfCompressed(split), new FirstLine(split, parser, header),
          TaskContext.getPartitionId());
    }, true);
  }

  /**
   * The line parser for {@code spec}, reading the first CSV line to learn the column layout: by
   * the header's names when the spec names the features (a model's) and the file has a header,
   * else by position. Errors name the first file and line.
   *
   * @throws DataException if no file matches, or the CSV layout does not fit the settings
   */
  public static LineParser parser(InputSpec spec, Configuration conf) {
    List<Path> subdirectories = new java.util.ArrayList<>();
    List<FileStatus> files = HadoopFiles.listInputFiles(spec.path(), conf, subdirectories);
    if (!subdirectories.isEmpty()) {
      Path sub = subdirectories.get(0);
      String dir = HadoopFiles.display(sub.getParent());
      throw DataException.of(dir, "holds a subdirectory, " + sub.getName() + "; text input"
          + " reads the files directly in a directory, not those in its subdirectories: name"
          + " what to read with a glob (" + dir + "/* also reads the files one level down) or"
          + " a comma-separated list, or move the subdirectory out");
    }
    if (files.isEmpty()) {
      throw DataException.of(spec.path(), "no input file found (checked: file, directory, glob)");
    }
    if (spec.format() == InputFormat.LIBSVM) {
      return new LibSvmParser(spec.numFeatures(), spec.domain(), spec.numClasses(),
          spec.purpose().dimension(spec.numFeatures()));
    }
    Path first = files.get(0).getPath();
    FirstText firstLine = firstNonBlankLine(first, conf);
    if (firstLine == null) {
      throw DataException.of(HadoopFiles.display(first), "the file is empty");
    }
    List<String> cells = CsvParser.names(firstLine.text(), spec.delimiter());
    List<String> names = spec.header() ? cells : null;
    String where = HadoopFiles.display(first) + ":" + firstLine.number();
    // Prediction uses no weights: a weight column named but absent is no error there.
    boolean noWeight = spec.weightColumn() == null || (!spec.purpose().labelsRequired()
        && names != null && !isIndex(spec.weightColumn())
        && findName(spec.weightColumn(), names) < 0);
    int weightColumn = noWeight ? -1
        : column(spec.weightColumn(), names, cells.size(), "weightColumn", where);
    CsvParser csv = names != null && spec.featureNames() != null
        ? byName(spec, names, weightColumn, where)
        : byPosition(spec, cells.size(), names, weightColumn, where);
    return names == null ? csv : csv.withHeader(names, where);
  }

  /** The layout by position: every column but the label and weight is a feature, in order. */
  private static CsvParser byPosition(InputSpec spec, int columns, List<String> names,
      int weightColumn, String where) {
    // Prediction reads a file of exactly the model's features without a label, unless the
    // header names the label column (then a column is missing, and that is an error below).
    boolean unlabelled = !spec.purpose().labelsRequired() && spec.numFeatures() > 0
        && columns - (weightColumn >= 0 ? 1 : 0) == spec.numFeatures()
        && !(names != null && findName(spec.labelColumn(), names) >= 0);
    int labelColumn = unlabelled ? -1
        : column(spec.labelColumn(), names, columns, "labelColumn", where);
    if (weightColumn >= 0 && weightColumn == labelColumn) {
      throw DataException.of(where, "labelColumn and weightColumn name the same column");
    }
    CsvParser csv = CsvParser.inColumnOrder(columns, labelColumn, weightColumn, spec.delimiter(),
        spec.domain(), spec.numClasses(), names);
    if (spec.numFeatures() > 0 && csv.numFeatures() != spec.numFeatures()) {
      throw DataException.of(where, "has " + csv.numFeatures() + " feature columns; expected "
          + spec.purpose().dimension(spec.numFeatures()));
    }
    return csv;
  }

  /**
   * The layout by name: each of the spec's features from the header column of that name, in
   * any order; the label (when labels are read) and weight columns as the settings say; other
   * columns are not read.
   */
  private static CsvParser byName(InputSpec spec, List<String> names, int weightColumn,
      String where) {
    List<String> wanted = spec.featureNames();
    int labelColumn = -1;
    if (spec.purpose().labelsRequired()) {
      labelColumn = column(spec.labelColumn(), names, names.size(), "labelColumn", where);
      if (wanted.contains(names.get(labelColumn))) {
        throw DataException.of(where, "labelColumn=" + spec.labelColumn() + " is column '"
            + names.get(labelColumn) + "', one of the model's features; name the label column");
      }
      if (labelColumn == weightColumn) {
        throw DataException.of(where, "labelColumn and weightColumn name the same column");
      }
    }
    int predictLabel = labelColumn >= 0 ? labelColumn : findName(spec.labelColumn(), names);
    List<String> available = new ArrayList<>();
    List<Integer> columnOf = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      if (c != labelColumn && c != weightColumn && (c != predictLabel
          || wanted.contains(names.get(c)))) {
        available.add(names.get(c));
        columnOf.add(c);
      }
    }
    ColumnMatch match = ColumnMatch.of(wanted, available);
    String problem = match.problem(wanted, names, "the header");
    if (problem != null) {
      boolean none = match.missing().size() == wanted.size();
      throw DataException.of(where, problem + (none ? "; if the file has no header line, set"
          + " header=false" : ""));
    }
    int[] positions = new int[wanted.size()];
    for (int j = 0; j < positions.length; j++) {
      positions[j] = columnOf.get(match.positions()[j]);
    }
    return CsvParser.byName(names, labelColumn, weightColumn, positions, wanted, match.extra(),
        spec.delimiter(), spec.domain(), spec.numClasses());
  }

  private static boolean isIndex(String setting) {
    String s = setting.trim();
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  /** The index of the column a setting names by name (not by index), or -1. */
  private static int findName(String setting, List<String> names) {
    String s = setting == null ? "" : setting.trim();
    if (s.isEmpty() || isIndex(s)) {
      return -1;
    }
    int exact = names.indexOf(s);
    if (exact >= 0) {
      return exact;
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(s)) {
        return i;
      }
    }
    return -1;
  }

  private static JavaHadoopRDD<LongWritable, Text> lines(JavaSparkContext jsc, InputSpec spec) {
    int minPartitions = spec.partitions() > 0 ? spec.partitions() : jsc.defaultParallelism();
    return (JavaHadoopRDD<LongWritable, Text>) jsc.hadoopFile(spec.path(),
        CheckedTextInputFormat.class, LongWritable.class, Text.class, minPartitions);
  }

  /**
   * The split's start if its file is compressed with a splittable codec (bzip2), whose records
   * are then located by their place in the split (see {@link Location}); else -1.
   */
  private static long splitStartIfCompressed(InputSplit split) {
    FileSplit file = (FileSplit) split;
    return Codecs.FACTORY.getCodec(file.getPath()) instanceof SplittableCompressionCodec
        ? file.getStart() : -1;
  }

  /** Hadoop's default codecs, looked up once per JVM. */
  private static final class Codecs {
    static final CompressionCodecFactory FACTORY = new CompressionCodecFactory(
        new Configuration());
  }

  /**
   * A split's lines, where a compressed file that cannot be decompressed (truncated, corrupt, or
   * not in the format its name says) is bad data naming the file, not an I/O failure.
   */
  private static Iterator<Tuple2<LongWritable, Text>> decompressed(
      Iterator<Tuple2<LongWritable, Text>> lines, InputSplit split) {
    Path path = ((FileSplit) split).getPath();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return lines.hasNext();
        } catch (Exception e) { // Hadoop's IOException, thrown undeclared through Scala
          throw orBadData(e, path);
        }
      }

      @Override
      public Tuple2<LongWritable, Text> next() {
        try {
          return lines.next();
        } catch (Exception e) {
          throw orBadData(e, path);
        }
      }
    };
  }

  /** The data error if {@code e} is an I/O error in a compressed file; else rethrows {@code e}. */
  private static DataException orBadData(Exception e, Path path) {
    DataException bad = decompressionError(e, path);
    if (bad == null) {
      throw TextInput.<RuntimeException>sneaky(e);
    }
    return bad;
  }

  /** A data error naming the file if {@code e} is the file's fault (InputErrors), else null. */
  private static DataException decompressionError(Exception e, Path path) {
    return InputErrors.of(e, path, new Configuration());
  }

  /** Rethrows {@code e} unchanged, checked or not (as Scala code does). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }

  /**
   * Follows a partition's lines up to the first non-blank line of a CSV file (in the split that
   * starts the file): the header, when the file has one; otherwise a line worth a hint if it
   * does not parse.
   */
  private static final class FirstLine {
    private final boolean header;
    private final CsvParser csv;
    private boolean pending;
    private boolean current;

    FirstLine(InputSplit split, LineParser parser, boolean header) {
      this.csv = parser instanceof CsvParser c ? c : null;
      this.header = header && csv != null;
      this.pending = csv != null && ((FileSplit) split).getStart() == 0;
    }

    /**
     * Called for every line in order: whether this one is the header, to be left out.
     *
     * @throws DataException if it is a header whose columns differ from the first file's (a
     *     malformed line could be skipped, misaligned columns cannot)
     */
    boolean isHeader(Text line, String source, long offset) {
      current = pending && !CsvParser.isBlank(line.getBytes(), line.getLength());
      pending &= !current;
      if (current && header) {
        String problem = csv.headerProblem(line.getBytes(), line.getLength());
        if (problem != null) {
          throw DataException.atOffset(source, offset, problem);
        }
      }
      return current && header;
    }

    /** The problem with the current line, with a hint if it may be a header read as data. */
    String describe(BadRecord e) {
      return current && !header
          ? e.getMessage() + " (if the first line is a header, set header=true)"
          : e.getMessage();
    }
  }

  /** Lazily parses records and applies the row function, skipping lines without a record. */
  private static final class RowIterator<T> implements Iterator<T> {
    private final Iterator<Tuple2<LongWritable, Text>> records;
    private final LineParser parser;
    private final RowFunction<T> f;
    private final SkipFunction<T> onSkip; // null: malformed records fail
    private final String source;
    private final long splitStart; // >= 0: records located by their place in the split
    private final FirstLine first;
    private final int partition;
    private final MutableRow row = new MutableRow();
    private long recordInSplit = -1;
    private T next;
    private boolean ready;

    RowIterator(Iterator<Tuple2<LongWritable, Text>> records, LineParser parser,
        RowFunction<T> f, SkipFunction<T> onSkip, String source, long splitStart,
        FirstLine first, int partition) {
      this.records = records;
      this.parser = parser;
      this.f = f;
      this.onSkip = onSkip;
      this.source = source;
      this.splitStart = splitStart;
      this.first = first;
      this.partition = partition;
    }

    @Override
    public boolean hasNext() {
      while (!ready && records.hasNext()) {
        Tuple2<LongWritable, Text> record = records.next();
        recordInSplit++;
        long offset = record._1().get();
        Text text = record._2();
        if (first.isHeader(text, source, offset)) {
          continue;
        }
        try {
          if (parser.parse(text.getBytes(), text.getLength(), row)) {
            next = f.apply(row);
            ready = true;
          }
        } catch (BadRecord e) {
          String problem = first.describe(e);
          Location where = Location.inFile(source, offset, splitStart, recordInSplit);
          if (onSkip == null) {
            throw DataException.at(where, problem);
          }
          next = onSkip.skipped(new SkippedRecords.Example(partition, offset, where, problem));
          ready = next != null;
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

  private static int column(String spec, List<String> names, int columns, String key,
      String where) {
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
      for (int i = 0; i < names.size(); i++) {
        String n = names.get(i);
        if (pass == 0 ? n.equals(s) : n.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
          return i;
        }
      }
    }
    throw DataException.of(where, "no column named '" + s + "' for " + key + " (header has: "
        + String.join(", ", names) + ")");
  }

  /** A file's first non-blank line (without a UTF-8 byte order mark) and its 1-based number. */
  private record FirstText(String text, int number) {}

  /** The first line that is not blank by the CSV parser's rule, or null if there is none. */
  private static FirstText firstNonBlankLine(Path file, Configuration conf) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(HadoopFiles.open(file, conf), StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (number++ == 0 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // Hadoop's line reader drops it too
        }
        if (!line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r')) {
          return new FirstText(line.strip(), number);
        }
      }
      return null;
    } catch (IOException e) {
      DataException bad = InputErrors.of(e, file, conf);
      throw bad != null ? bad
          : new UncheckedIOException("cannot read " + HadoopFiles.display(file), e);
    }
  }
}
