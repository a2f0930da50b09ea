package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compressed input damaged in transit (truncated, or not the format its name says) is bad
 * data naming the file (exit 3), not an unexplained Spark failure (exit 1).
 */
class CorruptCompressedInputTest {
  @TempDir
  Path tmp;

  private byte[] gzip(Path file) throws IOException {
    Path gz = tmp.resolve("whole.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(file, out);
    }
    return Files.readAllBytes(gz);
  }

  @Test
  void aWholeGzipFileTrainsAsTheUncompressedOne() throws IOException {
    Path input = tmp.resolve("wine.libsvm.gz");
    Files.write(input, gzip(Path.of("data/wine_binary.libsvm")));

    Cli.Result r = Cli.run("train", "input=" + input, "loss=logistic", "optimizer=lbfgs",
        "epochs=3").assertExit(0);

    String plain = Cli.run("train", "input=data/wine_binary.libsvm", "loss=logistic",
        "optimizer=lbfgs", "epochs=3").assertExit(0).out();
    assertEquals(withoutTimes(plain), withoutTimes(r.out()));
  }

  private static String withoutTimes(String epochLines) {
    return epochLines.replaceAll(", time=[0-9.]+s", "");
  }

  @Test
  void aTruncatedGzipFileIsBadDataNamingIt() throws IOException {
    byte[] whole = gzip(Path.of("data/wine_binary.libsvm"));
    Path input = tmp.resolve("cut.libsvm.gz");
    Files.write(input, Arrays.copyOf(whole, whole.length / 2));
    Path output = tmp.resolve("out");

    Cli.run("train", "input=" + input, "loss=logistic", "output=" + output).assertExit(3)
        .assertErrContains("error: bad input data: " + input + ": cannot be decompressed as .gz",
            "truncated or corrupt");

    Cli.assertNoOutput(output);
  }

  @Test
  void aCsvNamedGzipThatIsNotIsBadDataNamingIt() throws IOException {
    Path input = tmp.resolve("plain.csv.gz");
    Files.writeString(input, "1,2\n3,4\n");

    Cli.run("train", "input=" + input).assertExit(3)
        .assertErrContains(input + ": cannot be decompressed as .gz");
  }
}
