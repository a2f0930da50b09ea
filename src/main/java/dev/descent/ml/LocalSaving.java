package dev.descent.ml;

import java.io.File;
import org.apache.hadoop.fs.Path;

/**
 * Whether Spark ML is saving to (or loading from) the driver's local disk rather than Hadoop's
 * default file system: Spark 4's {@code MLWriter.saveToLocal} and {@code MLReader.loadFromLocal},
 * which a Spark Connect server's model cache uses for every model it holds. Spark's own metadata
 * goes to the local disk then, so model.json must too, even where the default file system is
 * HDFS. Looked up by reflection: Spark 3.5 has no such mode.
 */
final class LocalSaving {
  private LocalSaving() {}

  static boolean active() {
    try {
      Class<?> utils = Class.forName("org.apache.spark.ml.util.ReadWriteUtils$");
      Object module = utils.getField("MODULE$").get(null);
      Object state = ((ThreadLocal<?>) utils.getMethod("localSavingModeState").invoke(module))
          .get();
      return Boolean.TRUE.equals(state);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return false;
    }
  }

  /** {@code name} in the saved directory {@code dir}: a local file in local saving mode. */
  static Path file(String dir, String name) {
    return active() ? new Path(new File(dir, name).getAbsoluteFile().toURI())
        : new Path(dir, name);
  }
}
