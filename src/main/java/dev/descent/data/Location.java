package dev.descent.data;

import java.io.Serializable;

/**
 * Where a record came from: a file and the byte offset of its line (turned into a line number on
 * the driver), or a description such as "partition 2, record 17" for in-memory input.
 */
public record Location(String source, long byteOffset, String description) implements Serializable {

  public static Location inFile(String source, long byteOffset) {
    return new Location(source, byteOffset, null);
  }

  public static Location inRecords(String source, String description) {
    return new Location(source, -1, description);
  }
}
