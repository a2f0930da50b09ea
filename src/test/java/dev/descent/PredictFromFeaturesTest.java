package dev.descent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.config.Config;
import dev.descent.engine.TrainResult;
import dev.descent.model.LinearModel;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java API's obvious call, {@code model.predict(features)}, predicts from a row's features
 * (it used to take margins, so it compiled, ran and was wrong: 141 of 178 right on wine).
 */
class PredictFromFeaturesTest {
  @Test
  void theObviousCallClassifiesEveryWineRowRight() throws IOException {
    Config settings = Config.fromProperties(new StringReader(
        Files.readString(Path.of("conf/wine-logistic.properties"))));
    TrainResult r = Descent.trainer().settings(settings).fit(SparkTests.jsc());
    LinearModel model = r.model();

    List<String> lines = Files.readAllLines(Path.of("data/wine_binary.libsvm"));
    int right = 0;
    int rows = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] tokens = line.trim().split("\\s+");
      double label = Double.parseDouble(tokens[0]) > 0 ? 1 : 0;
      double[] x = new double[model.numFeatures()];
      for (int t = 1; t < tokens.length; t++) {
        String[] iv = tokens[t].split(":");
        x[Integer.parseInt(iv[0]) - 1] = Double.parseDouble(iv[1]);
      }
      rows++;
      right += model.predict(x) == label ? 1 : 0;
      assertEquals(model.predictFromMargins(model.margins(x)), model.predict(x));
      assertArrayEquals(model.probabilitiesFromMargins(model.margins(x)),
          model.probabilities(x), 0.0);
    }
    assertEquals(178, rows);
    assertEquals(178, right, "rows classified right by model.predict(features)");
  }
}
