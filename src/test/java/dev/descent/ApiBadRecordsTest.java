package dev.descent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.data.SkipReport;
import dev.descent.engine.TrainResult;
import dev.descent.testing.SparkTests;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** onBadRecord through the Java API, on in-memory records (LabeledPoint RDDs, DataFrames). */
class ApiBadRecordsTest {
  /** y = 2x + 1 on x = 1..8, in two partitions of four; {@code bad} rows get a NaN feature. */
  private static List<LabeledPoint> points(int... bad) {
    List<LabeledPoint> points = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      double x = i;
      for (int b : bad) {
        x = b == i ? Double.NaN : x;
      }
      points.add(new LabeledPoint(2 * i + 1, Vectors.dense(x)));
    }
    return points;
  }

  private static Descent.Builder lbfgs() {
    return Descent.trainer().set("optimizer", "lbfgs").set("tolerance", "1e-12");
  }

  @Test
  void aBadLabeledPointFailsByDefaultNamingPartitionAndRecord() {
    DataException e = assertThrows(DataException.class,
        () -> lbfgs().fit(SparkTests.jsc().parallelize(points(6), 2)));
    assertTrue(e.getMessage().contains("LabeledPoint RDD: partition 1, record 2: feature 0 has"
        + " non-finite value NaN"), e.getMessage());
  }

  @Test
  void skippedLabeledPointsAreCountedAndLeftOut() {
    TrainResult r = lbfgs().set("onBadRecord", "skip")
        .fit(SparkTests.jsc().parallelize(points(2, 6, 7), 2));

    SkipReport s = r.skipped();
    assertEquals(3, s.count());
    assertEquals(List.of("LabeledPoint RDD (partition 0, record 2)",
        "LabeledPoint RDD (partition 1, record 2)", "LabeledPoint RDD (partition 1, record 3)"),
        s.examples().stream().map(SkipReport.Example::location).toList());
    assertEquals(5, r.data().rows());
    assertEquals(2.0, r.model().weights(0)[0], 1e-6); // the five good points still fit y = 2x + 1
    assertEquals(1.0, r.model().intercept(0), 1e-6);
  }

  @Test
  void dataFrameRowsWithNullsAreSkipped() {
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.DoubleType, true),
        DataTypes.createStructField("features", new VectorUDT(), true)});
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      rows.add(RowFactory.create(i == 4 ? null : 2.0 * i + 1,
          org.apache.spark.ml.linalg.Vectors.dense(i)));
    }
    Dataset<Row> df = SparkTests.session().createDataFrame(rows, schema).coalesce(1);

    TrainResult r = lbfgs().set("onBadRecord", "skip").fit(df);

    assertEquals(1, r.skipped().count());
    assertEquals(new SkipReport.Example("DataFrame (partition 0, record 4)",
        "column 'label': null value"), r.skipped().examples().get(0));
    assertArrayEquals(new double[] {2.0}, r.model().weights(0), 1e-6);
  }

  @Test
  void nothingLeftAfterSkippingIsADataError() {
    List<LabeledPoint> all = points(1, 2, 3, 4, 5, 6, 7, 8);
    DataException e = assertThrows(DataException.class,
        () -> lbfgs().set("onBadRecord", "skip").fit(SparkTests.jsc().parallelize(all, 2)));
    assertTrue(e.getMessage().contains("every record is malformed (8 skipped"), e.getMessage());
  }
}
