package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the examples of the README, docs/ and conf/ write into the project directory (their
 * relative {@code output=} paths) is ignored by git, so that trying the examples leaves a clean
 * checkout.
 */
class ExampleOutputsIgnoredTest {
  private static final Pattern OUTPUT = Pattern.compile("\\boutput=([^\\s`'\")]+)");

  static List<String> exampleOutputs() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    try (Stream<Path> conf = Files.list(Path.of("conf"))) {
      conf.filter(p -> p.toString().endsWith(".properties")).forEach(files::add);
    }
    TreeSet<String> outputs = new TreeSet<>();
    for (Path f : files) {
      Matcher m = OUTPUT.matcher(Files.readString(f));
      while (m.find()) {
        String path = m.group(1);
        if (!path.equals("DIR") && !path.contains(":") && !path.startsWith("/")) {
          outputs.add(path);
        }
      }
    }
    return List.copyOf(outputs);
  }

  @Test
  void relativeExampleOutputsAreGitIgnored() throws Exception {
    List<String> outputs = exampleOutputs();
    assertTrue(outputs.contains("models/wine") && outputs.contains("predictions/wine"),
        "the README's examples: " + outputs);
    for (String output : outputs) {
      Process p;
      try {
        p = new ProcessBuilder("git", "check-ignore", "-q", "--no-index", output + "/model.json")
            .redirectErrorStream(true).start();
      } catch (IOException e) {
        Assumptions.abort("no git: " + e.getMessage());
        return;
      }
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      Assumptions.assumeTrue(p.exitValue() != 128, "not a git checkout: " + said);
      assertEquals(0, p.exitValue(), output + " is not git-ignored " + said);
    }
  }
}
