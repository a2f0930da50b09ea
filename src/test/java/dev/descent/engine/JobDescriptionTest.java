package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.testing.Reference;
import dev.descent.testing.SparkTests;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;

/** The Spark UI names what each job is: the run's epoch and step. */
class JobDescriptionTest {

  @Test
  void jobsAreDescribedByEpochAndStep() throws Exception {
    SparkContext sc = SparkTests.session().sparkContext();
    List<String> descriptions = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        String d = job.properties().getProperty("spark.job.description");
        if (d != null) {
          descriptions.add(d);
        }
      }
    };
    sc.addSparkListener(listener);
    try {
      Descent.trainer().set("input", Reference.data("wine_binary_std")).set("loss", "logistic")
          .set("batchSize", "60").set("epochs", "2").set("tolerance", "0")
          .fit(SparkTests.jsc());
      Descent.trainer().set("input", Reference.data("wine_binary_std")).set("loss", "logistic")
          .set("batchSize", "20").set("epochs", "2").set("tolerance", "0")
          .set("syncEvery", "4 steps").fit(SparkTests.jsc());
      Thread.sleep(500); // the listener bus is asynchronous
    } finally {
      sc.removeSparkListener(listener);
    }
    assertTrue(descriptions.contains("Descent: epoch 2/2, step 3/3"), descriptions.toString());
    assertTrue(descriptions.contains("Descent: epoch 2/2, round 3/3 (steps 9-9 of 9)"),
        descriptions.toString());
    assertTrue(descriptions.contains("Descent: epoch 1/2, round 1/3 (steps 1-4 of 9)"),
        descriptions.toString());
    assertTrue(descriptions.stream().noneMatch(d -> d.contains("step 2/9")),
        "no job per step with local steps: " + descriptions);
    assertTrue(descriptions.contains("Descent: estimating curvature for learningRate=auto"),
        descriptions.toString());
  }
}
