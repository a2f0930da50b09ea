package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code src/main} depend on each other without cycles, and the engine never
 * reads the configuration: it is given a typed plan. Dependencies are read from the code (import
 * lines and fully qualified names, comments left out), at the level of Descent's top-level
 * packages ({@code dev.descent.X}, its subpackages counted as X; the API class in
 * {@code dev.descent} itself as "api").
 */
class PackageStructureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/descent");
  private static final Pattern USE = Pattern.compile("\\bdev\\.descent\\.([a-z]+)\\.[A-Za-z]");
  private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*.*?\\*/",
      Pattern.DOTALL);

  /** Each package and the packages it uses. */
  static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = MAIN.relativize(file);
        String from = relative.getNameCount() == 1 ? "api" : relative.getName(0).toString();
        Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
        String code = COMMENTS.matcher(Files.readString(file)).replaceAll("");
        Matcher m = USE.matcher(code);
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }

  @Test
  void theEngineDoesNotUseTheConfiguration() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertTrue(uses.containsKey("engine") && uses.containsKey("config"), uses.toString());
    assertFalse(uses.get("engine").contains("config"), "engine uses " + uses.get("engine"));
  }

  /**
   * Turning inputs into rows is one layer, below the engine: it reads files and DataFrames into
   * rows and packed partitions, knowing the model (to score) but not training or settings.
   */
  @Test
  void theInputLayerUsesOnlyTheLayersBelowIt() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertTrue(uses.containsKey("input"), uses.toString());
    assertEquals(Set.of(), difference(uses.get("input"), Set.of("data", "io", "model")),
        "input uses " + uses.get("input"));
    assertEquals(Set.of(), difference(uses.get("model"), Set.of("data", "io", "loss")),
        "model uses " + uses.get("model"));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  @Test
  void packageDependenciesHaveNoCycle() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    List<String> cycle = new ArrayList<>();
    for (String start : uses.keySet()) {
      if (cycle.isEmpty()) {
        cycle = cycleFrom(start, uses, new ArrayList<>());
      }
    }
    assertEquals(List.of(), cycle, "a cycle of package dependencies; all of them: " + uses);
  }

  /** A path from {@code start} back into itself or into the path, or empty if there is none. */
  private static List<String> cycleFrom(String start, Map<String, Set<String>> uses,
      List<String> path) {
    if (path.contains(start)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(start), path.size()));
      cycle.add(start);
      return cycle;
    }
    path.add(start);
    for (String next : uses.getOrDefault(start, Set.of())) {
      List<String> cycle = cycleFrom(next, uses, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    return List.of();
  }
}
