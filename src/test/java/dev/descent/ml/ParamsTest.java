package dev.descent.ml;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.ConfigException;
import dev.descent.config.Setting;
import dev.descent.config.Settings;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The estimator's params are the settings: same names, docs, defaults and validation. */
class ParamsTest {
  private static final List<String> COLUMN_PARAMS = List.of("labelCol", "featuresCol",
      "weightCol", "predictionCol", "probabilityCol", "rawPredictionCol");

  @Test
  void everySettingButTheFileOnesIsAParamWithItsDocAndDefault() {
    DescentEstimator e = new DescentEstimator();
    List<String> expected = new ArrayList<>(COLUMN_PARAMS);
    for (Setting<?> s : Settings.all()) {
      if (DescentParams.FILE_SETTINGS.contains(s.key())) {
        assertFalse(e.hasParam(s.key()), s.key());
        continue;
      }
      expected.add(s.key());
      Param<Object> p = e.getParam(s.key());
      assertEquals(s.description(), p.doc());
      assertEquals(s.defaultValue(), s.parse(e.getSetting(s.key())), s.key());
      assertFalse(e.isSet(p), s.key());
    }
    List<String> names = new ArrayList<>();
    for (Param<?> p : e.params()) {
      names.add(p.name());
    }
    assertEquals(expected, names);
    // Each file setting is a real setting, so the list cannot hide a typo.
    DescentParams.FILE_SETTINGS.forEach(k -> assertTrue(Settings.byKey(k) != null, k));
  }

  @Test
  void numericAndBooleanSettingsAreTypedParams() {
    DescentEstimator e = new DescentEstimator();
    assertInstanceOf(DoubleParam.class, e.getParam("regParam"));
    assertInstanceOf(IntParam.class, e.getParam("epochs"));
    assertInstanceOf(LongParam.class, e.getParam("seed"));
    assertInstanceOf(BooleanParam.class, e.getParam("standardize"));
    assertEquals(0.9, e.getOrDefault(e.getParam("momentum")));
    // "auto"/"none" defaults and structured values stay text, as on the command line.
    assertEquals("auto", e.getOrDefault(e.getParam("learningRate")));
    assertEquals("all", e.getOrDefault(e.getParam("batchSize")));
    assertEquals("auto", e.getOrDefault(e.getParam("numClasses")));

    e.set("epochs", "20").set("learningRate", "0.05").set("standardize", "false");
    assertEquals(20, e.getOrDefault(e.getParam("epochs")));
    assertEquals("0.05", e.getOrDefault(e.getParam("learningRate")));
    assertEquals(false, e.getOrDefault(e.getParam("standardize")));
  }

  @Test
  void badValuesFailWithTheSettingsOwnMessage() {
    DescentEstimator e = new DescentEstimator();
    ConfigException text = assertThrows(ConfigException.class, () -> e.set("optimizer", "newton"));
    assertEquals("optimizer", text.key());
    assertTrue(text.getMessage().contains("allowed: sgd, momentum"), text.getMessage());

    // Through Spark's own API too: typed values are checked by the setting's parser.
    DoubleParam regParam = (DoubleParam) e.getParam("regParam");
    ConfigException typed = assertThrows(ConfigException.class,
        () -> e.set(regParam, -1.0));
    assertTrue(typed.getMessage().contains("bad value for regParam: '-1.0'"),
        typed.getMessage());
    assertThrows(ConfigException.class, () -> ParamMap.empty().put(e.getParam("epochs"), 0));
    assertThrows(ConfigException.class, () -> e.set(e.getParam("batchSize"), "150%"));
    assertFalse(e.isSet(regParam));
  }

  @Test
  void fileSettingsPointToTheColumnParams() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new DescentEstimator().set("labelColumn", "y"));
    assertTrue(ex.getMessage().contains("labelCol"), ex.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new DescentEstimator().set("nonsense", "1"));
  }

  @Test
  void theConfigHoldsWhatWasSetAndTheColumns() {
    DescentEstimator e = new DescentEstimator().set("loss", "logistic").set("regParam", "0.25")
        .setLabelCol("y").setWeightCol("w");
    assertEquals("{labelColumn=y, weightColumn=w, featuresColumn=features, loss=logistic,"
        + " regParam=0.25}", e.config().toString());
    assertTrue(e.setWeightCol("").isDefined(e.getParam("weightCol")));
    assertFalse(e.config().explicit().containsKey("weightColumn"));
  }

  @Test
  void schemasAreCheckedAndGainTheOutputColumns() {
    StructType in = new StructType().add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    StructType out = new DescentEstimator().set("loss", "softmax").transformSchema(in);
    assertEquals(List.of("label", "features", "rawPrediction", "probability", "prediction"),
        List.of(out.fieldNames()));
    assertEquals(List.of("label", "features", "prediction"), List.of(
        new DescentEstimator().transformSchema(in).fieldNames()));
    IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
        () -> new DescentEstimator().transformSchema(new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType))));
    assertTrue(array.getMessage().contains("must be a Spark ML vector"), array.getMessage());
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> new DescentEstimator().setLabelCol("y").transformSchema(in));
    assertTrue(label.getMessage().contains("no column 'y' (labelCol)"), label.getMessage());
    IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
        () -> new DescentEstimator().setPredictionCol("label").transformSchema(in));
    assertTrue(taken.getMessage().contains("'label' already exists"), taken.getMessage());
  }

  @Test
  void copiesCarryTheSettings() {
    DescentEstimator e = new DescentEstimator().set("loss", "softmax").set("epochs", "7");
    DescentEstimator copy = e.copy(new ParamMap().put(e.getParam("regParam"), 0.5));
    assertEquals(e.uid(), copy.uid());
    assertEquals("softmax", copy.getSetting("loss"));
    assertEquals("7", copy.getSetting("epochs"));
    assertEquals("0.5", copy.getSetting("regParam"));
    assertEquals("0.0", e.getSetting("regParam"));
  }

  @Test
  void everySettingParamHasATypedSetterAndGetter() throws ReflectiveOperationException {
    for (String key : new DescentParams(new DescentEstimator()).settings().keySet()) {
      DescentEstimator e = new DescentEstimator();
      Param<Object> p = e.getParam(key);
      Class<?> type = p instanceof DoubleParam ? double.class : p instanceof IntParam ? int.class
          : p instanceof LongParam ? long.class : p instanceof BooleanParam ? boolean.class
          : String.class;
      String name = Character.toUpperCase(key.charAt(0)) + key.substring(1);
      String hint = "DescentEstimator needs set" + name + "(" + type.getSimpleName() + ") and get"
          + name + "() for the setting " + key;
      Method setter = assertDoesNotThrow(() -> DescentEstimator.class.getMethod("set" + name,
          type), hint);
      Method getter = assertDoesNotThrow(() -> DescentEstimator.class.getMethod("get" + name),
          hint);
      assertEquals(DescentEstimator.class, setter.getReturnType(), hint);
      assertEquals(type, getter.getReturnType(), hint);
      // The default, set through the typed setter, is set on this very param.
      Object value = type == String.class ? e.getSetting(key) : e.getOrDefault(p);
      assertEquals(e, setter.invoke(e, value));
      assertTrue(e.isSet(p), key);
      assertEquals(value, getter.invoke(e), key);
    }
  }

  @Test
  void typedSettersValidateLikeTheCommandLine() {
    DescentEstimator e = new DescentEstimator().setRegParam(0.25).setEpochs(7)
        .setOptimizer("lbfgs").setStandardize(false).setSeed(42L).setLearningRate(0.5)
        .setBatchSize(32);
    assertEquals(0.25, e.getRegParam());
    assertEquals(7, e.getEpochs());
    assertEquals("lbfgs", e.getOptimizer());
    assertEquals(false, e.getStandardize());
    assertEquals(42L, e.getSeed());
    assertEquals("0.5", e.getLearningRate());
    assertEquals("32", e.getBatchSize());
    ConfigException bad = assertThrows(ConfigException.class, () -> e.setElasticNet(1.5));
    assertEquals("elasticNet", bad.key());
    assertTrue(bad.getMessage().contains("allowed: a number in [0, 1]"), bad.getMessage());
    assertEquals("optimizer", assertThrows(ConfigException.class,
        () -> e.setOptimizer("newton")).key());
    assertEquals("epochs", assertThrows(ConfigException.class, () -> e.setEpochs(0)).key());
    assertEquals(7, e.getEpochs());
  }
}
