package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.input.FrameColumns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which inputs Spark reads, and the settings that name DataFrame columns. */
class DataSourceChecksTest {
  private static Config config(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Config.of(m);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "TEXT", value = {
      "data/a.parquet, auto, parquet", "hdfs:///t/day=1.parquet/, auto, parquet",
      "data/a.ORC, auto, orc", "data/a.libsvm, auto, TEXT", "data/a.csv, auto, TEXT",
      "data/a.json, auto, TEXT", "data/a.json, json, json", "data/a, delta, delta",
      "data/a.parquet, libsvm, TEXT", "data/a.parquet, csv, TEXT",
      "data/a, org.apache.spark.sql.avro, org.apache.spark.sql.avro"})
  void sparkReadsParquetAndOrcByExtensionAndAnyNamedSource(String input, String format,
      String source) {
    assertEquals(source, Checks.sparkSource(config("input", input, "format", format)));
  }

  @Test
  void formatNamesAreWordsOrClassNames() {
    for (String bad : new String[] {"par-quet", "a b", "1x", ".parquet", "x."}) {
      ConfigException e = assertThrows(ConfigException.class, () -> config("format", bad));
      assertEquals("format", e.key());
    }
    ConfigException csv = assertThrows(ConfigException.class,
        () -> config("outputFormat", "csv"));
    assertTrue(csv.getMessage().contains("text writes CSV lines"), csv.getMessage());
  }

  @Test
  void featureColumnsAreAListWithoutBlanksOrRepeats() {
    assertEquals(List.of("a", "b c", "d"), config("featureColumns", " a, b c ,d")
        .get(Settings.FEATURE_COLUMNS));
    assertNull(config("featureColumns", "none").get(Settings.FEATURE_COLUMNS));
    assertThrows(ConfigException.class, () -> config("featureColumns", "a,,b"));
    assertThrows(ConfigException.class, () -> config("featureColumns", "a,b,a"));
  }

  @Test
  void columnsComeFromTheSettingsWithLabelAsTheDefaultLabel() {
    assertEquals(new FrameColumns("label", "features", null, null),
        Inputs.columns(config("input", "x.parquet")));
    assertEquals(new FrameColumns("y", "v", List.of("a", "b"), "w"), Inputs.columns(
        config("labelColumn", "y", "featuresColumn", "v", "featureColumns", "a,b",
            "weightColumn", "w")));
  }

  @Test
  void columnSettingsAreCheckedAgainstTheInputKind() {
    ConfigException both = assertThrows(ConfigException.class, () -> Checks.forTraining(
        config("input", "x.parquet", "featuresColumn", "v", "featureColumns", "a")));
    assertEquals("featureColumns", both.key());
    ConfigException csv = assertThrows(ConfigException.class, () -> Checks.forTraining(
        config("input", "x.csv", "featureColumns", "a")));
    assertTrue(csv.getMessage().contains("CSV input uses every column"), csv.getMessage());
    assertEquals(List.of("featuresColumn has no effect for text input (it names a DataFrame"
        + " column)"), Checks.forTraining(config("input", "x.libsvm", "featuresColumn", "v")));
    // partitions decides the cached training data's partitions, whatever the input.
    assertEquals(List.of("header has no effect for a Spark data source (parquet)"),
        Checks.forTraining(config("input", "x.parquet", "header", "true", "partitions", "8")));
    assertEquals(List.of("partitions has no effect by evaluate for a Spark data source (Spark"
        + " splits its files into partitions itself)"), Checks.forScoring(config("input",
            "x.parquet", "model", "m", "partitions", "8"), "evaluate"));
    // A weight column is fine for a Spark data source (unlike LIBSVM).
    assertEquals(List.of(), Checks.forTraining(config("input", "x.parquet", "weightColumn",
        "w")));
  }

  @Test
  void keepColumnsNeedADataSourceOnBothSides() {
    Config ok = config("input", "x.parquet", "model", "m", "output", "o", "outputFormat",
        "parquet", "keepColumns", "id");
    assertEquals(List.of(), Checks.forScoring(ok, "predict"));
    assertEquals(List.of("outputFormat, keepColumns have no effect by evaluate"),
        Checks.forScoring(ok, "evaluate"));
    ConfigException text = assertThrows(ConfigException.class, () -> Checks.forScoring(
        config("input", "x.libsvm", "model", "m", "output", "o", "outputFormat", "parquet",
            "keepColumns", "id"), "predict"));
    assertTrue(text.getMessage().contains("the input is text"), text.getMessage());
  }

  @Test
  void exportUsesOnlyModelOutputAndOverwrite() {
    assertEquals(List.of(), Checks.forExport(config("model", "m", "output", "o",
        "overwrite", "true")));
    assertEquals(List.of("loss, regParam have no effect by export"), Checks.forExport(
        config("model", "m", "output", "o", "loss", "logistic", "regParam", "1")));
    assertEquals("output", assertThrows(ConfigException.class,
        () -> Checks.forExport(config("model", "m"))).key());
  }
}
