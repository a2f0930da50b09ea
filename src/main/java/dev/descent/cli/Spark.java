package dev.descent.cli;

import dev.descent.engine.FatalErrors;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of one command: local[*] unless a master was given. A session that was
 * already running (Descent embedded in a larger JVM, or tests) is used and left running;
 * one started here is stopped at the end.
 */
final class Spark implements AutoCloseable {
  final SparkSession session;
  final JavaSparkContext jsc;
  private final boolean owned;
  private final FatalErrors.Watch watch;

  private Spark(SparkSession session, boolean owned) {
    this.session = session;
    this.jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
    this.owned = owned;
    this.watch = FatalErrors.watch(jsc);
  }

  static Spark start(String command) {
    SparkSession running = running();
    if (running != null) {
      return new Spark(running, false);
    }
    SparkConf conf = new SparkConf().setAppName("Descent " + command);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    return new Spark(SparkSession.builder().config(conf).getOrCreate(), true);
  }

  /**
   * The Hadoop configuration paths are resolved with: the running session's, or, before Spark
   * starts, Hadoop's defaults (core-site.xml, ...) with the {@code spark.hadoop.*} settings
   * spark-submit passed, as Spark itself builds it.
   */
  static Configuration hadoopConfiguration() {
    SparkSession running = running();
    if (running != null) {
      return running.sparkContext().hadoopConfiguration();
    }
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> kv : new SparkConf().getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        hadoop.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    return hadoop;
  }

  /** The session already running in this JVM (active, else default), or null. */
  private static SparkSession running() {
    for (scala.Option<SparkSession> running :
        List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
      if (running.isDefined() && !running.get().sparkContext().isStopped()) {
        return running.get();
      }
    }
    return null;
  }

  @Override
  public void close() {
    watch.close();
    if (owned) {
      session.stop();
    }
  }
}
