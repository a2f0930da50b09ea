package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** predict and evaluate take the training run's input settings only where they apply. */
class ScoringDefaultsTest {
  private static Map<String, String> trained(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>(Config.empty().effective()); // as model.json
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static ScoringDefaults.Applied apply(Map<String, String> trained, String... given) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < given.length; i += 2) {
      m.put(given[i], given[i + 1]);
    }
    return ScoringDefaults.apply(Config.of(m), trained);
  }

  private static final Map<String, String> CSV = trained("input", "sales.txt", "format", "csv",
      "header", "true", "labelColumn", "y", "delimiter", ";", "weightColumn", "w");

  @Test
  void csvSettingsAreTakenForCsvInput() {
    ScoringDefaults.Applied a = apply(CSV, "input", "today.txt", "model", "m");
    assertEquals(Map.of("format", "csv", "header", "true", "labelColumn", "y", "delimiter", ";",
        "weightColumn", "w"), a.taken());
    assertEquals("y", a.config().get(Settings.LABEL_COLUMN));
    assertTrue(a.note().contains("format=csv, header=true, delimiter=;, labelColumn=y,"
        + " weightColumn=w"), a.note());
  }

  @Test
  void whatTheCommandSaysWins() {
    ScoringDefaults.Applied a = apply(CSV, "input", "today.csv", "labelColumn", "target");
    assertEquals("target", a.config().get(Settings.LABEL_COLUMN));
    assertNull(a.taken().get("labelColumn"));
    assertNull(a.taken().get("format")); // the name says csv; nothing to take
    assertEquals("true", a.taken().get("header"));
  }

  @Test
  void columnNamesNeedTheTrainingRunsHeaderSetting() {
    ScoringDefaults.Applied a = apply(CSV, "input", "today.csv", "header", "false");
    assertEquals(Map.of("delimiter", ";"), a.taken());
  }

  @Test
  void anInputOfAnotherKindTakesNothingButAnUnsaidFormat() {
    assertEquals(Map.of(), apply(CSV, "input", "today.libsvm").taken());
    assertEquals(Map.of(), apply(CSV, "input", "today.parquet").taken());
    assertEquals(Map.of(), apply(CSV, "input", "today.txt", "format", "libsvm").taken());
  }

  @Test
  void defaultsAndModelsTrainedInMemoryTakeNothing() {
    assertEquals(Map.of(), apply(trained("input", "a.csv"), "input", "b.csv").taken());
    assertNull(apply(trained("input", "a.csv"), "input", "b.csv").note());
    assertEquals(Map.of(), apply(trained("labelColumn", "y", "header", "true"), "input", "b.csv")
        .taken());
    assertEquals(Map.of(), apply(trained("input", "a.csv", "delimiter", "ab"), "input", "b.csv")
        .taken()); // not a valid setting here: ignored
  }

  @Test
  void sparkSourcesTakeTheirColumns() {
    Map<String, String> t = trained("input", "t.parquet", "labelColumn", "y",
        "featureColumns", "a,b", "weightColumn", "w");
    assertEquals(Map.of("labelColumn", "y", "weightColumn", "w", "featureColumns", "a,b"),
        apply(t, "input", "s.parquet").taken());
    assertEquals(Map.of("labelColumn", "y", "weightColumn", "w"),
        apply(t, "input", "s.parquet", "featuresColumn", "v").taken());
    assertEquals(Map.of(), apply(t, "input", "s.csv").taken());
  }
}
