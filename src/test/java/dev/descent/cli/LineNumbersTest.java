package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.testing.TestFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.io.compress.bzip2.CBZip2OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors name line numbers, whichever split a record is in. Hadoop gives each line its byte
 * offset, and the driver counts the lines before it only when it reports one; in a file
 * compressed with a splittable codec (bzip2), Hadoop's keys are compressed positions plus
 * decompressed bytes, not offsets into the text, and counting to them named a wrong line (here
 * 54,886 for line 120,000), so those records are located by their split and their place in it.
 */
class LineNumbersTest {
  @TempDir
  Path tmp;

  private static final Set<Integer> BAD = Set.of(7, 21_000, 38_000);
  private static final int LINES = 40_000;

  private static List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= LINES; i++) {
      lines.add(BAD.contains(i) ? "1 1:bad" : (i % 2) + " 1:" + (i % 13) + ".5 2:0.25 3:" + i);
    }
    return lines;
  }

  /**
   * bzip2 with 100 KB blocks (Hadoop's own compressor; "BZ" and then its stream, as Hadoop's
   * codec writes it): about 10 blocks for 40,000 lines, so that each of 4 splits starts some.
   */
  private Path bzip2(List<String> lines) throws Exception {
    Path file = tmp.resolve("data.libsvm.bz2");
    try (OutputStream raw = Files.newOutputStream(file)) {
      raw.write(new byte[] {'B', 'Z'});
      try (OutputStream out = new CBZip2OutputStream(raw, 1)) {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
    return file;
  }

  @Test
  void aBadLineInALaterSplitOfAPlainFileIsNamedByItsLine() {
    List<String> lines = new ArrayList<>(lines().subList(0, 30_000));
    lines.set(6, "1 1:0.5"); // only line 21,000 is bad, in the third split
    Path file = TestFiles.write(tmp, "data.libsvm", lines.toArray(String[]::new));
    Cli.run("train", "input=" + file, "loss=logistic", "partitions=4").assertExit(3)
        .assertErrContains("error: bad input data: " + file
            + ":21000: feature 1: value \"bad\"");
  }

  @Test
  void aBadLineInALaterSplitOfABzip2FileIsNamedByItsLine() throws Exception {
    List<String> lines = new ArrayList<>(lines());
    lines.set(6, "1 1:0.5");
    lines.set(20_999, "1 1:0.5");
    Path file = bzip2(lines); // only line 38,000 is bad, in the last split
    Cli.Result r = Cli.run("train", "input=" + file, "loss=logistic", "partitions=4");
    r.assertExit(3).assertErrContains("error: bad input data: " + file
        + ":38000: feature 1: value \"bad\"");
    assertFalse(r.err().contains("byte"), r.err());
  }

  @Test
  void skippedRecordsOfABzip2FileAreNamedByTheirLines() throws Exception {
    Path file = bzip2(lines());
    Path model = tmp.resolve("model");
    Cli.run("train", "input=" + file, "loss=logistic", "partitions=4", "epochs=1",
        "onBadRecord=skip", "output=" + model).assertExit(0)
        .assertErrContains(file + ":7: ", file + ":21000: ", file + ":38000: ");
    JsonNode metrics = Cli.readJson(model.resolve("metrics.json"));
    assertEquals(3, metrics.path("skippedRecords").asInt());
    List<String> where = new ArrayList<>();
    metrics.path("skippedExamples").forEach(e -> where.add(e.path("location").asText()));
    assertEquals(List.of(file + ":7", file + ":21000", file + ":38000"), where);
  }
}
