package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation and early stopping as a user sees them: in every epoch line, and in the report's
 * top cards, which show the returned (best) epoch's figures.
 */
class ValidationLinesTest {
  private static final Pattern LINE = Pattern.compile(
      "Epoch (\\d+): loss=\\S+, objective=\\S+, valLoss=([0-9.e+-]+), valAcc=([0-9.]+),"
          + " best=(\\d+), gradNorm=.*");

  @Test
  void earlyStoppingShowsValidationAndTheBestEpochInLinesAndReport(@TempDir Path tmp)
      throws IOException {
    Path output = tmp.resolve("iris");

    Cli.Result r = Cli.run("train", "conf/iris-softmax.properties", "partitions=2",
        "validationFraction=0.3", "patience=3", "output=" + output).assertExit(0);

    List<String> lines = r.outLines().stream().filter(l -> l.startsWith("Epoch ")).toList();
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), line);
      double validation = Double.parseDouble(m.group(2));
      if (validation < best) {
        best = validation;
        bestEpoch = Integer.parseInt(m.group(1));
      }
      assertEquals(bestEpoch, Integer.parseInt(m.group(4)), "best so far, in " + line);
    }
    int last = lines.size();
    assertTrue(bestEpoch < last, "the run should return an earlier epoch: " + lines);

    JsonNode metrics = Cli.readJson(output.resolve("metrics.json"));
    assertEquals(bestEpoch, metrics.path("returnedEpoch").asInt());
    String html = Files.readString(output.resolve("report.html"));
    String cards = html.substring(html.indexOf("<section class=\"cards\">"));
    cards = cards.substring(0, cards.indexOf("</section>"));
    assertTrue(cards.contains(">epoch " + bestEpoch + "</div><div class=\"label\">model"
        + " returned<"), cards);
    assertTrue(cards.contains("validation loss (epoch " + bestEpoch + ")"), cards);
  }
}
