package dev.descent.data;

import java.io.Serializable;

/**
 * Where a record came from: a file and the byte offset of its line (turned into a line number on
 * the driver), or a description such as "partition 2, record 17" for in-memory input. In a file
 * compressed with a splittable codec (bzip2), Hadoop's keys are not offsets into the text, so a
 * line is located by its split and its place there instead: the {@code recordInSplit}-th record
 * (0-based) of the split that starts at {@code splitStart}; {@code byteOffset} then holds
 * Hadoop's key, which only orders records within the split.
 */
public record Location(String source, long byteOffset, String description, long splitStart,
    long recordInSplit) implements Serializable {

  public Location(String source, long byteOffset, String description) {
    this(source, byteOffset, description, -1, -1);
  }

  public static Location inFile(String source, long byteOffset) {
    return new Location(source, byteOffset, null);
  }

  public static Location inRecords(String source, String description) {
    return new Location(source, -1, description);
  }

  /**
   * A line of a file: by its byte offset, or ({@code splitStart >= 0}) by its place in a split of
   * a file compressed with a splittable codec.
   */
  public static Location inFile(String source, long key, long splitStart, long recordInSplit) {
    return splitStart < 0 ? inFile(source, key)
        : new Location(source, key, null, splitStart, recordInSplit);
  }

  /** Whether the line is located by its split and place there, not by its offset. */
  public boolean bySplit() {
    return splitStart >= 0;
  }
}
