package dev.descent.input;

import dev.descent.data.BadRecord;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineParser;
import dev.descent.data.MutableRow;
import dev.descent.data.Numbers;
import java.util.List;

/**
 * Delimited numeric lines: one column is the label, optionally one the instance weight, and the
 * other columns are features. Every line must have the same number of columns. Blank lines are
 * skipped; a header line is dropped by the reader, not here.
 *
 * <p>By default every other column is a feature, numbered in column order from 0. A layout
 * built from a model's feature names ({@link #byName}) maps each column to the feature it
 * holds, in any order, and leaves columns the model does not use unread.
 */
public final class CsvParser implements LineParser {
  private static final long serialVersionUID = 1L;

  private final int columns;
  private final int labelColumn; // -1 = none (scoring unlabelled data)
  private final int weightColumn; // -1 = none
  private final int[] featureOf; // per column: the feature it holds, or -1 (label, weight, unused)
  private final int numFeatures;
  private final boolean inOrder; // features appear in increasing order
  private final byte delimiter;
  private final LabelDomain domain;
  private final int numClasses;
  private final List<String> featureNames; // null: unnamed
  private final List<String> unused; // named columns left unread
  private List<String> header; // the header this layout comes from, or null
  private String headerSource; // where that header is, for messages
  private transient double[] scratch; // reordered features of the current line

  public CsvParser(int columns, int labelColumn, int weightColumn, char delimiter,
      LabelDomain domain, int numClasses) {
    this(columns, labelColumn, weightColumn, inColumnOrder(columns, labelColumn, weightColumn),
        delimiter, domain, numClasses, null, List.of());
  }

  private CsvParser(int columns, int labelColumn, int weightColumn, int[] featureOf,
      char delimiter, LabelDomain domain, int numClasses, List<String> featureNames,
      List<String> unused) {
    if (labelColumn < -1 || labelColumn >= columns || weightColumn >= columns
        || (weightColumn >= 0 && weightColumn == labelColumn) || featureOf.length != columns) {
      throw new IllegalArgumentException("bad column layout");
    }
    this.columns = columns;
    this.labelColumn = labelColumn;
    this.weightColumn = weightColumn;
    this.featureOf = featureOf.clone();
    int n = 0;
    boolean ordered = true;
    for (int f : featureOf) {
      if (f >= 0) {
        ordered &= f == n;
        n++;
      }
    }
    this.numFeatures = n;
    this.inOrder = ordered;
    this.delimiter = (byte) delimiter;
    this.domain = domain;
    this.numClasses = numClasses;
    this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
    this.unused = List.copyOf(unused);
  }

  /**
   * The default layout, recording the feature columns' names (from the header) when they can
   * be matched by name later (non-empty and distinct).
   *
   * @param names the header's names, or null without a header
   */
  static CsvParser inColumnOrder(int columns, int labelColumn, int weightColumn, char delimiter,
      LabelDomain domain, int numClasses, List<String> names) {
    int[] featureOf = inColumnOrder(columns, labelColumn, weightColumn);
    List<String> featureNames = null;
    if (names != null) {
      List<String> f = new java.util.ArrayList<>();
      for (int c = 0; c < columns; c++) {
        if (featureOf[c] >= 0) {
          f.add(names.get(c));
        }
      }
      featureNames = ColumnMatch.recordable(f);
    }
    return new CsvParser(columns, labelColumn, weightColumn, featureOf, delimiter, domain,
        numClasses, featureNames, List.of());
  }

  /**
   * A layout that reads the model's features by name: column {@code positions[j]} holds feature
   * {@code j}; other columns but the label and weight are not read.
   *
   * @param names the header's names
   * @param positions the column of each feature, all distinct
   * @param unused the named columns that are not read, for a note
   */
  static CsvParser byName(List<String> names, int labelColumn, int weightColumn,
      int[] positions, List<String> featureNames, List<String> unused, char delimiter,
      LabelDomain domain, int numClasses) {
    int[] featureOf = new int[names.size()];
    java.util.Arrays.fill(featureOf, -1);
    for (int j = 0; j < positions.length; j++) {
      featureOf[positions[j]] = j;
    }
    return new CsvParser(names.size(), labelColumn, weightColumn, featureOf, delimiter, domain,
        numClasses, featureNames, unused);
  }

  private static int[] inColumnOrder(int columns, int labelColumn, int weightColumn) {
    int[] featureOf = new int[columns];
    int f = 0;
    for (int c = 0; c < columns; c++) {
      featureOf[c] = c == labelColumn || c == weightColumn ? -1 : f++;
    }
    return featureOf;
  }

  /**
   * This layout, remembering the header it was built from so that other files' headers can be
   * checked against it ({@link #headerProblem}).
   *
   * @param where the header's file and line, for messages
   */
  CsvParser withHeader(List<String> names, String where) {
    header = List.copyOf(names);
    headerSource = where;
    return this;
  }

  /**
   * Null if a file's header line names the same columns in the same order as the header this
   * layout was built from; else what differs (the columns of every file of one input must line
   * up).
   */
  String headerProblem(byte[] b, int length) {
    if (header == null) {
      return null;
    }
    String line = new String(b, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    List<String> names = names(line.strip(), (char) delimiter);
    if (names.equals(header)) {
      return null;
    }
    return "the header (" + String.join(",", names) + ") differs from the first file's ("
        + String.join(",", header) + ", " + headerSource + "); the files of one input must have"
        + " the same columns in the same order";
  }

  /** The column names of a header line: cells split at the delimiter, trimmed and unquoted. */
  static List<String> names(String line, char delimiter) {
    List<String> names = new java.util.ArrayList<>();
    for (String cell : line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
      String c = cell.trim();
      if (c.length() >= 2 && c.charAt(0) == '"' && c.charAt(c.length() - 1) == '"') {
        c = c.substring(1, c.length() - 1);
      }
      names.add(c.trim());
    }
    return names;
  }

  /** Number of features read from each line. */
  public int numFeatures() {
    return numFeatures;
  }

  /** The features' names from the header, when they can be recorded; else null. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** Named columns that are not read (neither label, weight nor a model's feature). */
  public List<String> unusedColumns() {
    return unused;
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
    if (!inOrder && scratch == null) {
      scratch = new double[numFeatures];
    }
    int column = 0;
    int start = 0;
    for (int i = 0; i <= end; i++) {
      if (i < end && b[i] != delimiter) {
        continue;
      }
      if (column >= columns) {
        throw new BadRecord("expected " + columns + " columns, found more");
      }
      int feature = featureOf[column];
      if (feature >= 0 || column == labelColumn || column == weightColumn) {
        read(b, start, i, column, feature, row);
      }
      column++;
      start = i + 1;
    }
    if (column != columns) {
      throw new BadRecord("expected " + columns + " columns, found " + column);
    }
    if (!inOrder) {
      for (int j = 0; j < numFeatures; j++) {
        row.add(j, scratch[j]);
      }
    }
    return true;
  }

  /** Reads the cell [from, to) of {@code column} into the row. */
  private void read(byte[] b, int from, int to, int column, int feature, MutableRow row)
      throws BadRecord {
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
      if (Math.abs(value) > Numbers.MAX_MAGNITUDE) {
        throw Numbers.tooLarge(value, "column " + (column + 1) + ": value");
      }
      if (inOrder) {
        row.add(feature, value);
      } else {
        scratch[feature] = value;
      }
    }
  }
}
