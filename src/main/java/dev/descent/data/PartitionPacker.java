package dev.descent.data;

/**
 * Turns the lines (or records) of one partition into a {@link PackedPartition}: parse, validate,
 * summarize, pack. The caller feeds rows in input order.
 */
public final class PartitionPacker {
  private final int partition;
  private final LabelDomain domain;
  private final Precision precision;
  private final BlockBuilder builder;
  private final PartitionSummary summary = new PartitionSummary();
  private final MutableRow row = new MutableRow();

  public PartitionPacker(int partition, LabelDomain domain) {
    this(partition, domain, Precision.DOUBLE);
  }

  public PartitionPacker(int partition, LabelDomain domain, Precision precision) {
    this.partition = partition;
    this.domain = domain;
    this.precision = precision;
    this.builder = new BlockBuilder(BlockBuilder.TARGET_BYTES, precision);
  }

  /**
   * Parses one line from a file and adds its row.
   *
   * @param offset the byte offset of the line in {@code source}, used in errors
   * @throws DataException if the line is malformed
   */
  public void addLine(LineParser parser, byte[] bytes, int length, String source, long offset) {
    try {
      parseLine(parser, bytes, length, source, offset);
    } catch (BadRecord e) {
      throw DataException.atOffset(source, offset, e.getMessage());
    }
  }

  /**
   * Parses one line from a file and adds its row; a malformed line is left to the caller, to
   * fail on or {@link #skip}.
   */
  public void parseLine(LineParser parser, byte[] bytes, int length, String source, long offset)
      throws BadRecord {
    parseLine(parser, bytes, length, source, offset, -1, -1);
  }

  /**
   * As {@link #parseLine(LineParser, byte[], int, String, long)}, for a line that
   * ({@code splitStart >= 0}) is located by its split and place there (see {@link Location}).
   */
  public void parseLine(LineParser parser, byte[] bytes, int length, String source, long offset,
      long splitStart, long recordInSplit) throws BadRecord {
    if (parser.parse(bytes, length, row)) {
      accept(() -> Location.inFile(source, offset, splitStart, recordInSplit));
    }
  }

  /**
   * Counts a malformed record as skipped (onBadRecord=skip).
   *
   * @param order its position in the partition (byte offset or record number), increasing
   */
  public void skip(Location where, long order, String problem) {
    summary.skipped.add(new SkippedRecords.Example(partition, order, where, problem));
  }

  /** Adds a row the caller has already filled and validated, e.g. from an in-memory RDD. */
  public MutableRow row() {
    return row;
  }

  /** Accepts the row last filled through {@link #row()}, the {@code record}-th (1-based) of this partition. */
  public void acceptRow(String source, long record) {
    accept(() -> Location.inRecords(source, describe(partition, record)));
  }

  /** How in-memory records are named in messages. */
  public static String describe(int partition, long record) {
    return "partition " + partition + ", record " + record;
  }

  private void accept(PartitionSummary.Where where) {
    String unstorable = BlockBuilder.problemStoring(row, precision);
    if (unstorable != null) {
      throw DataException.at(where.get(), unstorable);
    }
    summary.addRow(row, domain, where);
    builder.add(row);
  }

  public PackedPartition finish() {
    return new PackedPartition(partition, builder.finish(), summary);
  }
}
