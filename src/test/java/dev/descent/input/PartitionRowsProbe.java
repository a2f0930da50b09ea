package dev.descent.input;

import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.data.LabelDomain;
import dev.descent.data.Precision;
import dev.descent.engine.TrainingData;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Run in its own JVM by PartitioningTest, with the local file system's block size set through
 * Spark's Hadoop configuration (a fresh JVM, so that no cached file system keeps 32 MB): reads
 * a text file for training (args: file, block bytes) on local[2] and prints the rows of each
 * cached partition.
 */
public final class PartitionRowsProbe {
  private PartitionRowsProbe() {}

  public static void main(String[] args) {
    JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setMaster("local[2]")
        .setAppName("partition-rows-probe").set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.hadoop.fs.local.block.size", args[1]));
    int splits = jsc.textFile(args[0], 2).getNumPartitions();
    Config c = Config.empty().with("input", args[0]).with("loss", "logistic");
    try (TrainingData data = TrainingData.of(TrainingInput.text(jsc,
        Inputs.forTraining(c, LabelDomain.BINARY), Precision.DOUBLE))) {
      System.out.println("splits " + splits + " rows " + Arrays.toString(data.partitionRows()));
    }
    jsc.stop();
  }
}
