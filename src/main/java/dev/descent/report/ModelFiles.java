package dev.descent.report;

import dev.descent.data.DataException;
import dev.descent.engine.TrainResult;
import dev.descent.io.HadoopFiles;
import dev.descent.io.StagedOutput;
import dev.descent.model.ModelJson;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reading models and writing training outputs through Hadoop's FileSystem API. */
public final class ModelFiles {
  private ModelFiles() {}

  /**
   * Loads a model from a directory holding {@code model.json}, or from the file itself.
   *
   * @throws DataException if there is no model there
   * @throws dev.descent.model.ModelFormatException if the file is not a readable model
   */
  public static LinearModel load(String location, Configuration conf) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    try {
      if (fs.getFileStatus(path).isDirectory()) {
        path = new Path(path, ModelJson.FILE_NAME);
      }
      try (InputStream in = fs.open(path)) {
        return ModelJson.read(in, HadoopFiles.display(path));
      }
    } catch (ChecksumException e) {
      // Hadoop's local file system wrote a checksum (.model.json.crc) beside the file.
      throw new ModelFormatException(HadoopFiles.display(path) + " does not match the checksum"
          + " written with it: it was changed or damaged after training (if you edited it on"
          + " purpose, delete the ." + path.getName() + ".crc file beside it)", e);
    } catch (FileNotFoundException e) {
      throw DataException.of(HadoopFiles.display(path), "no model here (model= should name the"
          + " output directory of a train run, or its model.json)");
    }
  }

  /**
   * Writes a training run's output directory, atomically: {@code model.json} and
   * {@code metrics.json}, then {@code _SUCCESS}. A diverged run's directory holds only
   * {@code metrics.json} and no marker, so nothing takes it for a usable model.
   */
  public static void writeTraining(TrainResult result, String output, boolean overwrite,
      Configuration conf) throws IOException {
    try (StagedOutput out = StagedOutput.begin(output, overwrite, conf)) {
      if (!result.diverged()) {
        out.write(ModelJson.FILE_NAME,
            (ModelJson.toString(result.model()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.write(MetricsJson.FILE_NAME, MetricsJson.of(result));
      out.commit(!result.diverged());
    }
  }
}
