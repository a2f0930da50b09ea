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
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.spark.Partition;
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
   * The packed, not yet persisted, RDD of the input, read with the spec's parser
   * ({@link LineParsers#of}, which checks the files and the CSV columns on the driver), feature
   * values stored in {@code precision}: one {@link PackedPartition} per split, read into at
   * least {@link Partitioning#forTraining} splits, a multiple of that where Hadoop can (see
   * {@link Partitioning#evenSplits}). Lines are parsed by the first action. Under
   * onBadRecord=skip, malformed lines are counted in the partition's summary instead of failing
   * the read.
   */
  public static JavaRDD<PackedPartition> read(JavaSparkContext jsc, InputSpec spec,
      LineParser parser, Precision precision) {
    LabelDomain domain = spec.domain();
    boolean header = spec.header();
    boolean skipBad = spec.skipBadRecords();
    int n = Partitioning.forTraining(jsc, spec.partitions());
    JavaHadoopRDD<LongWritable, Text> splits = lines(jsc, spec.path(), n);
    long bytes = 0;
    for (Partition p : splits.rdd().partitions()) {
      bytes += BalancedCoalescer.bytes(p);
    }
    int even = Partitioning.evenSplits(splits.getNumPartitions(), n, bytes);
    if (even > 0) {
      splits = lines(jsc, spec.path(), even);
    }
    // Packed under the split's own index, not the task's: a coalesced task reads several
    // splits, and skipped lines are put in input order by (split, offset).
    return splits
        .mapPartitionsWithInputSplit((split, lines) -> Collections.singletonList(
            new SplitLines(split, lines)).iterator(), true)
        .mapPartitionsWithIndex((index, split) -> Collections.singletonList(pack(split.next(),
            index, parser, domain, header, skipBad, precision)).iterator(), true);
  }

  /** Parses and packs the lines of one split, the {@code index}-th. */
  private static PackedPartition pack(SplitLines s, int index, LineParser parser,
      LabelDomain domain, boolean header, boolean skipBad, Precision precision) {
    FirstLine first = new FirstLine(s.split(), parser, header);
    Records records = new Records(s.split(), s.lines(), first);
    PartitionPacker packer = new PartitionPacker(index, domain, precision);
    while (records.next()) {
      try {
        packer.parseLine(parser, records.text.getBytes(), records.text.getLength(),
            records.source, records.offset, records.splitStart, records.recordInSplit);
      } catch (BadRecord e) {
        String problem = first.describe(e);
        Location where = records.where();
        if (!skipBad) {
          throw DataException.at(where, problem);
        }
        packer.skip(where, records.offset, problem);
      }
    }
    return packer.finish();
  }

  /** A split and its lines, passed from one step of a task to the next (never serialized). */
  private record SplitLines(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {}

  /**
   * Applies {@code f} to every record of the input, lazily and in input order; lines without a
   * record (blank, comments, headers) produce nothing. Under onBadRecord=skip a malformed record
   * produces what {@code onSkip} makes of it (nothing if null); otherwise it fails the job.
   * {@code parser} is the spec's ({@link LineParsers#of}).
   */
  public static <T> JavaRDD<T> mapRows(JavaSparkContext jsc, InputSpec spec, LineParser parser,
      RowFunction<T> f, SkipFunction<T> onSkip) {
    boolean header = spec.header();
    SkipFunction<T> skip = spec.skipBadRecords() ? onSkip : null;
    int minPartitions = spec.partitions() > 0 ? spec.partitions() : jsc.defaultParallelism();
    return lines(jsc, spec.path(), minPartitions).mapPartitionsWithInputSplit((split, lines) -> {
      FirstLine first = new FirstLine(split, parser, header);
      return new RowIterator<>(new Records(split, lines, first), parser, f, skip, first,
          TaskContext.getPartitionId());
    }, true);
  }

  private static JavaHadoopRDD<LongWritable, Text> lines(JavaSparkContext jsc, String path,
      int minPartitions) {
    return (JavaHadoopRDD<LongWritable, Text>) jsc.hadoopFile(path,
        CheckedTextInputFormat.class, LongWritable.class, Text.class, minPartitions);
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

  /**
   * A split's lines after its header, one at a time: the line's text, its byte offset and its
   * place in the split, and where it is for errors.
   */
  private static final class Records {
    private final Iterator<Tuple2<LongWritable, Text>> lines;
    private final FirstLine first;
    final String source;
    final long splitStart; // >= 0: records located by their place in the split
    long recordInSplit = -1;
    long offset;
    Text text;

    Records(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines, FirstLine first) {
      this.source = ((FileSplit) split).getPath().toString();
      this.splitStart = Splits.startIfCompressed(split);
      this.lines = Splits.decompressed(lines, split);
      this.first = first;
    }

    /** Moves to the next line that is not the header; false after the last. */
    boolean next() {
      while (lines.hasNext()) {
        Tuple2<LongWritable, Text> record = lines.next();
        recordInSplit++;
        offset = record._1().get();
        text = record._2();
        if (!first.isHeader(text, source, offset)) {
          return true;
        }
      }
      return false;
    }

    /** Where the current line is, for errors. */
    Location where() {
      return Location.inFile(source, offset, splitStart, recordInSplit);
    }
  }

  /** Lazily parses records and applies the row function, skipping lines without a record. */
  private static final class RowIterator<T> implements Iterator<T> {
    private final Records records;
    private final LineParser parser;
    private final RowFunction<T> f;
    private final SkipFunction<T> onSkip; // null: malformed records fail
    private final FirstLine first;
    private final int partition;
    private final MutableRow row = new MutableRow();
    private T next;
    private boolean ready;

    RowIterator(Records records, LineParser parser, RowFunction<T> f, SkipFunction<T> onSkip,
        FirstLine first, int partition) {
      this.records = records;
      this.parser = parser;
      this.f = f;
      this.onSkip = onSkip;
      this.first = first;
      this.partition = partition;
    }

    @Override
    public boolean hasNext() {
      while (!ready && records.next()) {
        try {
          if (parser.parse(records.text.getBytes(), records.text.getLength(), row)) {
            next = f.apply(row);
            ready = true;
          }
        } catch (BadRecord e) {
          String problem = first.describe(e);
          Location where = records.where();
          if (onSkip == null) {
            throw DataException.at(where, problem);
          }
          next = onSkip.skipped(new SkippedRecords.Example(partition, records.offset, where,
              problem));
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
}
