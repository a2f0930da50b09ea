package dev.descent.ml;

import dev.descent.config.Config;
import dev.descent.config.Setting;
import dev.descent.config.Settings;
import dev.descent.input.FrameInput;
import dev.descent.loss.Loss;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark ML params of {@link DescentEstimator} and {@link DescentModel}: one per Descent
 * setting, generated from {@link Settings} (same name, doc, default and validation, so new
 * settings appear by themselves), plus Spark ML's usual column params.
 *
 * <p>A setting whose default is a number or boolean becomes a typed param (DoubleParam, IntParam,
 * LongParam, BooleanParam), so that ParamGridBuilder and CrossValidator can vary it; the others
 * ("auto"/"none" defaults, learningRate, batchSize, names) are string params holding the text the
 * command line takes.
 */
final class DescentParams implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Settings about files and their columns, or the command line's outputs (their scope
   * {@link Setting.Scope#namesFiles}): a pipeline stage gets its rows from the DataFrame and its
   * columns from the Spark ML column params instead.
   */
  static final Set<String> FILE_SETTINGS = Settings.inScope(Setting.Scope::namesFiles).stream()
      .map(Setting::key).collect(Collectors.toUnmodifiableSet());

  final Param<String> labelCol;
  final Param<String> featuresCol;
  final Param<String> weightCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;
  private final Map<String, Param<?>> settings = new LinkedHashMap<>();
  private final Param<?>[] all;

  /** Creates the params of {@code owner} and sets their defaults. */
  DescentParams(Params owner) {
    labelCol = new Param<>(owner, "labelCol", "label column name");
    featuresCol = new Param<>(owner, "featuresCol", "features column name (a Spark ML vector)");
    weightCol = new Param<>(owner, "weightCol",
        "instance-weight column name (weights >= 0); unset or empty: all rows weigh 1");
    predictionCol = new Param<>(owner, "predictionCol", "prediction column name");
    probabilityCol = new Param<>(owner, "probabilityCol", "column name for predicted class"
        + " probabilities (logistic and softmax); empty: none");
    rawPredictionCol = new Param<>(owner, "rawPredictionCol", "raw prediction (margins)"
        + " column name, for classifiers; empty: none");
    List<Param<?>> list = new ArrayList<>(List.of(labelCol, featuresCol, weightCol,
        predictionCol, probabilityCol, rawPredictionCol));
    for (Setting<?> s : Settings.all()) {
      if (!FILE_SETTINGS.contains(s.key())) {
        Param<?> p = param(owner, s);
        settings.put(s.key(), p);
        list.add(p);
      }
    }
    all = list.toArray(new Param<?>[0]);
    // Defaults last: Spark checks that a param belongs to its owner, through params().
    owner.setDefault(labelCol, "label");
    owner.setDefault(featuresCol, "features");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(rawPredictionCol, "rawPrediction");
    for (Setting<?> s : Settings.all()) {
      Param<?> p = settings.get(s.key());
      if (p != null) {
        setDefault(owner, p, s);
      }
    }
  }

  /** Every param, column params first, then the settings in declaration order. */
  Param<?>[] all() {
    return all.clone();
  }

  /** The settings' params by key. */
  Map<String, Param<?>> settings() {
    return Collections.unmodifiableMap(settings);
  }

  /** Sets a setting's param from text, parsed and validated as on the command line. */
  void set(Params owner, String key, String text) {
    Param<?> p = settings.get(key);
    if (p == null) {
      Setting<?> s = Settings.byKey(key);
      throw new IllegalArgumentException(s == null
          ? "no setting or param '" + key + "'" + (owner.hasParam(key) ? " (use its setter)" : "")
          : key + " names a file or a file's column; in a pipeline use labelCol, featuresCol"
              + " and weightCol, and the DataFrame itself");
    }
    Object parsed = Settings.byKey(key).parse(text);
    setValue(owner, p, typed(p) ? parsed : text.trim());
  }

  /** A setting's value as text: as set, or its default. */
  String text(Params owner, String key) {
    Param<?> p = settings.get(key);
    if (p == null) {
      throw new IllegalArgumentException("no setting param '" + key + "'");
    }
    return SettingValidator.text(owner.getOrDefault(p));
  }

  /**
   * The Descent settings these params stand for: the settings set explicitly, and the column
   * params as labelColumn, featuresColumn and weightColumn.
   */
  Config config(Params owner) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, Param<?>> e : settings.entrySet()) {
      if (owner.isSet(e.getValue())) {
        m.put(e.getKey(), SettingValidator.text(owner.getOrDefault(e.getValue())));
      }
    }
    m.put(Settings.LABEL_COLUMN.key(), owner.getOrDefault(labelCol));
    m.put(Settings.FEATURES_COLUMN.key(), owner.getOrDefault(featuresCol));
    String weight = weight(owner);
    if (weight != null) {
      m.put(Settings.WEIGHT_COLUMN.key(), weight);
    }
    return Config.of(m);
  }

  /** The weight column, or null when rows are unweighted. */
  String weight(Params owner) {
    if (!owner.isDefined(weightCol)) {
      return null;
    }
    String w = owner.getOrDefault(weightCol);
    return w.isEmpty() ? null : w;
  }

  /**
   * Checks the input columns and adds the output columns, as Spark ML's predictors do.
   *
   * @param loss the model's loss, which decides which output columns there are
   * @param fitting whether the label (and weight) columns are needed too
   */
  StructType transformSchema(Params owner, StructType schema, Loss loss, boolean fitting) {
    String features = owner.getOrDefault(featuresCol);
    DataType type = find(schema, features, "featuresCol").dataType();
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("column '" + features + "' (featuresCol) is "
          + type.simpleString() + "; it must be a Spark ML vector (use VectorAssembler)");
    }
    if (fitting) {
      numeric(schema, owner.getOrDefault(labelCol), "labelCol");
      String weight = weight(owner);
      if (weight != null) {
        numeric(schema, weight, "weightCol");
      }
    }
    StructType out = schema;
    if (loss.isClassifier()) {
      out = add(out, owner.getOrDefault(rawPredictionCol), SQLDataTypes.VectorType());
    }
    if (loss.hasProbabilities()) {
      out = add(out, owner.getOrDefault(probabilityCol), SQLDataTypes.VectorType());
    }
    return add(out, owner.getOrDefault(predictionCol), DataTypes.DoubleType);
  }

  private static StructType add(StructType schema, String column, DataType type) {
    if (column.isEmpty()) {
      return schema;
    }
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        throw new IllegalArgumentException("output column '" + column + "' already exists");
      }
    }
    return schema.add(column, type, false);
  }

  private static void numeric(StructType schema, String column, String param) {
    DataType type = find(schema, column, param).dataType();
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException("column '" + column + "' (" + param + ") is "
          + type.simpleString() + "; it must be numeric");
    }
  }

  private static StructField find(StructType schema, String column, String param) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no column '" + column + "' (" + param + "); the columns"
        + " are: " + String.join(", ", schema.fieldNames()));
  }

  /** The features column, quoted for select. */
  org.apache.spark.sql.Column featuresColumn(Params owner) {
    return FrameInput.column(owner.getOrDefault(featuresCol));
  }

  private static Param<?> param(Params owner, Setting<?> s) {
    SettingValidator<Object> valid = new SettingValidator<>(s.key());
    Object d = s.defaultValue();
    if (d instanceof Double) {
      return new DoubleParam(owner, s.key(), s.description(), valid);
    }
    if (d instanceof Integer) {
      return new IntParam(owner, s.key(), s.description(), valid);
    }
    if (d instanceof Long) {
      return new LongParam(owner, s.key(), s.description(), valid);
    }
    if (d instanceof Boolean) {
      return new BooleanParam(owner, s.key(), s.description()); // every boolean is valid
    }
    return new Param<String>(owner, s.key(), s.description(), new SettingValidator<>(s.key()));
  }

  private static void setDefault(Params owner, Param<?> p, Setting<?> s) {
    if (typed(p)) {
      setDefaultTyped(owner, p, s.defaultValue());
    } else {
      setDefaultTyped(owner, p, s.defaultText());
    }
  }

  @SuppressWarnings("unchecked")
  private static void setDefaultTyped(Params owner, Param<?> p, Object value) {
    owner.setDefault((Param<Object>) p, value);
  }

  private static boolean typed(Param<?> p) {
    return p instanceof DoubleParam || p instanceof IntParam || p instanceof LongParam
        || p instanceof BooleanParam;
  }

  @SuppressWarnings("unchecked")
  private static void setValue(Params owner, Param<?> p, Object value) {
    owner.set((Param<Object>) p, value);
  }
}
