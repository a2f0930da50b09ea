package dev.descent.report;

import dev.descent.engine.TrainResult;
import dev.descent.io.StagedOutput;
import dev.descent.model.ModelJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;

/** Writing training outputs through Hadoop's FileSystem API. */
public final class ModelFiles {
  private ModelFiles() {}

  /**
   * Writes a training run's output directory, atomically: {@code model.json},
   * {@code metrics.json} and {@code report.html}, then {@code _SUCCESS}. A diverged run's
   * directory holds only {@code metrics.json} and {@code report.html} and no marker, so nothing
   * takes it for a usable model.
   */
  public static void writeTraining(TrainResult result, String output, boolean overwrite,
      Configuration conf) throws IOException {
    try (StagedOutput out = StagedOutput.begin(output, overwrite, conf)) {
      if (!result.diverged()) {
        out.write(ModelJson.FILE_NAME,
            (ModelJson.toString(result.model()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.write(MetricsJson.FILE_NAME, MetricsJson.of(result));
      out.write(TrainingReport.FILE_NAME, TrainingReport.of(result));
      out.commit(!result.diverged());
    }
  }
}
