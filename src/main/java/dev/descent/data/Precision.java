package dev.descent.data;

/**
 * How cached feature values are stored. Arithmetic is double either way: float values are widened
 * as they are read, and every product and sum is formed in double.
 */
public enum Precision {
  /** 8 bytes per value: the values exactly as parsed. */
  DOUBLE(8),
  /**
   * 4 bytes per value: half the memory and the memory traffic; each value rounded to about 7
   * significant digits (relative error at most 2^-24).
   */
  FLOAT(4);

  private final int bytes;

  Precision(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per stored feature value. */
  public int bytes() {
    return bytes;
  }
}
