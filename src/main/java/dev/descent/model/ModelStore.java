package dev.descent.model;

import dev.descent.data.DataException;
import dev.descent.io.HadoopFiles;
import dev.descent.io.StagedOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@code model.json} through Hadoop's FileSystem API (local, HDFS, object
 * stores); its content is {@link ModelJson}'s.
 */
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

  private ModelStore() {}

  /**
   * Loads a model from a directory holding {@code model.json}, or from the file itself.
   *
   * @throws DataException if there is no model there
   * @throws dev.descent.model.ModelFormatException if the file is not a readable model
   */
  public static LinearModel load(String location, Configuration conf) throws IOException {
    return load(location, conf, note -> LOG.warn(note));
  }

  /**
   * As {@link #load(String, Configuration)}; a replacement of the model's directory that a
   * killed process left half done is first finished or undone ({@link StagedOutput#settle}), and
   * {@code notes} hears which.
   */
  public static LinearModel load(String location, Configuration conf, Consumer<String> notes)
      throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    StagedOutput.settle(location, conf, notes);
    if (path.getName().equals(ModelJson.FILE_NAME) && path.getParent() != null) {
      StagedOutput.settle(path.getParent().toString(), conf, notes);
    }
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
   * Writes {@code model.json} into an output being staged ({@link StagedOutput}), which the
   * caller commits.
   */
  public static void write(LinearModel model, StagedOutput out) throws IOException {
    out.write(ModelJson.FILE_NAME,
        (ModelJson.toString(model) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
