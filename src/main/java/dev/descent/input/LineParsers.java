package dev.descent.input;

import dev.descent.data.DataException;
import dev.descent.data.LineParser;
import dev.descent.io.HadoopFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The line parser for a text input: LIBSVM, or CSV with its column layout settled on the driver
 * from the settings and the first file's first line (by the header's names, or by position).
 */
public final class LineParsers {
  private LineParsers() {}

  /**
   * The line parser for {@code spec}, reading the first CSV line to learn the column layout: by
   * the header's names when the spec names the features (a model's) and the file has a header,
   * else by position. Errors name the first file and line.
   *
   * @throws DataException if no file matches, or the CSV layout does not fit the settings
   */
  public static LineParser of(InputSpec spec, Configuration conf) {
    List<Path> subdirectories = new java.util.ArrayList<>();
    List<FileStatus> files = HadoopFiles.listInputFiles(spec.path(), conf, subdirectories);
    if (!subdirectories.isEmpty()) {
      Path sub = subdirectories.get(0);
      String dir = HadoopFiles.display(sub.getParent());
      throw DataException.of(dir, "holds a subdirectory, " + sub.getName() + "; text input"
          + " reads the files directly in a directory, not those in its subdirectories: name"
          + " what to read with a glob (" + dir + "/* also reads the files one level down) or"
          + " a comma-separated list, or move the subdirectory out");
    }
    if (files.isEmpty()) {
      throw DataException.of(spec.path(), "no input file found (checked: file, directory, glob)");
    }
    if (spec.format() == InputFormat.LIBSVM) {
      return new LibSvmParser(spec.numFeatures(), spec.domain(), spec.numClasses(),
          spec.purpose().dimension(spec.numFeatures()));
    }
    Path first = files.get(0).getPath();
    FirstText firstLine = firstNonBlankLine(first, conf);
    if (firstLine == null) {
      throw DataException.of(HadoopFiles.display(first), "the file is empty");
    }
    List<String> cells = CsvParser.names(firstLine.text(), spec.delimiter());
    List<String> names = spec.header() ? cells : null;
    String where = HadoopFiles.display(first) + ":" + firstLine.number();
    // Prediction uses no weights: a weight column named but absent is no error there.
    boolean noWeight = spec.weightColumn() == null || (!spec.purpose().labelsRequired()
        && names != null && !isIndex(spec.weightColumn())
        && findName(spec.weightColumn(), names) < 0);
    int weightColumn = noWeight ? -1
        : column(spec.weightColumn(), names, cells.size(), "weightColumn", where);
    CsvParser csv = names != null && spec.featureNames() != null
        ? byName(spec, names, weightColumn, where)
        : byPosition(spec, cells.size(), names, weightColumn, where);
    return names == null ? csv : csv.withHeader(names, where);
  }

  /** The layout by position: every column but the label and weight is a feature, in order. */
  private static CsvParser byPosition(InputSpec spec, int columns, List<String> names,
      int weightColumn, String where) {
    // Prediction reads a file of exactly the model's features without a label (and without
    // a weight), or of the features and the weight column where the training layout had it,
    // unless the header names the label column (then a column is missing: an error below).
    boolean featuresOnly = columns == spec.numFeatures();
    boolean unlabelled = !spec.purpose().labelsRequired() && spec.numFeatures() > 0
        && (featuresOnly || weightColumn >= 0 && columns - 1 == spec.numFeatures()
            && weightStaysWithoutLabel(spec))
        && !(names != null && findName(spec.labelColumn(), names) >= 0);
    if (unlabelled && featuresOnly) {
      weightColumn = -1;
    }
    int labelColumn = unlabelled ? -1
        : column(spec.labelColumn(), names, columns, "labelColumn", where);
    if (weightColumn >= 0 && weightColumn == labelColumn) {
      throw DataException.of(where, "labelColumn and weightColumn name the same column");
    }
    CsvParser csv = CsvParser.inColumnOrder(columns, labelColumn, weightColumn, spec.delimiter(),
        spec.domain(), spec.numClasses(), names);
    if (spec.numFeatures() > 0 && csv.numFeatures() != spec.numFeatures()) {
      throw DataException.of(where, "has " + csv.numFeatures() + " feature columns; expected "
          + spec.purpose().dimension(spec.numFeatures()));
    }
    return csv;
  }

  /**
   * The layout by name: each of the spec's features from the header column of that name, in
   * any order; the label (when labels are read) and weight columns as the settings say; other
   * columns are not read.
   */
  private static CsvParser byName(InputSpec spec, List<String> names, int weightColumn,
      String where) {
    List<String> wanted = spec.featureNames();
    int labelColumn = -1;
    if (spec.purpose().labelsRequired()) {
      labelColumn = column(spec.labelColumn(), names, names.size(), "labelColumn", where);
      if (wanted.contains(names.get(labelColumn))) {
        throw DataException.of(where, "labelColumn=" + spec.labelColumn() + " is column '"
            + names.get(labelColumn) + "', one of the model's features; name the label column");
      }
      if (labelColumn == weightColumn) {
        throw DataException.of(where, "labelColumn and weightColumn name the same column");
      }
    }
    int predictLabel = labelColumn >= 0 ? labelColumn : findName(spec.labelColumn(), names);
    List<String> available = new ArrayList<>();
    List<Integer> columnOf = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      if (c != labelColumn && c != weightColumn && (c != predictLabel
          || wanted.contains(names.get(c)))) {
        available.add(names.get(c));
        columnOf.add(c);
      }
    }
    ColumnMatch match = ColumnMatch.of(wanted, available);
    String problem = match.problem(wanted, names, "the header");
    if (problem != null) {
      boolean none = match.missing().size() == wanted.size();
      throw DataException.of(where, problem + (none ? "; if the file has no header line, set"
          + " header=false" : ""));
    }
    int[] positions = new int[wanted.size()];
    for (int j = 0; j < positions.length; j++) {
      positions[j] = columnOf.get(match.positions()[j]);
    }
    return CsvParser.byName(names, labelColumn, weightColumn, positions, wanted, match.extra(),
        spec.delimiter(), spec.domain(), spec.numClasses());
  }

  /**
   * Whether the weight column is where the training layout had it once the label column is left
   * out: found by name, or by an index below the label's (a weight column after the label moves
   * one to the left, and the column at its index would be a feature: a file of a label and the
   * features is then read with its label, not its first feature as a weight).
   */
  private static boolean weightStaysWithoutLabel(InputSpec spec) {
    String weight = spec.weightColumn();
    String label = spec.labelColumn();
    return !isIndex(weight) || isIndex(label)
        && Integer.parseInt(label.trim()) > Integer.parseInt(weight.trim());
  }

  private static boolean isIndex(String setting) {
    String s = setting.trim();
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  /** The index of the column a setting names by name (not by index), or -1. */
  private static int findName(String setting, List<String> names) {
    String s = setting == null ? "" : setting.trim();
    if (s.isEmpty() || isIndex(s)) {
      return -1;
    }
    int exact = names.indexOf(s);
    if (exact >= 0) {
      return exact;
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(s)) {
        return i;
      }
    }
    return -1;
  }

  private static int column(String spec, List<String> names, int columns, String key,
      String where) {
    String s = spec.trim();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      int c = Integer.parseInt(s);
      if (c >= columns) {
        throw DataException.of(where, key + "=" + s + " but the file has only " + columns
            + " columns (indices start at 0)");
      }
      return c;
    }
    if (names == null) {
      throw DataException.of(where, key + "=" + s
          + " is a column name, but header=false; give a 0-based index or set header=true");
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < names.size(); i++) {
        String n = names.get(i);
        if (pass == 0 ? n.equals(s) : n.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
          return i;
        }
      }
    }
    throw DataException.of(where, "no column named '" + s + "' for " + key + " (header has: "
        + String.join(", ", names) + ")");
  }

  /** A file's first non-blank line (without a UTF-8 byte order mark) and its 1-based number. */
  private record FirstText(String text, int number) {}

  /** The first line that is not blank by the CSV parser's rule, or null if there is none. */
  private static FirstText firstNonBlankLine(Path file, Configuration conf) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(HadoopFiles.open(file, conf), StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (number++ == 0 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // Hadoop's line reader drops it too
        }
        if (!line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r')) {
          return new FirstText(line.strip(), number);
        }
      }
      return null;
    } catch (IOException e) {
      DataException bad = InputErrors.of(e, file, conf);
      throw bad != null ? bad
          : new UncheckedIOException("cannot read " + HadoopFiles.display(file), e);
    }
  }
}
