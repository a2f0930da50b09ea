package dev.descent.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One local[2] Spark session for the whole test JVM: starting Spark costs seconds, and Surefire
 * runs every test class in one fork. Never stopped by tests; it dies with the JVM.
 */
public final class SparkTests {
  private static SparkSession session;

  private SparkTests() {}

  public static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      SparkConf conf = new SparkConf()
          .setMaster("local[2]")
          .setAppName("descent-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.sql.shuffle.partitions", "4")
          .set("spark.default.parallelism", "4");
      session = SparkSession.builder().config(conf).getOrCreate();
    }
    SparkSession.setActiveSession(session);
    SparkSession.setDefaultSession(session);
    return session;
  }

  public static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }
}
