package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.engine.ClassifierScores;
import dev.descent.engine.DataSummary;
import dev.descent.engine.RunSummary;
import dev.descent.engine.TrainResult;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** metrics.json's record of the data and of the classifier's evaluation. */
class MetricsJsonTest {
  private static TrainResult result(ClassifierScores scores, long validationRows) {
    LinearModel m = new LinearModel("logistic", 2, 2, new double[1][2], new double[1], true,
        Map.of());
    return new TrainResult(m, new RunSummary(List.of(new EpochRecord(1, 0.5, 0.5, 0.1, 1, 0.1,
        100, 10)), Status.FINISHED, "ran 1 epoch", null, 0.69, 0.5, 0.5, 0.1, 2, 1.0, 1),
        new DataSummary(70, 2, new long[] {40, 30}, 3, validationRows,
            dev.descent.data.SkipReport.NONE), scores);
  }

  @Test
  void theEvaluationIsRecordedWithTheConfusionMatrix() throws Exception {
    ClassifierScores s = new ClassifierScores("validation", 50, new double[] {0, 1},
        new double[] {0, 1}, 0.8765, false, new double[][] {{27, 3}, {4, 16}});
    JsonNode json = new ObjectMapper().readTree(MetricsJson.of(result(s, 50)));

    assertEquals(3, json.path("partitions").asInt());
    assertEquals(50, json.path("validationRows").asLong());
    JsonNode e = json.path("evaluation");
    assertEquals("validation", e.path("data").asText());
    assertEquals(50, e.path("rows").asLong());
    assertEquals(0.8765, e.path("auc").asDouble(), 0);
    assertEquals(0.86, e.path("accuracy").asDouble(), 1e-15);
    assertEquals("binary", e.path("aucAveraging").asText());
    assertEquals("[[27.0,3.0],[4.0,16.0]]", e.path("confusionMatrix").toString());
  }

  @Test
  void aMultiClassAucIsAlsoRecordedUnderItsOwnName() throws Exception {
    ClassifierScores micro = new ClassifierScores("training", 70, new double[] {0, 1},
        new double[] {0, 1}, 0.9123, true, new double[][] {{20, 3, 1}, {2, 30, 1}, {1, 2, 10}});
    JsonNode e = new ObjectMapper().readTree(MetricsJson.of(result(micro, 0)))
        .path("evaluation");
    assertEquals(0.9123, e.path("auc").asDouble(), 0);
    assertEquals("micro", e.path("aucAveraging").asText());
    assertEquals(0.9123, e.path("microAuc").asDouble(), 0);

    ClassifierScores binary = new ClassifierScores("training", 50, new double[] {0, 1},
        new double[] {0, 1}, 0.8765, false, new double[][] {{27, 3}, {4, 16}});
    assertFalse(new ObjectMapper().readTree(MetricsJson.of(result(binary, 0)))
        .path("evaluation").has("microAuc"));
  }

  @Test
  void everyEpochSaysItsStepsAndItsSynchronizationRounds() throws Exception {
    JsonNode epoch = new ObjectMapper().readTree(MetricsJson.of(result(null, 0)))
        .path("epochs").get(0);
    assertEquals(100, epoch.path("passes").asInt());
    assertEquals(10, epoch.path("rounds").asInt());
  }

  @Test
  void withoutScoresOrValidationThereIsNeither() throws Exception {
    JsonNode json = new ObjectMapper().readTree(MetricsJson.of(result(null, 0)));
    assertFalse(json.has("evaluation"));
    assertFalse(json.has("validationRows"));
  }
}
