package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.data.LabelDomain;
import dev.descent.data.Precision;
import dev.descent.input.TrainingInput;
import dev.descent.testing.SparkTests;
import dev.descent.testing.TestFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classes without rows leave the objective without a finite minimum (an unpenalized intercept
 * runs off), and the data's notes say so: one class of a binary problem, or softmax classes that
 * no row has (found by a hostile test: such runs reported "Converged" with arbitrary intercepts
 * and said nothing for softmax).
 */
class ClassNotesTest {
  @TempDir
  Path tmp;

  private List<String> notes(LabelDomain domain, String loss, String... lines) {
    Path file = TestFiles.write(tmp, "d" + lines.length + loss + ".libsvm", lines);
    Config c = Config.empty().with("input", file.toString()).with("loss", loss)
        .with("partitions", "1");
    try (TrainingData data = TrainingData.of(TrainingInput.text(SparkTests.jsc(),
        Inputs.forTraining(c, domain), Precision.DOUBLE))) {
      return data.notes();
    }
  }

  @Test
  void oneClassOfABinaryProblemSaysTheInterceptRunsOff() {
    List<String> notes = notes(LabelDomain.BINARY, "logistic", "1 1:0.5", "1 1:-0.5", "1 1:2");
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith("every row has the same class (positive), so the"
        + " objective has no finite minimum: the intercept (never penalized) grows without"
        + " bound"), notes.get(0));
  }

  @Test
  void softmaxClassesWithoutRowsAreNamed() {
    assertEquals(List.of("class 0 has no rows: with an intercept the objective has no finite"
        + " minimum (that intercept, never penalized, decreases without bound); the fit stops"
        + " where the steps stop lowering the objective, and the model gives such a class a"
        + " probability near 0"),
        notes(LabelDomain.CLASSES, "softmax", "1 1:0.5", "2 1:-0.5", "3 1:2"));
    assertTrue(notes(LabelDomain.CLASSES, "softmax", "0 1:0.5", "4 1:-0.5", "1 1:2").get(0)
        .startsWith("classes [2, 3] have no rows"));
    assertEquals(List.of(), notes(LabelDomain.CLASSES, "softmax", "0 1:0.5", "2 1:-0.5",
        "1 1:2", "1 1:1"));
  }
}
