package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Models, checkpoints and every other file Descent reads are plain data: no code path may
 * deserialize Java objects (or let Jackson pick classes from the input), so a crafted file
 * cannot run code. Spark's own serialization of tasks between its processes is not a file Descent
 * reads and is not concerned. This scans the main sources for the APIs that would do it.
 */
class NoJavaDeserializationTest {
  /** APIs that turn bytes into arbitrary objects. */
  static final Pattern FORBIDDEN = Pattern.compile("ObjectInputStream|\\.readObject\\(|"
      + "readUnshared\\(|objectFile\\(|SerializationUtils|XMLDecoder|JavaSerializer|"
      + "DefaultTyping|@JsonTypeInfo|enableDefaultTyping|Kryo");

  @Test
  void mainSourcesNeverDeserializeJavaObjects() throws IOException {
    Path main = Path.of("src/main/java");
    assertTrue(Files.isDirectory(main), "run from the project directory");
    List<String> hits = new ArrayList<>();
    int files = 0;
    try (Stream<Path> s = Files.walk(main)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
        files++;
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) {
          if (FORBIDDEN.matcher(lines.get(i)).find()) {
            hits.add(p + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertTrue(files > 50, "scanned only " + files + " files");
    assertEquals(List.of(), hits);
  }

  @Test
  void thePatternFindsWhatItLooksFor() {
    for (String line : new String[] {"new ObjectInputStream(in)", "x = in.readObject();",
        "sc.objectFile(path)", "mapper.activateDefaultTyping(ptv)", "@JsonTypeInfo(use = CLASS)",
        "SerializationUtils.deserialize(bytes)"}) {
      assertTrue(FORBIDDEN.matcher(line).find(), line);
    }
  }
}
