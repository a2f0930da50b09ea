package dev.descent.data;

/**
 * Delimited numeric lines: one column is the label, optionally one the instance weight, and every
 * other column is a feature, numbered in column order from 0. Every line must have the same
 * number of columns. Blank lines are skipped; a header line is dropped by the reader, not here.
 */
public final class CsvParser implements LineParser {
  private static final long serialVersionUID = 1L;

  private final int columns;
  private final int labelColumn; // -1 = none (scoring unlabelled data)
  private final int weightColumn; // -1 = none
  private final byte delimiter;
  private final LabelDomain domain;
  private final int numClasses;

  public CsvParser(int columns, int labelColumn, int weightColumn, char delimiter,
      LabelDomain domain, int numClasses) {
    if (labelColumn < -1 || labelColumn >= columns || weightColumn >= columns
        || (weightColumn >= 0 && weightColumn == labelColumn)) {
      throw new IllegalArgumentException("bad column layout");
    }
    this.columns = columns;
    this.labelColumn = labelColumn;
    this.weightColumn = weightColumn;
    this.delimiter = (byte) delimiter;
    this.domain = domain;
    this.numClasses = numClasses;
  }

  /** Number of feature columns (all but the label and weight columns). */
  public int numFeatures() {
    return columns - (labelColumn >= 0 ? 1 : 0) - (weightColumn >= 0 ? 1 : 0);
  }

  /** Whether a line holds nothing but spaces, tabs and carriage returns (no record). */
  public static boolean isBlank(byte[] b, int length) {
    return contentEnd(b, length) == 0;
  }

  /** The length of the line without trailing blanks. */
  private static int contentEnd(byte[] b, int length) {
    int end = length;
    while (end > 0 && (b[end - 1] == '\r' || b[end - 1] == ' ' || b[end - 1] == '\t')) {
      end--;
    }
    return end;
  }

  @Override
  public boolean parse(byte[] b, int length, MutableRow row) throws BadRecord {
    row.clear();
    int end = contentEnd(b, length);
    if (end == 0) {
      return false;
    }
    int column = 0;
    int feature = 0;
    int start = 0;
    for (int i = 0; i <= end; i++) {
      if (i < end && b[i] != delimiter) {
        continue;
      }
      if (column >= columns) {
        throw new BadRecord("expected " + columns + " columns, found more");
      }
      int from = start;
      int to = i;
      while (from < to && (b[from] == ' ' || b[from] == '\t')) {
        from++;
      }
      while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
        to--;
      }
      if (from == to) {
        throw new BadRecord("column " + (column + 1) + " is empty");
      }
      double value;
      try {
        value = Numbers.parse(b, from, to);
      } catch (BadRecord e) {
        throw new BadRecord("column " + (column + 1) + ": " + e.getMessage());
      }
      if (column == labelColumn) {
        row.setLabel(value, domain, numClasses);
      } else if (column == weightColumn) {
        if (value < 0) {
          throw new BadRecord("column " + (column + 1) + ": weight " + Numbers.show(value)
              + " is negative");
        }
        try {
          row.setWeight(value);
        } catch (BadRecord e) {
          throw new BadRecord("column " + (column + 1) + ": " + e.getMessage());
        }
      } else {
        Numbers.checkMagnitude(value, "column " + (column + 1) + ": value");
        row.add(feature++, value);
      }
      column++;
      start = i + 1;
    }
    if (column != columns) {
      throw new BadRecord("expected " + columns + " columns, found " + column);
    }
    return true;
  }
}
