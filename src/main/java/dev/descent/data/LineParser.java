package dev.descent.data;

import java.io.Serializable;

/**
 * Turns one line of text (raw bytes, without the line terminator) into a {@link MutableRow}.
 * Implementations are strict: anything that is not a well-formed record is a {@link BadRecord}
 * that says what is wrong, never a silently altered value.
 */
public interface LineParser extends Serializable {
  /**
   * @return false if the line holds no record (blank, or a comment where the format has them)
   * @throws BadRecord if the line is malformed; {@code row} is then undefined
   */
  boolean parse(byte[] line, int length, MutableRow row) throws BadRecord;
}
