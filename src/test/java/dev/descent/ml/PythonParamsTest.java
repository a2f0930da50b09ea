package dev.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Python package's param declarations are generated from the Java ones and kept equal. */
class PythonParamsTest {

  @Test
  void pythonParamsJsonIsTheGeneratedOne() throws IOException {
    String expected = PythonParams.json();
    Path generated = Path.of("target", "python-params.json");
    Files.createDirectories(generated.getParent());
    Files.writeString(generated, expected, StandardCharsets.UTF_8);
    String actual = Files.readString(Path.of("python", "descent", "params.json"),
        StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertEquals(expected, actual, "python/descent/params.json is out of date with the settings"
        + " declarations; regenerate it: cp target/python-params.json python/descent/params.json");
  }
}
