package dev.descent.reliability;

import dev.descent.io.StagedOutput;
import dev.descent.model.LinearModel;
import dev.descent.model.ModelJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A process that replaces an output, for {@link KillCommitTest}: writes a model whose one weight
 * is {@code args[1]} (and a second file) to {@code args[0]} with overwrite=true. With
 * {@code -Ddescent.test.pauseAt=STEP} it stops at that step of the commit, to be killed there.
 */
public final class CommitChild {
  private CommitChild() {}

  public static void main(String[] args) throws Exception {
    write(args[0], Double.parseDouble(args[1]), new Configuration());
    System.err.println("committed");
  }

  /** Writes (replacing) an output holding a one-weight model and a data file. */
  static void write(String output, double weight, Configuration conf) throws Exception {
    try (StagedOutput out = StagedOutput.begin(output, true, conf,
        note -> System.err.println("note: " + note))) {
      out.write(ModelJson.FILE_NAME, ModelJson.toString(model(weight))
          .getBytes(StandardCharsets.UTF_8));
      out.write("part-00000", ("weight " + weight + "\n").getBytes(StandardCharsets.UTF_8));
      out.commit();
    }
  }

  static LinearModel model(double weight) {
    return new LinearModel("squared", 1, 0, new double[][] {{weight}}, new double[] {0.5}, true,
        Map.of());
  }
}
