package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.Descent;
import dev.descent.engine.TrainResult;
import dev.descent.testing.Chromium;
import dev.descent.testing.SparkTests;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report.html of real training runs in a real headless browser (Debian's chromium):
 * the DOM after rendering must hold the chart paths with one point per epoch, and the
 * screenshot must show the curves in their colours across the charts. Skipped, with a message,
 * where no chromium is installed (mvn test installs it where it may: src/test/sh/chromium.sh).
 */
class ReportBrowserTest {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 2400;

  private Path binary;

  @BeforeEach
  void findBrowser() {
    binary = Chromium.find();
    assumeTrue(binary != null, "no chromium binary (/usr/bin/chromium or chromium on the PATH):"
        + " the report is not rendered in a browser here; install Debian's chromium"
        + " (apt-get install chromium; mvn test does as root or with sudo -n) to run this test");
  }

  /** Writes a run's output (a diverged run's: its failure record) and returns its report. */
  private static Path write(TrainResult r, Path dir) throws Exception {
    org.apache.hadoop.conf.Configuration conf = SparkTests.jsc().hadoopConfiguration();
    Path written = dir;
    if (r.diverged()) {
      written = Path.of(ModelFiles.writeFailure(r, dir.toString(), conf, note -> { }));
    } else {
      ModelFiles.writeTraining(r, dir.toString(), false, conf, note -> { });
    }
    Path page = written.resolve(TrainingReport.FILE_NAME);
    assertTrue(Files.isRegularFile(page));
    return page;
  }

  @Test
  void aClassifiersReportDrawsItsCurvesRocAndConfusionMatrix(@TempDir Path tmp) throws Exception {
    TrainResult r = Descent.trainer().scoreClassifiers(true).set("input", "data/wine_binary.libsvm")
        .set("loss", "logistic").set("optimizer", "sgd").set("epochs", "12")
        .set("tolerance", "0").set("regParam", "0.01").set("validationFraction", "0.25")
        .fit(SparkTests.jsc());
    Path page = write(r, tmp.resolve("wine"));
    Chromium browser = Chromium.at(binary, tmp);

    String dom = browser.dumpDom(page);
    Map<String, String> paths = TrainingReportTest.paths(dom);
    assertEquals(List.of("loss", "objective", "validation", "learningRate", "gradientNorm",
        "roc"), List.copyOf(paths.keySet()), dom);
    assertEquals(12, r.history().size());
    for (String epochSeries : List.of("loss", "objective", "validation", "learningRate",
        "gradientNorm")) {
      assertEquals(12, TrainingReportTest.points(paths.get(epochSeries)), epochSeries);
    }
    int roc = TrainingReportTest.points(paths.get("roc"));
    assertEquals(r.scores().falsePositiveRate().length, roc);
    assertTrue(roc >= 10, roc + " ROC points for " + r.data().validationRows() + " validation rows");
    assertTrue(dom.contains("<table class=\"confusion\">"));
    assertTrue(dom.contains("Class balance"));

    BufferedImage shot = browser.screenshot(page, tmp.resolve("wine.png"), WIDTH, HEIGHT);
    assertNotBlank(shot);
    Extent validation = assertCurve(shot, TrainingReport.VALIDATION_COLOUR);
    assertCurve(shot, TrainingReport.RATE_COLOUR);
    assertCurve(shot, TrainingReport.GRADIENT_COLOUR);
    assertCurve(shot, TrainingReport.ROC_COLOUR);
    assertChartArea(shot, validation);
  }

  @Test
  void aDivergedRunsReportShowsTheCurvesUpToItAndTheAdvice(@TempDir Path tmp) throws Exception {
    TrainResult r = Descent.trainer().set("input", "data/linear.csv").set("header", "true")
        .set("labelColumn", "y").set("optimizer", "sgd").set("learningRate", "0.1")
        .set("epochs", "20").set("tolerance", "0").set("standardize", "false")
        .fit(SparkTests.jsc());
    assertTrue(r.diverged());
    Path page = write(r, tmp.resolve("seed"));
    assertFalse(Files.exists(tmp.resolve("seed/model.json")));
    Chromium browser = Chromium.at(binary, tmp);

    String dom = browser.dumpDom(page);
    Map<String, String> paths = TrainingReportTest.paths(dom);
    assertEquals(20, TrainingReportTest.points(paths.get("loss")));
    assertNull(paths.get("roc"));
    assertTrue(dom.contains("<span class=\"badge diverged\">diverged</span>"));
    assertTrue(dom.contains("<strong>Likely cause:</strong> learning rate 0.1 is above the"
        + " stable limit"), dom);
    assertTrue(dom.contains("loss (log scale)"), "57 to 8e6 is drawn on a log scale");

    BufferedImage shot = browser.screenshot(page, tmp.resolve("seed.png"), WIDTH, HEIGHT);
    assertNotBlank(shot);
    assertChartArea(shot, assertCurve(shot, TrainingReport.LOSS_COLOUR));
    assertCurve(shot, TrainingReport.GRADIENT_COLOUR);
  }

  /** Where the pixels of one exact colour are. */
  private record Extent(int count, int minX, int maxX, int minY, int maxY) {}

  private static Extent extent(BufferedImage img, int rgb) {
    int count = 0;
    int minX = Integer.MAX_VALUE;
    int maxX = -1;
    int minY = Integer.MAX_VALUE;
    int maxY = -1;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          count++;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    return new Extent(count, minX, maxX, minY, maxY);
  }

  /**
   * A curve was drawn in this colour: many pixels of it (its legend swatch alone has 54) spread
   * across most of a chart's width.
   */
  private static Extent assertCurve(BufferedImage img, String colour) {
    Extent e = extent(img, Integer.parseInt(colour.substring(1), 16));
    assertTrue(e.count() >= 150 && e.maxX() - e.minX() >= 300, colour + ": " + e);
    return e;
  }

  /** The chart around a curve has axes, grid, labels and curves: many colours, not white. */
  private static void assertChartArea(BufferedImage img, Extent around) {
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    long area = 0;
    for (int y = around.minY(); y <= around.maxY(); y++) {
      for (int x = around.minX(); x <= around.maxX(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        inked += rgb == 0xffffff ? 0 : 1;
        area++;
      }
    }
    assertTrue(colours.size() >= 20, colours.size() + " colours in the chart area " + around);
    assertTrue(inked >= area / 50, inked + " of " + area + " pixels inked in " + around);
  }

  /** The page rendered: many colours, and much besides the page background and white. */
  private static void assertNotBlank(BufferedImage img) {
    assertEquals(WIDTH, img.getWidth());
    Set<Integer> colours = new HashSet<>();
    long content = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        content += rgb == 0xffffff || rgb == 0xf6f7f9 ? 0 : 1;
      }
    }
    assertTrue(colours.size() >= 100, colours.size() + " distinct colours");
    long pixels = (long) img.getWidth() * img.getHeight();
    assertTrue(content >= pixels / 50, content + " of " + pixels + " pixels are content");
  }
}
