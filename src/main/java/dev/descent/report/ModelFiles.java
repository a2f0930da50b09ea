package dev.descent.report;

import dev.descent.engine.TrainResult;
import dev.descent.io.StagedOutput;
import dev.descent.model.ModelStore;
import java.io.IOException;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writing training outputs through Hadoop's FileSystem API. */
public final class ModelFiles {
  /** What a failure record holds. */
  private static final Set<String> FAILURE_FILES = Set.of(MetricsJson.FILE_NAME,
      TrainingReport.FILE_NAME);

  private ModelFiles() {}

  /**
   * Where a diverged run's metrics and report go: beside the output, never in it, so that a
   * failed run leaves the output exactly as it was.
   */
  public static String failureRecord(String output) {
    return output.replaceAll("/+$", "") + ".failed";
  }

  /**
   * Writes a successful training run's output directory, atomically: {@code model.json},
   * {@code metrics.json} and {@code report.html}, then {@code _SUCCESS}.
   */
  public static void writeTraining(TrainResult result, String output, boolean overwrite,
      Configuration conf, Consumer<String> notes) throws IOException {
    if (result.diverged()) {
      throw new IllegalArgumentException("a diverged run has no model to write; see"
          + " writeFailure");
    }
    try (StagedOutput out = StagedOutput.begin(output, overwrite, conf, notes)) {
      ModelStore.write(result.model(), out);
      out.write(MetricsJson.FILE_NAME, MetricsJson.of(result));
      out.write(TrainingReport.FILE_NAME, TrainingReport.of(result));
      out.commit();
    }
  }

  /**
   * Writes a diverged run's {@code metrics.json} and {@code report.html}, without a model or
   * {@code _SUCCESS}, to {@link #failureRecord} of {@code output} (atomically, replacing the
   * previous failure record); {@code output} itself is not touched.
   *
   * @return the directory written, or null if a directory that is not a failure record (it holds
   *     other files) is in the way, which is left alone
   */
  public static String writeFailure(TrainResult result, String output, Configuration conf,
      Consumer<String> notes) throws IOException {
    String record = failureRecord(output);
    Path path = new Path(record);
    FileSystem fs = path.getFileSystem(conf);
    if (fs.exists(path) && !isFailureRecord(fs, path)) {
      notes.accept(record + " holds files other than " + String.join(" and ",
          FAILURE_FILES.stream().sorted().toList()) + ", so this run's record was not written"
          + " there");
      return null;
    }
    try (StagedOutput out = StagedOutput.begin(record, true, conf, notes)) {
      out.write(MetricsJson.FILE_NAME, MetricsJson.of(result));
      out.write(TrainingReport.FILE_NAME, TrainingReport.of(result));
      out.commit(false);
    }
    return record;
  }

  private static boolean isFailureRecord(FileSystem fs, Path dir) throws IOException {
    if (!fs.getFileStatus(dir).isDirectory()) {
      return false;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (!name.startsWith(".") && !FAILURE_FILES.contains(name)) {
        return false;
      }
    }
    return true;
  }
}
