package dev.descent.input;

import dev.descent.data.DataException;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineParser;
import dev.descent.data.SettingException;
import dev.descent.input.InputSpec.Purpose;
import dev.descent.model.LinearModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Records to score with a model, from text files or from a DataFrame, each mapped lazily and in
 * input order. When the model knows its features' names and the input has names too (a CSV
 * header, featureColumns, a vector column's ML attributes), features are found by name, in any
 * order; a feature the input lacks is an error, and columns the model does not use are left out
 * with a note. Without names, features are read by position and their count must fit.
 */
public abstract class ScoringInput {
  private final JavaSparkContext jsc;
  private final String source;
  private final List<String> notes;

  private ScoringInput(JavaSparkContext jsc, String source, List<String> notes) {
    this.jsc = jsc;
    this.source = source;
    this.notes = List.copyOf(notes);
  }

  /**
   * Text files (LIBSVM or CSV), CSV columns found by the model's feature names when the spec
   * names none and the files have a header. The column layout is checked now, on the driver.
   *
   * @throws dev.descent.data.DataException if no file matches or the columns do not fit
   */
  public static ScoringInput text(JavaSparkContext jsc, InputSpec spec, LinearModel model) {
    return text(jsc, spec.featureNames() == null && model.hasFeatureNames()
        ? spec.withFeatureNames(model.featureNames()) : spec);
  }

  /** Text files (LIBSVM or CSV), read as the spec says. */
  public static ScoringInput text(JavaSparkContext jsc, InputSpec spec) {
    LineParser parser = LineParsers.of(spec, jsc.hadoopConfiguration());
    List<String> notes = parser instanceof CsvParser csv && !csv.unusedColumns().isEmpty()
        ? List.of(unused(csv.unusedColumns(), "column")) : List.of();
    return new ScoringInput(jsc, spec.path(), notes) {
      @Override
      public <T> JavaRDD<T> map(TextInput.RowFunction<T> f, TextInput.SkipFunction<T> onSkip) {
        return TextInput.mapRows(jsc, spec, parser, f, onSkip);
      }
    };
  }

  /** The note about input columns that are not the model's features. */
  private static String unused(List<String> names, String what) {
    return (names.size() == 1 ? what + " " : what + "s ") + String.join(", ", names)
        + (names.size() == 1 ? " is" : " are") + " not among the model's features and"
        + (names.size() == 1 ? " is" : " are") + " not read";
  }

  /**
   * A DataFrame whose features must have the model's dimension; prediction reads no label.
   *
   * @throws dev.descent.data.DataException if a column is missing or has the wrong type
   */
  public static ScoringInput frame(Dataset<Row> input, FrameColumns given, String source,
      Purpose purpose, LinearModel model) {
    boolean labelled = purpose.labelsRequired();
    FrameInput.check(input.schema(), given, source, labelled);
    List<String> notes = new ArrayList<>();
    Dataset<Row> df = input;
    FrameColumns columns = given;
    if (model.hasFeatureNames()) {
      List<String> wanted = model.featureNames();
      if (!given.vector()) {
        ColumnMatch match = ColumnMatch.of(wanted, given.featureList());
        String problem = match.problem(wanted, given.featureList(), "featureColumns");
        if (problem != null) {
          throw DataException.of(source, problem);
        }
        if (!match.extra().isEmpty()) {
          notes.add(unused(match.extra(), "column"));
        }
        columns = new FrameColumns(given.label(), given.features(), wanted, given.weight());
      } else {
        df = byAttributes(input, given.features(), wanted, source, notes);
      }
    }
    String expected = purpose.dimension(model.numFeatures());
    Frames.dimension(df, columns, source, model.numFeatures(), expected);
    LabelDomain domain = model.loss().labelDomain();
    int classes = domain == LabelDomain.CLASSES ? model.numClasses() : 0;
    int features = model.numFeatures();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    FrameColumns read = columns;
    Dataset<Row> rows = df;
    return new ScoringInput(jsc, source, notes) {
      @Override
      public <T> JavaRDD<T> map(TextInput.RowFunction<T> f, TextInput.SkipFunction<T> onSkip) {
        // Typed columns: a record that does not fit is an error (onBadRecord is for text).
        return FrameInput.mapRows(rows, read, source, labelled, domain, classes, features,
            expected, f);
      }

      @Override
      public Dataset<Row> mapKeeping(List<String> keep, StructField[] computed,
          TextInput.RowFunction<Object[]> f) {
        JavaRDD<Row> mapped = FrameInput.mapRowsKeeping(rows, read, keep, source, labelled,
            domain, classes, features, expected, f);
        List<StructField> fields = new ArrayList<>(List.of(FrameRows.fields(rows.schema(), keep,
            "keepColumns", source)));
        fields.addAll(List.of(computed));
        return rows.sparkSession().createDataFrame(mapped, DataTypes.createStructType(fields));
      }
    };
  }

  /**
   * The DataFrame with its features vector reordered to the model's features when the vector's
   * ML attributes name its elements (as VectorAssembler writes them); unchanged when they are
   * already in the model's order or unnamed.
   *
   * @throws DataException if a feature of the model is not among the names
   */
  private static Dataset<Row> byAttributes(Dataset<Row> df, String column, List<String> wanted,
      String source, List<String> notes) {
    List<String> names = FrameInput.vectorNames(df.schema().apply(column));
    if (names == null) {
      return df;
    }
    ColumnMatch match = ColumnMatch.of(wanted, names);
    String problem = match.problem(wanted, names, "the attributes of column '" + column + "'");
    if (problem != null) {
      throw DataException.of(source, problem);
    }
    if (match.identity()) {
      return df;
    }
    if (!match.extra().isEmpty()) {
      notes.add(unused(match.extra(), "vector element"));
    }
    int[] positions = match.positions();
    UserDefinedFunction pick = functions.udf(
        (UDF1<Vector, Vector>) v -> FrameInput.select(v, positions), SQLDataTypes.VectorType());
    return df.withColumn(column, pick.apply(FrameInput.column(column)));
  }

  /**
   * {@code f} applied to every record, lazily, in input order; under onBadRecord=skip (text
   * input), a malformed record becomes {@code onSkip}'s element (null: none).
   */
  public abstract <T> JavaRDD<T> map(TextInput.RowFunction<T> f,
      TextInput.SkipFunction<T> onSkip);

  /** {@code f} applied to every record, lazily, in input order. */
  public <T> JavaRDD<T> map(TextInput.RowFunction<T> f) {
    return map(f, record -> null);
  }

  /**
   * The {@code keep} columns of each record followed by the {@code computed} columns that
   * {@code f} gives, lazily, in input order. Only a DataFrame has columns to keep.
   *
   * @throws SettingException for text input, which has no named columns
   */
  public Dataset<Row> mapKeeping(List<String> keep, StructField[] computed,
      TextInput.RowFunction<Object[]> f) {
    throw new SettingException("keepColumns", "keepColumns needs a Spark data"
        + " source as input (format=parquet, ...): " + source + " is text");
  }

  /** Notes for the user about how the input was read (columns left out). */
  public List<String> notes() {
    return notes;
  }

  /** The input as messages name it. */
  public String source() {
    return source;
  }

  public JavaSparkContext jsc() {
    return jsc;
  }
}
