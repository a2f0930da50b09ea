package dev.descent.engine;

import dev.descent.data.FrameColumns;
import dev.descent.data.FrameInput;
import dev.descent.data.InputSpec;
import dev.descent.data.InputSpec.Purpose;
import dev.descent.data.LabelDomain;
import dev.descent.data.TextInput;
import dev.descent.model.LinearModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Records to score with a model, from text files or from a DataFrame, each mapped lazily and in
 * input order.
 */
public abstract class ScoringInput {
  private final JavaSparkContext jsc;
  private final String source;

  private ScoringInput(JavaSparkContext jsc, String source) {
    this.jsc = jsc;
    this.source = source;
  }

  /** Text files (LIBSVM or CSV). */
  public static ScoringInput text(JavaSparkContext jsc, InputSpec spec) {
    return new ScoringInput(jsc, spec.path()) {
      @Override
      public <T> JavaRDD<T> map(TextInput.RowFunction<T> f, TextInput.SkipFunction<T> onSkip) {
        return TextInput.mapRows(jsc, spec, f, onSkip);
      }
    };
  }

  /**
   * A DataFrame whose features must have the model's dimension; prediction reads no label.
   *
   * @throws dev.descent.data.DataException if a column is missing or has the wrong type
   */
  public static ScoringInput frame(Dataset<Row> df, FrameColumns columns, String source,
      Purpose purpose, LinearModel model) {
    boolean labelled = purpose.labelsRequired();
    FrameInput.check(df.schema(), columns, source, labelled);
    String expected = purpose.dimension(model.numFeatures());
    Frames.dimension(df, columns, source, model.numFeatures(), expected);
    LabelDomain domain = model.loss().labelDomain();
    int classes = domain == LabelDomain.CLASSES ? model.numClasses() : 0;
    int features = model.numFeatures();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    return new ScoringInput(jsc, source) {
      @Override
      public <T> JavaRDD<T> map(TextInput.RowFunction<T> f, TextInput.SkipFunction<T> onSkip) {
        // Typed columns: a record that does not fit is an error (onBadRecord is for text).
        return FrameInput.mapRows(df, columns, source, labelled, domain, classes, features,
            expected, f);
      }

      @Override
      Dataset<Row> mapKeeping(List<String> keep, StructField[] computed,
          TextInput.RowFunction<Object[]> f) {
        JavaRDD<Row> rows = FrameInput.mapRowsKeeping(df, columns, keep, source, labelled,
            domain, classes, features, expected, f);
        List<StructField> fields = new ArrayList<>(List.of(FrameInput.fields(df.schema(), keep,
            "keepColumns", source)));
        fields.addAll(List.of(computed));
        return df.sparkSession().createDataFrame(rows, DataTypes.createStructType(fields));
      }
    };
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
  Dataset<Row> mapKeeping(List<String> keep, StructField[] computed,
      TextInput.RowFunction<Object[]> f) {
    throw new SettingException("keepColumns", "keepColumns needs a Spark data"
        + " source as input (format=parquet, ...): " + source + " is text");
  }

  /** The input as messages name it. */
  public String source() {
    return source;
  }

  public JavaSparkContext jsc() {
    return jsc;
  }
}
