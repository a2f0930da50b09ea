package dev.descent.reliability;

import dev.descent.cli.MainForTests;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Runs several CLI commands in one Spark application against the master given as the first
 * argument (e.g. local-cluster[2,1,1024]), so one cluster start covers train, predict and
 * evaluate. Arguments after the master are commands separated by "--". Exits with the first
 * non-zero exit code, or 0.
 */
public final class ClusterSmokeMain {
  public static void main(String[] args) {
    SparkConf conf = new SparkConf().setMaster(args[0]).setAppName("descent-cluster-smoke");
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    int code = 0;
    try {
      java.util.List<String> command = new java.util.ArrayList<>();
      for (int i = 1; i <= args.length && code == 0; i++) {
        if (i == args.length || args[i].equals("--")) {
          code = MainForTests.run(command.toArray(new String[0]));
          command.clear();
        } else {
          command.add(args[i]);
        }
      }
    } finally {
      session.stop();
    }
    System.exit(code);
  }
}
