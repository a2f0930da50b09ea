package dev.descent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers for test data files. */
public final class TestFiles {
  private TestFiles() {}

  /** Writes {@code lines} (joined with newlines, with a final newline) to {@code dir/name}. */
  public static Path write(Path dir, String name, String... lines) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test resource (copied into the project from ../shared where the README says so). */
  public static Path resource(String name) {
    try {
      return Path.of(TestFiles.class.getResource("/" + name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }
}
