package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte offsets to file:line, for several locations in several files at once. */
class LineLocatorTest {
  @TempDir
  Path tmp;

  @Test
  void describesEveryLocationInItsOwnOrder() throws IOException {
    Path a = tmp.resolve("a.txt");
    Files.write(a, "l1\r\nl2\n\nl4\rstill l4\nl5\n".getBytes(StandardCharsets.US_ASCII));
    Path b = tmp.resolve("b.txt");
    Files.writeString(b, "x\ny\n");
    Configuration conf = new Configuration();

    List<String> described = LineLocator.describeAll(List.of(
        Location.inFile(a.toString(), 22), // l5
        Location.inFile(b.toString(), 2), // y
        Location.inFile(a.toString(), 0),
        Location.inRecords("rows", "partition 1, record 3"),
        Location.inFile(a.toString(), 8), // l4
        Location.inFile(a.toString(), 11), // "still l4": a lone CR does not end a line here
        Location.inFile(a.toString(), 22),
        Location.inFile(tmp.resolve("gone.txt").toString(), 5)), conf);

    assertEquals(List.of(a + ":5", b + ":2", a + ":1", "rows (partition 1, record 3)", a + ":4",
        a + ":4", a + ":5", tmp.resolve("gone.txt") + " at byte 5"), described);
    assertEquals(a + ":3", LineLocator.describe(Location.inFile(a.toString(), 7), conf));
  }
}
