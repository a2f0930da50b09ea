package dev.descent.input;

/** Text formats Descent reads. */
public enum InputFormat {
  /** Sparse {@code label index:value ...} lines with 1-based indices. */
  LIBSVM,
  /** Delimited columns: a label column, an optional weight column, the rest features. */
  CSV
}
