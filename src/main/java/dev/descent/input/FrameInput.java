package dev.descent.input;

import dev.descent.data.BadRecord;
import dev.descent.data.DataException;
import dev.descent.data.LabelDomain;
import dev.descent.data.Location;
import dev.descent.data.MutableRow;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionPacker;
import dev.descent.data.Precision;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads rows from a DataFrame: a numeric label column, an optional numeric weight column, and the
 * features as one Spark ML vector column, one array-of-numbers column, or a list of numeric
 * columns. The schema is checked on the driver before any row is read, so a missing column or a
 * wrong type is reported by name; rows are validated like file lines, and errors name the column,
 * partition and record.
 */
public final class FrameInput {
  private FrameInput() {}

  /**
   * Checks that the columns exist and have usable types.
   *
   * @param labelled whether the label column is read (not for prediction)
   * @throws DataException naming the column and what was expected
   */
  public static void check(StructType schema, FrameColumns columns, String source,
      boolean labelled) {
    FrameRows.layout(schema, columns, source, labelled);
  }

  /**
   * The features' names: the featureColumns, or the names in a vector column's ML attributes
   * (as VectorAssembler writes them) when every element has one and they are distinct; else
   * null (an array column, or a vector without such metadata).
   */
  public static List<String> featureNames(StructType schema, FrameColumns columns) {
    if (!columns.vector()) {
      return ColumnMatch.recordable(columns.featureList());
    }
    for (StructField f : schema.fields()) {
      if (f.name().equals(columns.features())) {
        return vectorNames(f);
      }
    }
    return null;
  }

  /**
   * The element names in a vector column's ML attribute metadata, when every element has a
   * distinct one; else null.
   */
  public static List<String> vectorNames(StructField field) {
    if (!field.dataType().equals(SQLDataTypes.VectorType())) {
      return null;
    }
    scala.Option<Attribute[]> attributes = AttributeGroup.fromStructField(field).attributes();
    if (attributes.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Attribute a : attributes.get()) {
      if (a == null || a.name().isEmpty()) {
        return null;
      }
      names.add(a.name().get());
    }
    return ColumnMatch.recordable(names);
  }

  /**
   * The elements {@code positions[0], positions[1], ...} of a vector, as a dense vector (a
   * model's features, picked by name from a wider or reordered vector); null for null.
   *
   * @throws IllegalArgumentException if the vector is too short for a position
   */
  public static Vector select(Vector v, int[] positions) {
    if (v == null) {
      return null;
    }
    double[] x = new double[positions.length];
    for (int j = 0; j < x.length; j++) {
      if (positions[j] >= v.size()) {
        throw new IllegalArgumentException("a vector of size " + v.size() + " has no element "
            + positions[j] + " (its column's attributes name more)");
      }
      x[j] = v.apply(positions[j]);
    }
    return org.apache.spark.ml.linalg.Vectors.dense(x);
  }

  /** The size of one row's features: a vector's size or an array's length; -1 for null. */
  public static int size(Object features) {
    if (features instanceof Vector v) {
      return v.size();
    }
    if (features instanceof scala.collection.Seq<?> seq) {
      return seq.size();
    }
    if (features instanceof List<?> list) {
      return list.size();
    }
    return -1;
  }

  /** The column, quoted so that names with dots or spaces are taken literally. */
  public static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  /**
   * The packed, not yet persisted, training rows: one {@link PackedPartition} per partition.
   *
   * @param numFeatures the size every row's features must have (> 0), or 0 for no check
   * @param expected how errors describe that size, e.g. "numFeatures=4"
   * @param skipBadRecords onBadRecord=skip: a row that does not fit is counted and left out
   * @param precision how feature values are stored
   */
  public static JavaRDD<PackedPartition> pack(Dataset<Row> df, FrameColumns columns,
      String source, LabelDomain domain, int numClasses, int numFeatures, String expected,
      boolean skipBadRecords, Precision precision) {
    FrameRows.RowReader reader = FrameRows.reader(df.schema(), columns, source, true, domain, numClasses,
        numFeatures, expected);
    return select(df, List.of(), columns, true).javaRDD()
        .mapPartitionsWithIndex((partition, it) -> {
          PartitionPacker packer = new PartitionPacker(partition, domain, precision);
          MutableRow row = packer.row();
          FrameRows.Position at = new FrameRows.Position(source, partition);
          while (it.hasNext()) {
            Row r = it.next();
            at.next(r);
            String problem = reader.problem(r, row);
            if (problem == null) {
              packer.acceptRow(at.source(), at.record());
            } else if (skipBadRecords) {
              packer.skip(Location.inRecords(at.source(),
                  PartitionPacker.describe(partition, at.record())), at.record(), problem);
            } else {
              throw at.error(problem);
            }
          }
          return Collections.singletonList(packer.finish()).iterator();
        }, true);
  }

  /**
   * Applies {@code f} to every row, lazily and in the DataFrame's order.
   *
   * @param labelled whether to read (and validate) the label; prediction does not
   */
  public static <T> JavaRDD<T> mapRows(Dataset<Row> df, FrameColumns columns, String source,
      boolean labelled, LabelDomain domain, int numClasses, int numFeatures, String expected,
      TextInput.RowFunction<T> f) {
    FrameRows.RowReader reader = FrameRows.reader(df.schema(), columns, source, labelled, domain, numClasses,
        numFeatures, expected);
    return map(select(df, List.of(), columns, labelled), reader, source,
        (r, row) -> f.apply(row));
  }

  /**
   * Like {@link #mapRows}, but each output row is the {@code keep} columns' values followed by
   * the values {@code f} computes, as a Spark row.
   *
   * @throws DataException if a column to keep is missing
   */
  public static JavaRDD<Row> mapRowsKeeping(Dataset<Row> df, FrameColumns columns,
      List<String> keep, String source, boolean labelled, LabelDomain domain, int numClasses,
      int numFeatures, String expected, TextInput.RowFunction<Object[]> f) {
    for (String k : keep) {
      FrameRows.field(df.schema(), k, "keepColumns", source);
    }
    int kept = keep.size();
    FrameRows.RowReader reader = FrameRows.reader(df.schema(), columns, source, labelled, domain, numClasses,
        numFeatures, expected).from(kept);
    return map(select(df, keep, columns, labelled), reader, source, (r, row) -> {
      Object[] computed = f.apply(row);
      Object[] values = new Object[kept + computed.length];
      for (int i = 0; i < kept; i++) {
        values[i] = r.get(i);
      }
      System.arraycopy(computed, 0, values, kept, computed.length);
      return RowFactory.create(values);
    });
  }

  /** What {@link #map} makes of a selected row, once its values are read into {@code row}. */
  private interface RowOutput<T> extends Serializable {
    T apply(Row selected, MutableRow row) throws BadRecord;
  }

  /**
   * Reads every selected row with {@code reader}, lazily and in order, and maps it with
   * {@code out}; a bad record becomes a {@link DataException} naming its file and record.
   */
  private static <T> JavaRDD<T> map(Dataset<Row> selected, FrameRows.RowReader reader, String source,
      RowOutput<T> out) {
    return selected.javaRDD().mapPartitionsWithIndex((partition, it) -> new Iterator<T>() {
      private final MutableRow row = new MutableRow();
      private final FrameRows.Position at = new FrameRows.Position(source, partition);

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        Row r = it.next();
        at.next(r);
        reader.read(r, row, at);
        try {
          return out.apply(r, row);
        } catch (BadRecord e) {
          throw at.error(e.getMessage());
        }
      }
    }, true);
  }

  /**
   * The columns to keep, then those read, then the name of the file each row comes from (empty
   * for rows that do not come from files), which errors name.
   */
  private static Dataset<Row> select(Dataset<Row> df, List<String> keep, FrameColumns columns,
      boolean labelled) {
    List<Column> selected = new ArrayList<>();
    keep.forEach(k -> selected.add(column(k)));
    columns.selected(labelled).forEach(c -> selected.add(column(c)));
    selected.add(functions.input_file_name());
    return df.select(selected.toArray(new Column[0]));
  }


}
