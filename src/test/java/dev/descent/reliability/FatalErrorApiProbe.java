package dev.descent.reliability;

import dev.descent.Descent;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.SparkSession;

/**
 * Run in its own small-heap JVM by DriverErrorTest: trains through the Java API on a session
 * whose serializer meets a JVM error in the task-result-getter thread, and prints what fit
 * threw. Exits 0 when fit threw, 1 when it returned; without a fix it never gets that far.
 */
public final class FatalErrorApiProbe {
  private FatalErrorApiProbe() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().config(new SparkConf().setMaster("local[2]")
        .setAppName("fatal-error-probe").set("spark.ui.enabled", "false")
        .set("spark.serializer", "dev.descent.testing.ResultBombSerializer")).getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<LabeledPoint> points = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      points.add(new LabeledPoint(i % 2, Vectors.dense(i % 7, i % 3 - 1.0)));
    }
    int code;
    try {
      Descent.trainer().set("loss", "logistic").set("epochs", "3")
          .fit(jsc.parallelize(points, 2));
      System.out.println("fit returned");
      code = 1;
    } catch (Throwable t) {
      System.out.println("fit threw " + t);
      code = 0;
    }
    System.out.flush();
    Runtime.getRuntime().halt(code); // the session may be broken: do not wait for its shutdown
  }
}
