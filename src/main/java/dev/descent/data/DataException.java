package dev.descent.data;

/**
 * Bad input data: names the source (file or record set), the line when known, and what was wrong.
 * Thrown on executors with the byte offset of the offending line; the driver turns the offset
 * into a line number (see {@link LineLocator}) before the user sees it.
 */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final long byteOffset;
  private final String problem;
  private final Location where; // a line not yet numbered, else null

  private DataException(String source, long line, long byteOffset, String problem) {
    this(source, line, byteOffset, problem, null);
  }

  private DataException(String source, long line, long byteOffset, String problem,
      Location where) {
    super(format(source, line, byteOffset, problem));
    this.source = source;
    this.line = line;
    this.byteOffset = byteOffset;
    this.problem = problem;
    this.where = where;
  }

  /** A problem with the whole input (not one line), e.g. no rows at all. */
  public static DataException of(String source, String problem) {
    return new DataException(source, -1, -1, problem);
  }

  /** A problem at a known 1-based line of {@code source}. */
  public static DataException atLine(String source, long line, String problem) {
    return new DataException(source, line, -1, problem);
  }

  /** A problem in the line that starts at {@code byteOffset} of {@code source}; line not yet known. */
  public static DataException atOffset(String source, long byteOffset, String problem) {
    return at(Location.inFile(source, byteOffset), problem);
  }

  /** A problem in the line or record at {@code where}; a line's number is not yet known. */
  public static DataException at(Location where, String problem) {
    if (where.byteOffset() < 0 && !where.bySplit()) {
      return of(where.source(), where.description() + ": " + problem);
    }
    return new DataException(where.source(), -1, where.byteOffset(), problem, where);
  }

  public String source() {
    return source;
  }

  /** 1-based line number, or -1 when not known. */
  public long line() {
    return line;
  }

  /** Byte offset of the line's first byte, or -1 when not known. */
  public long byteOffset() {
    return byteOffset;
  }

  /** Where the line is, when its number is not known yet (see {@link LineLocator}); else null. */
  public Location where() {
    return where;
  }

  public String problem() {
    return problem;
  }

  private static String format(String source, long line, long byteOffset, String problem) {
    if (line > 0) {
      return source + ":" + line + ": " + problem;
    }
    if (byteOffset >= 0) {
      return source + " (line starting at byte " + byteOffset + "): " + problem;
    }
    return source + ": " + problem;
  }
}
