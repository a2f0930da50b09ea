package dev.descent.input;

import dev.descent.data.BadRecord;
import dev.descent.data.DataException;
import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import dev.descent.data.PartitionPacker;
import dev.descent.io.HadoopFiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How the rows of a DataFrame's selected columns are read: the layout of the features, checked
 * against the schema on the driver, and each row's values read into a {@link MutableRow}, with
 * where the row comes from for errors. Used by {@link FrameInput}.
 */
final class FrameRows {
  private FrameRows() {}

  /** How the features are stored. */
  enum Layout {
    VECTOR, ARRAY, COLUMNS
  }

  static RowReader reader(StructType schema, FrameColumns columns, String source,
      boolean labelled, LabelDomain domain, int numClasses, int numFeatures, String expected) {
    Layout layout = layout(schema, columns, source, labelled);
    return new RowReader(source, columns.selected(labelled).toArray(new String[0]), 0, labelled,
        columns.weight() != null, layout, domain, numClasses, numFeatures, expected);
  }
  static Layout layout(StructType schema, FrameColumns columns, String source,
      boolean labelled) {
    if (labelled) {
      numeric(schema, columns.label(), "labelColumn", source);
    }
    if (columns.weight() != null) {
      numeric(schema, columns.weight(), "weightColumn", source);
    }
    if (!columns.vector()) {
      for (String c : columns.featureList()) {
        numeric(schema, c, "featureColumns", source);
      }
      return Layout.COLUMNS;
    }
    StructField f = field(schema, columns.features(), "featuresColumn", source);
    DataType t = f.dataType();
    if (t.equals(SQLDataTypes.VectorType())) {
      return Layout.VECTOR;
    }
    if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
      return Layout.ARRAY;
    }
    String hint = t.getClass().getName().startsWith("org.apache.spark.mllib.")
        ? " (this is an old MLlib vector: convert it with MLUtils.convertVectorColumnsToML)"
        : t instanceof NumericType ? " (for features in separate numeric columns, list them in"
            + " featureColumns, or assemble them with VectorAssembler)" : "";
    throw DataException.of(source, "column '" + f.name() + "' (featuresColumn) is "
        + t.simpleString() + "; features must be a Spark ML vector or an array of numbers"
        + hint);
  }

  static void numeric(StructType schema, String name, String role, String source) {
    StructField f = field(schema, name, role, source);
    if (!(f.dataType() instanceof NumericType)) {
      throw DataException.of(source, "column '" + name + "' (" + role + ") is "
          + f.dataType().simpleString() + "; it must be numeric");
    }
  }

  static StructField field(StructType schema, String name, String role, String source) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    List<String> names = new ArrayList<>();
    String near = null;
    for (StructField f : schema.fields()) {
      names.add(f.name());
      if (f.name().equalsIgnoreCase(name)) {
        near = f.name();
      }
    }
    throw DataException.of(source, "no column '" + name + "' (" + role + ")"
        + (near != null ? "; did you mean '" + near + "'?" : "") + "; the columns are: "
        + String.join(", ", names));
  }

  /** The schema's fields named {@code names}, in that order. */
  public static StructField[] fields(StructType schema, List<String> names, String role,
      String source) {
    return names.stream().map(n -> field(schema, n, role, source)).toArray(StructField[]::new);
  }

  /**
   * Where a row comes from, for errors: its file when it was read from files (else the source's
   * name), and its partition and record number; records are counted per partition and file, so
   * for a file read whole by one partition (the usual case for files up to Spark's split size)
   * the record number is the row's position in the file.
   */
  static final class Position {
    private final String source;
    private final int partition;
    private String file = "";
    private long record;

    Position(String source, int partition) {
      this.source = source;
      this.partition = partition;
    }

    /** Moves to row {@code r}, whose last value is its file name. */
    void next(Row r) {
      String f = r.isNullAt(r.size() - 1) ? "" : r.getString(r.size() - 1);
      if (!f.equals(file)) {
        file = f;
        record = 0;
      }
      record++;
    }

    String source() {
      if (file.isEmpty()) {
        return source;
      }
      try {
        return HadoopFiles.display(new Path(java.net.URI.create(file)));
      } catch (IllegalArgumentException e) {
        return file;
      }
    }

    long record() {
      return record;
    }

    DataException error(String problem) {
      return DataException.of(source(), PartitionPacker.describe(partition, record) + ": "
          + problem);
    }
  }

  /** Fills a {@link MutableRow} from a row of the selected columns. */
  static final class RowReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String[] names;
    private final int first; // the row's index of names[0]
    private final boolean labelled;
    private final boolean weighted;
    private final Layout layout;
    private final LabelDomain domain;
    private final int numClasses;
    private final int numFeatures;
    private final String expected;

    RowReader(String source, String[] names, int first, boolean labelled, boolean weighted,
        Layout layout, LabelDomain domain, int numClasses, int numFeatures, String expected) {
      this.source = source;
      this.names = names;
      this.first = first;
      this.labelled = labelled;
      this.weighted = weighted;
      this.layout = layout;
      this.domain = domain;
      this.numClasses = numClasses;
      this.numFeatures = numFeatures;
      this.expected = expected;
    }

    /** This reader for rows whose first {@code n} values are other columns. */
    RowReader from(int n) {
      return new RowReader(source, names, n, labelled, weighted, layout, domain, numClasses,
          numFeatures, expected);
    }

    void read(Row r, MutableRow row, Position at) {
      String problem = problem(r, row);
      if (problem != null) {
        throw at.error(problem);
      }
    }

    /** Fills {@code row}, or says what is wrong with the record (then {@code row} is undefined). */
    String problem(Row r, MutableRow row) {
      row.clear();
      int i = 0;
      String column = null;
      try {
        if (labelled) {
          column = names[i];
          row.setLabel(number(r, first + i), domain, numClasses);
          i++;
        }
        if (weighted) {
          column = names[i];
          row.setWeight(number(r, first + i));
          i++;
        }
        column = layout == Layout.COLUMNS ? null : names[i];
        switch (layout) {
          case VECTOR -> vector(r, first + i, row);
          case ARRAY -> array(r, first + i, row);
          default -> columns(r, i, row);
        }
      } catch (BadRecord e) {
        return (column == null ? "" : "column '" + column + "': ") + e.getMessage();
      }
      return null;
    }

    private double number(Row r, int i) throws BadRecord {
      if (r.isNullAt(i)) {
        throw new BadRecord("null value");
      }
      return ((Number) r.get(i)).doubleValue();
    }

    private void vector(Row r, int i, MutableRow row) throws BadRecord {
      if (r.isNullAt(i)) {
        throw new BadRecord("null value");
      }
      Vector v = (Vector) r.get(i);
      checkSize(v.size());
      if (v instanceof SparseVector sv) {
        row.addFeatures(sv.indices(), sv.values(), numFeatures);
      } else {
        row.addFeatures(null, v.toArray(), numFeatures);
      }
    }

    private void array(Row r, int i, MutableRow row) throws BadRecord {
      if (r.isNullAt(i)) {
        throw new BadRecord("null value");
      }
      List<Object> list = r.getList(i);
      checkSize(list.size());
      double[] values = new double[list.size()];
      for (int j = 0; j < values.length; j++) {
        Object x = list.get(j);
        if (x == null) {
          throw new BadRecord("element " + j + " is null");
        }
        values[j] = ((Number) x).doubleValue();
      }
      row.addFeatures(null, values, numFeatures);
    }

    /** Features from the columns names[at..]. */
    private void columns(Row r, int at, MutableRow row) throws BadRecord {
      double[] values = new double[names.length - at];
      for (int j = 0; j < values.length; j++) {
        String column = "column '" + names[at + j] + "': ";
        int index = first + at + j;
        if (r.isNullAt(index)) {
          throw new BadRecord(column + "null value");
        }
        values[j] = ((Number) r.get(index)).doubleValue();
        if (!Double.isFinite(values[j])) {
          throw new BadRecord(column + "non-finite value " + values[j]);
        }
      }
      row.addFeatures(null, values, numFeatures);
    }

    private void checkSize(int size) throws BadRecord {
      if (numFeatures > 0 && size != numFeatures) {
        throw new BadRecord("has " + size + " features; expected " + expected);
      }
    }
  }
}
