package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.engine.BatchSize;
import dev.descent.engine.LearningRate;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

  private static Config config(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Config.of(m);
  }

  @Test
  void defaultsApplyToWhatIsNotGiven() {
    Config c = Config.empty();
    assertEquals("sgd", c.get(Settings.OPTIMIZER));
    assertEquals("squared", c.get(Settings.LOSS));
    assertEquals(100, c.get(Settings.EPOCHS));
    assertEquals(1e-6, c.get(Settings.TOLERANCE));
    assertEquals(0.0, c.get(Settings.REG_PARAM));
    assertEquals(0.9, c.get(Settings.MOMENTUM));
    assertEquals(0.999, c.get(Settings.BETA2));
    assertEquals(1e-8, c.get(Settings.EPSILON));
    assertEquals(10, c.get(Settings.HISTORY_SIZE));
    assertEquals(1L, c.get(Settings.SEED));
    assertEquals(',', c.get(Settings.DELIMITER));
    assertEquals(true, c.get(Settings.INTERCEPT));
    assertEquals(BatchSize.ALL, c.get(Settings.BATCH_SIZE));
    assertTrue(c.get(Settings.LEARNING_RATE).auto());
    assertNull(c.get(Settings.INPUT));
    assertNull(c.get(Settings.NUM_FEATURES));
    assertNull(c.get(Settings.WEIGHT_COLUMN));
    assertFalse(c.isSet(Settings.EPOCHS));
    assertEquals("auto", c.effective().get("learningRate"));
    assertEquals("1e-6", c.effective().get("tolerance"));
    assertEquals(Settings.all().size(), c.effective().size());
  }

  @Test
  void givenValuesAreParsedAndTrimmed() {
    Config c = config("epochs", " 7 ", " optimizer", "adam", "learningRate", "0.05",
        "delimiter", "tab", "seed", "-3", "header", "TRUE");
    assertEquals(7, c.get(Settings.EPOCHS));
    assertEquals("adam", c.get(Settings.OPTIMIZER));
    assertEquals(LearningRate.fixed(0.05), c.get(Settings.LEARNING_RATE));
    assertEquals('\t', c.get(Settings.DELIMITER));
    assertEquals(-3L, c.get(Settings.SEED));
    assertEquals(true, c.get(Settings.HEADER));
    assertTrue(c.isSet(Settings.EPOCHS));
    assertEquals(List.of("optimizer", "learningRate", "epochs", "seed", "delimiter", "header")
        .stream().sorted((a, b) -> Integer.compare(order(a), order(b))).toList(),
        List.copyOf(c.explicit().keySet()), "explicit settings in declaration order");
    assertEquals("7", c.explicit().get("epochs"));
  }

  private static int order(String key) {
    return Settings.all().indexOf(Settings.byKey(key));
  }

  @Test
  void autoAndNoneParseToNull() {
    Config c = config("numFeatures", "auto", "numClasses", "auto", "partitions", "auto",
        "weightColumn", "none", "output", "none");
    assertTrue(c.isSet(Settings.NUM_FEATURES));
    assertNull(c.get(Settings.NUM_FEATURES));
    assertNull(c.get(Settings.NUM_CLASSES));
    assertNull(c.get(Settings.PARTITIONS));
    assertNull(c.get(Settings.WEIGHT_COLUMN));
    assertNull(c.get(Settings.OUTPUT));
    assertEquals(12, config("numFeatures", "12").get(Settings.NUM_FEATURES));
    assertEquals("w", config("weightColumn", "w").get(Settings.WEIGHT_COLUMN));
    assertTrue(config("learningRate", "auto").get(Settings.LEARNING_RATE).auto());
  }

  @Test
  void batchSizeIsAllARowCountOrAPercentage() {
    assertEquals(BatchSize.ALL, config("batchSize", "all").get(Settings.BATCH_SIZE));
    assertEquals(BatchSize.ALL, config("batchSize", "100%").get(Settings.BATCH_SIZE));

    BatchSize rows = config("batchSize", "32").get(Settings.BATCH_SIZE);
    assertEquals(new BatchSize(BatchSize.Kind.ROWS, 32), rows);
    assertFalse(rows.isFullBatch());
    assertEquals(4, rows.stepsPerEpoch(100)); // ceil(100 / 32)
    assertEquals(1, rows.stepsPerEpoch(10));
    assertEquals("32", rows.toString());

    BatchSize percent = config("batchSize", "2.5%").get(Settings.BATCH_SIZE);
    assertEquals(new BatchSize(BatchSize.Kind.PERCENT, 2.5), percent);
    assertEquals(40, percent.stepsPerEpoch(1000)); // batches of 25 rows
    assertEquals(10, percent.stepsPerEpoch(10)); // batches of at least one row
    assertEquals("2.5%", percent.toString());
    assertEquals("10%", config("batchSize", "10%").get(Settings.BATCH_SIZE).toString());
    assertEquals(1, BatchSize.ALL.stepsPerEpoch(1000));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "epochs        | 0      | a positive integer",
      "epochs        | ten    | a positive integer",
      "epochs        | 1.5    | a positive integer",
      "optimizer     | adamw  | sgd, momentum, nesterov, adagrad, rmsprop, adam, lbfgs",
      "loss          | l2     | squared, logistic, softmax, hinge",
      "learningRate  | -0.1   | auto or a number > 0",
      "learningRate  | NaN    | auto or a number > 0",
      "learningRate  | 1e400  | auto or a number > 0",
      "elasticNet    | 1.5    | a number in [0, 1]",
      "momentum      | 1      | a number in [0, 1)",
      "decayRate     | 0      | a number in (0, 1]",
      "batchSize     | 0      | all, a positive integer, or a percentage in (0, 100]",
      "batchSize     | 150%   | all, a positive integer, or a percentage in (0, 100]",
      "batchSize     | half   | all, a positive integer, or a percentage in (0, 100]",
      "numClasses    | 1      | auto or an integer >= 2",
      "format        | par-quet | auto, libsvm, csv, or a Spark data source"
          + " (parquet, orc, json, ...)",
      "header        | yes    | true, false",
      "delimiter     | 1      | one character, or tab",
      "schedule      | linear | auto, constant, invsqrt, step, exponential, cosine"})
  void badValueNamesKeyValueAndAllowedValues(String key, String value, String allowed) {
    ConfigException e = assertThrows(ConfigException.class, () -> config(key, value));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("allowed: " + allowed), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"learningrate, learningRate", "regparam, regParam", "epoch, epochs",
      "LearningRate, learningRate", "batchsize, batchSize", "optimiser, optimizer"})
  void unknownKeySuggestsTheNearestSetting(String typo, String meant) {
    ConfigException e = assertThrows(ConfigException.class, () -> config(typo, "1"));
    assertEquals(typo, e.key());
    assertTrue(e.getMessage().contains("unknown setting '" + typo + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean " + meant), e.getMessage());
  }

  @Test
  void unknownKeyFarFromAnySettingHasNoSuggestion() {
    ConfigException e = assertThrows(ConfigException.class, () -> config("colour", "red"));
    assertTrue(e.getMessage().contains("unknown setting 'colour'"), e.getMessage());
    assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
  }

  @Test
  void roundTripsThroughProperties() throws IOException {
    Config c = config("input", "hdfs:///data/a b.csv", "optimizer", "adam", "learningRate",
        "0.001", "batchSize", "2.5%", "weightColumn", "none", "delimiter", "tab",
        "regParam", "1e-4", "labelColumn", "y=1: ok", "numClasses", "auto");
    assertEquals(c, Config.fromProperties(c.toProperties()));

    StringWriter file = new StringWriter();
    c.toProperties().store(file, "round trip");
    Config read = Config.fromProperties(new StringReader(file.toString()));
    assertEquals(c, read);
    assertEquals(c.hashCode(), read.hashCode());
    assertEquals(c.explicit(), read.explicit());
    assertEquals(c.get(Settings.BATCH_SIZE), read.get(Settings.BATCH_SIZE));
  }

  @Test
  void propertiesFilesAreValidatedToo() {
    Properties p = new Properties();
    p.setProperty("epochs", "-1");
    assertThrows(ConfigException.class, () -> Config.fromProperties(p));
    assertThrows(ConfigException.class,
        () -> Config.fromProperties(new StringReader("learningrate=0.1\n")));
  }

  @Test
  void aKeyGivenTwiceInAPropertiesFileIsRefusedNamingBothValues() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Config.fromProperties(new StringReader("epochs=5\nseed=2\n epochs : 7\n")));
    assertEquals("epochs", e.key());
    assertTrue(e.getMessage().contains("epochs is given twice: '5' and '7'"), e.getMessage());
  }

  @Test
  void readingAPropertiesFileLeavesValuesToBeValidatedAfterOverrides() throws IOException {
    Map<String, String> file = Config.read(new StringReader("epochs=-3\nseed=2\n"));
    assertEquals(Map.of("epochs", "-3", "seed", "2"), file);
    assertThrows(ConfigException.class, () -> Config.read(new StringReader("epoch=3\n")),
        "keys are still checked");
  }

  @Test
  void integersOutOfRangeAreTooLargeNotMalformed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> config("numFeatures", "10000000000"));
    assertTrue(e.getMessage().contains("too large: at most 2147483647"), e.getMessage());
    assertFalse(e.getMessage().contains("not an integer"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> config("checkpointEvery", "99999999999999999999 steps"));
    assertTrue(e.getMessage().contains("too large: at most 9223372036854775807"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> config("numFeatures", "1e10"));
    assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
  }

  @Test
  void overrideWins() {
    Config file = config("optimizer", "sgd", "epochs", "10", "learningRate", "0.1");
    Config commandLine = config("epochs", "20", "seed", "5");
    Config c = file.overriddenBy(commandLine);
    assertEquals(20, c.get(Settings.EPOCHS));
    assertEquals(5L, c.get(Settings.SEED));
    assertEquals("sgd", c.get(Settings.OPTIMIZER));
    assertEquals(LearningRate.fixed(0.1), c.get(Settings.LEARNING_RATE));
    assertEquals(10, file.get(Settings.EPOCHS), "the original is unchanged");
    assertEquals(c, config("optimizer", "sgd", "epochs", "20", "learningRate", "0.1", "seed", "5"));

    assertEquals(3, file.with("epochs", "3").get(Settings.EPOCHS));
    assertThrows(ConfigException.class, () -> file.with("epochs", "three"));
  }

  @Test
  void everySettingsDefaultTextParsesToItsDefault() {
    for (Setting<?> s : Settings.all()) {
      if (s == Settings.INPUT || s == Settings.MODEL) {
        continue; // required paths: "none" there means "no default", not a value to type
      }
      assertEquals(s.defaultValue(), s.parse(s.defaultText()), s.key());
    }
  }

  @Test
  void shippedConfigurationsAreValidAndQuiet() throws IOException {
    List<java.nio.file.Path> files;
    try (var listing = java.nio.file.Files.list(java.nio.file.Path.of("conf"))) {
      files = listing.filter(p -> p.toString().endsWith(".properties"))
          .filter(p -> !p.getFileName().toString().startsWith("log4j2")).toList();
    }
    assertTrue(files.size() >= 4, "conf/ examples: " + files);
    for (java.nio.file.Path file : files) {
      Config c;
      try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file)) {
        c = Config.fromProperties(r);
      }
      assertEquals(List.of(), Checks.forTraining(c), file.toString());
      assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of(c.get(Settings.INPUT))),
          file + " names missing input " + c.get(Settings.INPUT));
    }
  }
}
