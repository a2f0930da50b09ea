package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.engine.ClassifierScores;
import dev.descent.engine.DataSummary;
import dev.descent.engine.RunSummary;
import dev.descent.engine.TrainResult;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's HTML and SVG, without a browser: coordinates, scales, escaping, bad values. */
class TrainingReportTest {
  private static final Pattern PATH = Pattern.compile(
      "<path class=\"series\" data-series=\"([^\"]*)\" data-points=\"(\\d+)\" d=\"([^\"]*)\"");

  /** data-series -> d of every series path in the page. */
  static Map<String, String> paths(String html) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = PATH.matcher(html);
    while (m.find()) {
      out.put(m.group(1), m.group(3));
      assertEquals(Integer.parseInt(m.group(2)), points(m.group(3)), "data-points of "
          + m.group(1));
    }
    return out;
  }

  /** Number of points in path data made of "Mx,y" and "Lx,y" commands. */
  static int points(String d) {
    return d.isEmpty() ? 0 : d.split(" ").length;
  }

  private static LinearModel model(String loss, int classes, Map<String, String> settings) {
    int outputs = loss.equals("softmax") ? classes : 1;
    return new LinearModel(loss, 2, classes, new double[outputs][2], new double[outputs], true,
        settings);
  }

  private static TrainResult result(LinearModel m, List<EpochRecord> h, Status status,
      String reason, String advice, ClassifierScores scores) {
    return new TrainResult(m, new RunSummary(h, status, reason, advice, 0.69, 0.2, 0.19, 0.5,
        2.0, 3.5, h.isEmpty() ? 0 : h.get(h.size() - 1).epoch()), new DataSummary(100, 2,
        m.isClassifier() ? new long[] {60, 40} : new long[0], 4, 0,
        dev.descent.data.SkipReport.NONE), scores);
  }

  private static List<EpochRecord> history(double... losses) {
    List<EpochRecord> h = new ArrayList<>();
    for (int i = 0; i < losses.length; i++) {
      h.add(new EpochRecord(i + 1, losses[i], losses[i], 0.1, 1.0 / (i + 1), 0.25, 1));
    }
    return h;
  }

  @Test
  void pointsAreScaledIntoThePlotArea() {
    Plot p = new Plot(Plot.Axis.epochs(3), "epoch", Plot.Axis.linear(0, 4), "loss");
    // Plot area: x from 72 to 640 - 16 = 624 (552 px), y from 14 to 300 - 46 = 254 (240 px).
    // Epoch 1 -> 72, 2 -> 348, 3 -> 624; y = 1 -> 254 - 60 = 194, 2 -> 134, 3 -> 74.
    assertEquals("M72.0,194.0 L348.0,134.0 L624.0,74.0",
        p.pathData(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
  }

  @Test
  void logScaleWhenValuesSpanOrdersOfMagnitude() {
    Plot.Axis a = Plot.Axis.fit(new double[] {57, 106.36, 8036431.832});
    assertTrue(a.log());
    assertEquals(10, a.lo(), 0);
    assertEquals(1e7, a.hi(), 0);
    assertEquals(1.0 / 3, a.fraction(1000), 1e-15); // (3 - 1) / (7 - 1)
    assertEquals(List.of(10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7), a.ticks());

    Plot.Axis narrow = Plot.Axis.fit(new double[] {0.69, 0.35, 0.21});
    assertFalse(narrow.log(), "a factor of 3.3 is drawn linearly");
    assertTrue(narrow.lo() <= 0.21 && narrow.hi() >= 0.69);
    for (double t : narrow.ticks()) {
      assertEquals(t, Math.rint(t * 10) / 10, 1e-12, "round ticks: " + narrow.ticks());
    }
    Plot.Axis withZero = Plot.Axis.fit(new double[] {57, 0, 1e-3});
    assertTrue(withZero.log());
    assertTrue(Double.isNaN(withZero.fraction(0)), "0 has no place on a log scale");
  }

  @Test
  void nonFiniteValuesLeaveGapsNotBrokenPaths() {
    Plot p = new Plot(Plot.Axis.epochs(5), "epoch",
        Plot.Axis.fit(new double[] {1, Double.NaN, 3, Double.POSITIVE_INFINITY, 5}), "loss");
    String d = p.pathData(new double[] {1, 2, 3, 4, 5},
        new double[] {1, Double.NaN, 3, Double.POSITIVE_INFINITY, 5});
    assertEquals(3, points(d));
    assertTrue(d.matches("M[0-9.]+,[0-9.]+ M[0-9.]+,[0-9.]+ M[0-9.]+,[0-9.]+"), d);

    Plot empty = new Plot(Plot.Axis.epochs(2), "epoch",
        Plot.Axis.fit(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}), "loss");
    assertEquals("", empty.pathData(new double[] {1, 2},
        new double[] {Double.NaN, Double.NEGATIVE_INFINITY}));
    assertFalse(empty.svg("x").contains("NaN") || empty.svg("x").contains("Infinity"));
  }

  @Test
  void hugeValuesDoNotOverflowALinearAxis() {
    Plot.Axis a = Plot.Axis.fit(new double[] {-1e308, 1e308});
    assertFalse(a.log());
    assertEquals(0.5, a.fraction(0), 1e-12);
    assertEquals(0, a.fraction(-1e308), 1e-12);
    assertEquals(1, a.fraction(1e308), 1e-12);
  }

  @Test
  void epochCurvesHaveOnePointPerEpoch() {
    List<EpochRecord> h = new ArrayList<>();
    for (int e = 1; e <= 7; e++) {
      h.add(new EpochRecord(e, 1.0 / e, 1.0 / e + 0.05, 0.5 / e, 2.0 / e, 0.1, 1)
          .withValidation(1.1 / e, 0.8));
    }
    String html = TrainingReport.html(result(model("logistic", 2, Map.of("optimizer", "sgd")),
        h, Status.FINISHED, "ran the planned 7 epochs", null, null));
    Map<String, String> paths = paths(html);
    assertEquals(List.of("loss", "objective", "validation", "learningRate", "gradientNorm"),
        List.copyOf(paths.keySet()));
    for (String d : paths.values()) {
      assertEquals(7, points(d), d);
      assertTrue(d.matches("M[0-9.]+,[0-9.]+( L[0-9.]+,[0-9.]+){6}"), d);
    }
    // One table row per epoch, and the columns for validation.
    String table = html.substring(html.indexOf("<section id=\"epochs\">"));
    table = table.substring(0, table.indexOf("</section>"));
    assertEquals(7, table.split("<tr").length - 2, "rows besides the header");
    assertTrue(table.contains("<th>validation loss</th>") && table.contains("80.0%"));
  }

  /** The top cards of a page. */
  private static String cards(String html) {
    String cards = html.substring(html.indexOf("<section class=\"cards\">"));
    return cards.substring(0, cards.indexOf("</section>"));
  }

  @Test
  void cardsShowTheReturnedEpochNotTheLastUnderEarlyStopping() {
    double[] validation = {0.5, 0.3, 0.2125, 0.25, 0.2875};
    double[] accuracy = {0.6, 0.7, 0.9, 0.8, 0.75};
    List<EpochRecord> h = new ArrayList<>();
    for (int e = 1; e <= 5; e++) {
      h.add(new EpochRecord(e, 0.5 / e, 0.5 / e, 0.1, 1, 0.1, 1)
          .withValidation(validation[e - 1], accuracy[e - 1]));
    }
    TrainResult r = new TrainResult(model("logistic", 2, Map.of("optimizer", "sgd")),
        new RunSummary(h, Status.CONVERGED, "the validation loss has not improved for 2 epochs",
            null, 0.69, 0.2, 0.19, 0.5, 2.0, 3.5, 3),
        new DataSummary(100, 2, new long[] {60, 40}, 4, 20, dev.descent.data.SkipReport.NONE));

    String cards = cards(TrainingReport.html(r));

    assertTrue(cards.contains(">0.2125</div><div class=\"label\">validation loss (epoch 3)<"),
        cards);
    assertTrue(cards.contains(">90.0%</div><div class=\"label\">validation accuracy (epoch 3)<"),
        cards);
    assertTrue(cards.contains(">epoch 3</div><div class=\"label\">model returned<"), cards);
    assertFalse(cards.contains("0.2875") || cards.contains("75.0%"), "the last epoch's: " + cards);
  }

  @Test
  void cardsShowTheLastEpochWhenItIsTheOneReturned() {
    List<EpochRecord> h = new ArrayList<>();
    for (int e = 1; e <= 3; e++) {
      h.add(new EpochRecord(e, 0.5 / e, 0.5 / e, 0.1, 1, 0.1, 1).withValidation(1.0 / e, 0.5));
    }
    String cards = cards(TrainingReport.html(result(model("squared", 0,
        Map.of("optimizer", "sgd")), h, Status.FINISHED, "ran the planned 3 epochs", null,
        null)));

    assertTrue(cards.contains(">0.333333</div><div class=\"label\">validation loss<"), cards);
    assertFalse(cards.contains("model returned"), cards);
  }

  @Test
  void roundsOfLocalStepsAreShownWithTheTimings() {
    List<EpochRecord> local = List.of(new EpochRecord(1, 0.5, 0.5, 0.1, 1, 0.25, 100, 10),
        new EpochRecord(2, 0.4, 0.4, 0.1, 1, 0.25, 100, 10));
    String html = TrainingReport.html(result(model("squared", 0, Map.of("optimizer", "adam",
        "syncEvery", "10 steps")), local, Status.FINISHED, "ran", null, null));
    assertTrue(html.contains("10 rounds of local steps, for 100 mini-batch steps"
        + " (syncEvery=10 steps)"), html);
    String synchronous = TrainingReport.html(result(model("squared", 0, Map.of("optimizer",
        "sgd")), history(1, 0.5), Status.FINISHED, "ran", null, null));
    assertFalse(synchronous.contains("rounds of local steps"), "a round per step says nothing");
  }

  @Test
  void settingsAndReasonsAreEscaped() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("input", "data/<script>alert('x')</script>&\"q\".csv");
    settings.put("optimizer", "sgd");
    String html = TrainingReport.html(result(model("squared", 0, settings), history(1, 0.5),
        Status.FINISHED, "stopped <b>early</b> & fine", null, null));
    assertFalse(html.contains("<script"), "raw markup from a setting");
    assertFalse(html.contains("<b>early"), "raw markup from the reason");
    assertTrue(html.contains("data/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        + "&quot;q&quot;.csv"));
    assertTrue(html.contains("Stopped &lt;b&gt;early&lt;/b&gt; &amp; fine"));
  }

  @Test
  void aDivergedRunShowsItsCurvesUpToTheFailureAndTheAdvice() {
    double inf = Double.POSITIVE_INFINITY;
    List<EpochRecord> h = new ArrayList<>();
    h.add(new EpochRecord(1, 57, 57, 0.1, 51.9, 0.1, 1));
    h.add(new EpochRecord(2, 1.2e154, 1.2e154, 0.1, inf, 0.1, 1));
    h.add(new EpochRecord(3, inf, inf, 0.1, Double.NaN, 0.1, 1));
    h.add(new EpochRecord(4, Double.NaN, Double.NaN, 0.1, Double.NaN, 0.1, 1));
    TrainResult r = new TrainResult(model("squared", 0, Map.of("optimizer", "sgd")),
        new RunSummary(h, Status.DIVERGED, "the objective became infinite", "learning rate 10"
            + " is above the stable limit ~0.085", 57, Double.NaN, Double.NaN, 10, inf, 0.4, 4),
        new DataSummary(5, 2, new long[0], 2, 0, dev.descent.data.SkipReport.NONE));
    String html = TrainingReport.html(r);

    Map<String, String> paths = paths(html);
    assertEquals(2, points(paths.get("loss")), "epochs 1 and 2 are drawable");
    assertEquals(1, points(paths.get("gradientNorm")));
    assertEquals(4, points(paths.get("learningRate")));
    assertTrue(html.contains("class=\"badge diverged\""));
    assertTrue(html.contains("<strong>Likely cause:</strong> learning rate 10 is above"));
    // Non-finite numbers appear as words in tables, never inside SVG markup.
    for (String svg : html.split("<svg")) {
      String part = svg.contains("</svg>") ? svg.substring(0, svg.indexOf("</svg>")) : "";
      assertFalse(part.contains("NaN") || part.contains("Infinity"), part);
    }
    assertTrue(html.contains("<td>Infinity</td>") && html.contains("<td>NaN</td>"));
    assertTrue(html.contains("Infinite and NaN values are not drawn."));
  }

  @Test
  void classifierScoresGiveARocCurveAndAConfusionMatrix() {
    ClassifierScores s = new ClassifierScores("validation", 50, new double[] {0, 0.1, 0.4, 1},
        new double[] {0, 0.7, 0.9, 1}, 0.8765, false, new double[][] {{27, 3}, {4, 16}});
    String html = TrainingReport.html(result(model("logistic", 2, Map.of("optimizer", "lbfgs")),
        history(0.6, 0.4), Status.CONVERGED, "converged", null, s));

    assertEquals(4, points(paths(html).get("roc")));
    assertTrue(html.contains("AUC 0.8765"));
    String matrix = html.substring(html.indexOf("<table class=\"confusion\">"));
    matrix = matrix.substring(0, matrix.indexOf("</table>"));
    for (String cell : List.of(">27<small>90.0%", ">3<small>10.0%", ">4<small>20.0%",
        ">16<small>80.0%")) {
      assertTrue(matrix.contains(cell), cell + " in " + matrix);
    }
    assertTrue(html.contains("accuracy 86.0%"), "(27 + 16) / 50");
    // The threshold's point: FPR 3/30, TPR 16/20, in plot pixels.
    Plot roc = new Plot(Plot.Axis.linear(0, 1), "", Plot.Axis.linear(0, 1), "");
    assertTrue(html.contains(String.format(java.util.Locale.ROOT,
        "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\"", roc.px(0.1), roc.py(0.8))));
    assertTrue(html.contains("L-BFGS step length"));
  }

  @Test
  void thePageLoadsNothing() {
    String html = TrainingReport.html(result(model("softmax", 3, Map.of("optimizer", "adam")),
        history(1.1, 0.7, 0.5), Status.CONVERGED, "converged", null,
        new ClassifierScores("training", 100, new double[] {0, 1}, new double[] {0, 1}, 0.5,
            true, new double[3][3])));
    for (String fetches : List.of("<script", "<link", "<img", "<iframe", "src=", "href=",
        "url(", "@import", "http:", "https:")) {
      assertFalse(html.contains(fetches), fetches);
    }
    assertTrue(html.contains("default-src 'none'"), "a CSP that forbids fetching anything");
  }

  @Test
  void numbersAreShortAndSpelledOutWhenNotFinite() {
    assertEquals("57", Html.number(57.0));
    assertEquals("0.0403188", Html.number(0.04031876));
    assertEquals("1.49998e7", Html.number(1.49998e7));
    assertEquals("1e-6", Html.tick(1e-6));
    assertEquals("NaN", Html.number(Double.NaN));
    assertEquals("-Infinity", Html.number(Double.NEGATIVE_INFINITY));
    assertEquals("3m 00s", Html.seconds(179.7));
    assertEquals("2.500 s", Html.seconds(2.5));
  }
}
