package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV files as spreadsheets and scripts write them: a UTF-8 byte order mark, blank lines before
 * the header. The header is the first non-blank line, found the same way by the column layout
 * and by the reader.
 */
class CsvFileQuirksTest {
  static final String DATA = "y,x\n3,1\n5,2\n7,3\n9,4\n";

  @TempDir
  Path tmp;

  private Path write(String name, byte[] prefix, String text) throws IOException {
    Path p = tmp.resolve(name);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(body, 0, all, prefix.length, body.length);
    Files.write(p, all);
    return p;
  }

  private double[] fit(Path input, String... more) {
    Path output = tmp.resolve("out-" + input.getFileName());
    String[] args = new String[4 + more.length];
    args[0] = "train";
    args[1] = "input=" + input;
    args[2] = "optimizer=lbfgs";
    args[3] = "output=" + output;
    System.arraycopy(more, 0, args, 4, more.length);
    Cli.run(args).assertExit(0);
    var model = Cli.readJson(output.resolve("model.json"));
    return new double[] {model.path("weights").get(0).asDouble(),
        model.path("intercept").asDouble()};
  }

  @Test
  void aByteOrderMarkDoesNotChangeTheHeaderOrTheData() throws IOException {
    Path plain = write("plain.csv", new byte[0], DATA);
    Path bom = write("bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, DATA);

    double[] expected = fit(plain, "header=true", "labelColumn=y");
    assertEquals(2.0, expected[0], 1e-9);
    assertEquals(1.0, expected[1], 1e-9);
    double[] withBom = fit(bom, "header=true", "labelColumn=y");
    assertEquals(expected[0], withBom[0], 0.0);
    assertEquals(expected[1], withBom[1], 0.0);
  }

  @Test
  void blankLinesBeforeTheHeaderAreSkipped() throws IOException {
    Path input = write("blank-first.csv", new byte[0], "\n \t\r\n" + DATA);

    double[] fitted = fit(input, "header=true", "labelColumn=y");

    assertEquals(2.0, fitted[0], 1e-9);
  }

  @Test
  void aHeaderAfterBlankLinesReadAsDataGetsTheHint() throws IOException {
    Path input = write("blank-first.csv", new byte[0], "\n" + DATA);

    Cli.run("train", "input=" + input).assertExit(3).assertErrContains(input + ":2: column 1",
        "(if the first line is a header, set header=true)");
  }

  @Test
  void aHeaderNameWrongAfterBlankLinesNamesItsLine() throws IOException {
    Path input = write("blank-first.csv", new byte[0], "\n\n" + DATA);

    Cli.run("train", "input=" + input, "header=true", "labelColumn=z").assertExit(3)
        .assertErrContains(input + ":3: no column named 'z'");
  }
}
