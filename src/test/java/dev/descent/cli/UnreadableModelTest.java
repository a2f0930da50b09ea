package dev.descent.cli;

import dev.descent.model.LinearModel;
import dev.descent.model.ModelJson;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict and evaluate with a model.json they cannot use: exit 3, the file named, no output. */
class UnreadableModelTest {
  static final String INPUT = "data/wine_binary.libsvm";

  @TempDir
  Path tmp;

  private static LinearModel wineShaped() {
    return new LinearModel("logistic", 13, 2, new double[1][13], new double[] {0}, true,
        Map.of());
  }

  @Test
  void aModelFromANewerFormatVersionIsRefusedByName() throws IOException {
    Path model = Files.createDirectory(tmp.resolve("model"));
    Files.writeString(model.resolve("model.json"), ModelJson.toString(wineShaped())
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    Path output = tmp.resolve("pred");

    Cli.run("predict", "input=" + INPUT, "model=" + model, "output=" + output).assertExit(3)
        .assertErrContains("error: unreadable model: " + model.resolve("model.json"),
            "has model format version 2; this Descent reads version 1 (it was written by a newer"
                + " Descent)");
    Cli.run("evaluate", "input=" + INPUT, "model=" + model).assertExit(3)
        .assertErrContains("format version 2");

    Cli.assertNoOutput(output);
  }

  @Test
  void aJavaSerializedModelIsNeverDeserialized() throws IOException {
    Path model = Files.createDirectory(tmp.resolve("model"));
    try (OutputStream out = Files.newOutputStream(model.resolve("model.json"));
        ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(wineShaped());
    }

    Cli.run("evaluate", "input=" + INPUT, "model=" + model).assertExit(3)
        .assertErrContains("unreadable model", "is not valid JSON");
  }
}
