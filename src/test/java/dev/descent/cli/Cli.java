package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.testing.SparkTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command line in-process, on the shared test session, and captures what it says. */
final class Cli {
  static final ObjectMapper JSON = new ObjectMapper();

  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    /** Asserts the exit code, showing both streams on failure. */
    Result assertExit(int expected) {
      assertEquals(expected, exit, () -> "exit code\n--- stdout ---\n" + out
          + "\n--- stderr ---\n" + err);
      return this;
    }

    /** Asserts that stderr contains every fragment. */
    Result assertErrContains(String... fragments) {
      for (String f : fragments) {
        assertTrue(err.contains(f), () -> "stderr lacks '" + f + "':\n" + err);
      }
      return this;
    }
  }

  static Result run(String... args) {
    SparkTests.session(); // Main reuses the running session and leaves it running
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = new Main(o, e).run(args);
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parseJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that no hidden entry (a staging or set-aside directory) is left in {@code dir}. */
  static void assertNoHiddenEntries(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> hidden = entries.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".")).toList();
      assertTrue(hidden.isEmpty(), () -> "hidden entries left in " + dir + ": " + hidden);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code output} was not created and nothing was staged beside it. */
  static void assertNoOutput(Path output) {
    assertFalse(Files.exists(output), () -> output + " should not exist");
    if (Files.isDirectory(output.getParent())) {
      assertNoHiddenEntries(output.getParent());
    }
  }
}
