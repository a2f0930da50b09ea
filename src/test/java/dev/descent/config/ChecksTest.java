package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.input.InputFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChecksTest {

  /** A config with an input file and the given settings. */
  private static Config training(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("input", "data/train.libsvm");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Config.of(m);
  }

  private static ConfigException rejected(Config c) {
    return assertThrows(ConfigException.class, () -> Checks.forTraining(c));
  }

  @Test
  void plainSettingsPassWithoutNotes() {
    assertEquals(List.of(), Checks.forTraining(training()));
    assertEquals(List.of(), Checks.forTraining(training("optimizer", "adam", "beta1", "0.8",
        "epsilon", "1e-7", "batchSize", "64", "seed", "3", "regParam", "0.1",
        "elasticNet", "0.5", "schedule", "step", "decayRate", "0.1")));
    assertEquals(List.of(), Checks.forTraining(training("optimizer", "lbfgs", "historySize", "5",
        "loss", "logistic")));
  }

  @Test
  void missingInputIsAnErrorNamingInput() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Checks.forTraining(Config.of(Map.of("epochs", "3"))));
    assertEquals("input", e.key());
    assertTrue(e.getMessage().contains("input"), e.getMessage());
  }

  @Test
  void lbfgsWithAMiniBatchIsAnErrorNamingBatchSize() {
    for (String batch : new String[] {"64", "10%"}) {
      ConfigException e = rejected(training("optimizer", "lbfgs", "batchSize", batch));
      assertEquals("batchSize", e.key());
      assertTrue(e.getMessage().contains("batchSize=all"), e.getMessage());
    }
    assertEquals(List.of(),
        Checks.forTraining(training("optimizer", "lbfgs", "batchSize", "100%")));
  }

  @Test
  void lbfgsWithHingeIsAnError() {
    ConfigException e = rejected(training("optimizer", "lbfgs", "loss", "hinge"));
    assertEquals("optimizer", e.key());
    assertTrue(e.getMessage().contains("hinge"), e.getMessage());
    assertEquals(List.of(), Checks.forTraining(training("optimizer", "sgd", "loss", "hinge")));
  }

  @ParameterizedTest
  @CsvSource({"squared", "logistic", "hinge"})
  void numClassesBeyondTwoNeedsSoftmax(String loss) {
    ConfigException e = rejected(training("loss", loss, "numClasses", "3"));
    assertEquals("numClasses", e.key());
    assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    assertEquals(List.of(), Checks.forTraining(training("loss", "softmax", "numClasses", "3")));
  }

  @Test
  void retrainingAndValidationSettingsMustFitTogether() {
    assertEquals("patience", rejected(training("patience", "3")).key());
    assertEquals("validationInput", rejected(training("validationFraction", "0.2",
        "validationInput", "v.libsvm")).key());
    assertEquals("classWeight", rejected(training("classWeight", "balanced")).key());
    assertEquals("priorRegParam", rejected(training("priorRegParam", "0.5")).key());
    assertEquals("resume", rejected(training("resume", "true")).key());
    assertEquals(List.of(), Checks.forTraining(training("loss", "logistic", "patience", "3",
        "validationFraction", "0.2", "classWeight", "balanced")));
    assertEquals(List.of("checkpointEvery has no effect without checkpointDir"),
        Checks.forTraining(training("checkpointEvery", "5 steps")));
  }

  @Test
  void numClassesNeverAppliesToRegression() {
    ConfigException e = rejected(training("loss", "squared", "numClasses", "2"));
    assertEquals("numClasses", e.key());
    assertEquals(List.of(), Checks.forTraining(training("loss", "logistic", "numClasses", "2")));
  }

  @Test
  void weightColumnWithLibsvmIsAnError() {
    ConfigException e = rejected(training("weightColumn", "2"));
    assertEquals("weightColumn", e.key());
    assertTrue(e.getMessage().contains("LIBSVM"), e.getMessage());
    assertEquals(List.of(), Checks.forTraining(training("weightColumn", "2", "format", "csv")));
    assertEquals(List.of(), Checks.forTraining(training("weightColumn", "none")));
  }

  @Test
  void settingsWithoutEffectBecomeNotes() {
    assertEquals(List.of("beta1 has no effect with optimizer=sgd"),
        Checks.forTraining(training("beta1", "0.8")));
    assertEquals(List.of("beta1, beta2 have no effect with optimizer=momentum",
            "rho has no effect with optimizer=momentum"),
        Checks.forTraining(training("optimizer", "momentum", "beta1", "0.8", "beta2", "0.9",
            "rho", "0.5", "momentum", "0.5")));
    assertEquals(List.of("seed has no effect with batchSize=all (no shuffling)"),
        Checks.forTraining(training("seed", "7")));
    assertEquals(List.of("syncEvery has no effect with batchSize=all (one step per epoch)"),
        Checks.forTraining(training("syncEvery", "epoch")));
    assertEquals(List.of("syncEvery has no effect with batchSize=100% (one step per epoch)"),
        Checks.forTraining(training("syncEvery", "epoch", "batchSize", "100%")));
    assertEquals(List.of(), Checks.forTraining(training("syncEvery", "epoch", "batchSize",
        "10")));
    assertEquals(List.of("decayRate has no effect with schedule=auto"),
        Checks.forTraining(training("decayRate", "0.1")));
    assertEquals(List.of("elasticNet has no effect with regParam=0"),
        Checks.forTraining(training("elasticNet", "1")));
    assertEquals(List.of("historySize has no effect with optimizer=adam"),
        Checks.forTraining(training("optimizer", "adam", "historySize", "3")));
    assertEquals(List.of("epsilon has no effect with optimizer=nesterov"),
        Checks.forTraining(training("optimizer", "nesterov", "epsilon", "1e-6")));
    assertEquals(List.of("header, delimiter have no effect for LIBSVM input"),
        Checks.forTraining(training("header", "true", "delimiter", ";")));
    assertEquals(List.of("model has no effect by train"),
        Checks.forTraining(training("model", "out/")));

    List<String> lbfgs = Checks.forTraining(training("optimizer", "lbfgs", "learningRate", "0.1",
        "schedule", "cosine", "momentum", "0.5"));
    assertEquals(List.of(
        "learningRate, schedule have no effect with optimizer=lbfgs (its line search sets the step)",
        "momentum has no effect with optimizer=lbfgs"), lbfgs);
  }

  @ParameterizedTest
  @CsvSource({
      "data/a.csv, CSV", "data/a.csv.gz, CSV", "data/A.CSV, CSV", "data/a.tsv, CSV",
      "data/a.tsv.bz2, CSV", "hdfs:///x/part-0.csv.snappy, CSV",
      "data/a.libsvm, LIBSVM", "data/a.txt, LIBSVM", "data/dir, LIBSVM", "data/a.gz, LIBSVM",
      "data/csv, LIBSVM", "data/a.csv.zip, LIBSVM"})
  void formatIsGuessedFromTheExtension(String input, InputFormat expected) {
    assertEquals(expected, Checks.format(Config.of(Map.of("input", input))));
  }

  @Test
  void anExplicitFormatWins() {
    assertEquals(InputFormat.CSV,
        Checks.format(Config.of(Map.of("input", "a.txt", "format", "csv"))));
    assertEquals(InputFormat.LIBSVM,
        Checks.format(Config.of(Map.of("input", "a.csv", "format", "libsvm"))));
    assertEquals(InputFormat.LIBSVM, Checks.format(Config.empty()));
  }

  @ParameterizedTest
  @CsvSource({"a.tsv, TAB", "a.TSV.gz, TAB", "a.tsv.bz2, TAB", "a.tsv.snappy, TAB",
      "a.tsv.zst, TAB", "a.csv, COMMA", "a.csv.gz, COMMA"})
  void delimiterIsTabForTsvFilesElseComma(String input, String expected) {
    char delimiter = Checks.delimiter(Config.of(Map.of("input", input)));
    assertEquals(expected.equals("TAB") ? '\t' : ',', delimiter);
    assertEquals(';', Checks.delimiter(Config.of(Map.of("input", input, "delimiter", ";"))));
  }

  @Test
  void scoringNeedsInputModelAndForPredictOutput() {
    Config c = Config.of(Map.of("input", "a.libsvm", "model", "m/"));
    assertEquals(List.of(), Checks.forScoring(c, "evaluate"));
    ConfigException e = assertThrows(ConfigException.class, () -> Checks.forScoring(c, "predict"));
    assertEquals("output", e.key());
    assertEquals("model", assertThrows(ConfigException.class,
        () -> Checks.forScoring(Config.of(Map.of("input", "a.libsvm")), "evaluate")).key());
    assertEquals(List.of("optimizer, epochs have no effect by evaluate"),
        Checks.forScoring(c.with("optimizer", "adam").with("epochs", "3"), "evaluate"));
  }
}
