package dev.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.descent.cli.Main;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar that goes to spark-submit holds the product only. descent.jar is packed from the
 * product's classes (target/classes: the jar plugin's default execution in pom.xml), so no
 * benchmark class may be there; the benchmark's classes come from their own directory, which
 * becomes descent-bench.jar.
 */
class ProductJarTest {

  @Test
  void productClassesHoldNoBenchmarkClass() throws Exception {
    Path product = location(Main.class);

    List<String> bench = entries(product).stream()
        .filter(e -> e.startsWith("dev/descent/bench/") || e.contains("/BenchAccess"))
        .toList();

    assertEquals(List.of(), bench, "benchmark classes in " + product);
    assertNotEquals(product, location(Class.forName("dev.descent.bench.BenchMain")),
        "the benchmark is loaded from the product's classes");
  }

  /** The directory or jar a class was loaded from. */
  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Every file in a class directory or jar, as a '/'-separated relative path. */
  private static List<String> entries(Path classes) throws IOException {
    if (Files.isDirectory(classes)) {
      return list(classes);
    }
    try (FileSystem jar = FileSystems.newFileSystem(classes)) {
      return list(jar.getPath("/"));
    }
  }

  private static List<String> list(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
    }
  }
}
