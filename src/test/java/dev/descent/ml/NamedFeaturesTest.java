package dev.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.testing.SparkTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Features named by a VectorAssembler's attributes: the model records the names, and
 * DescentModel.transform finds them by name in vectors assembled in another order or with more
 * columns; a vector that lacks one is an error.
 */
class NamedFeaturesTest {
  /** y = 1 + 2 price - 0.5 stock + 3 promo, exactly. */
  private static double y(Row r) {
    return 1 + 2 * r.getDouble(0) - 0.5 * r.getDouble(1) + 3 * r.getDouble(2);
  }

  static Dataset<Row> rows;
  static DescentModel model;

  @BeforeAll
  static void fit() {
    Random r = new Random(5);
    List<Row> list = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double price = r.nextInt(100) / 4.0;
      double stock = r.nextInt(50);
      double promo = r.nextInt(2);
      double id = i;
      list.add(RowFactory.create(price, stock, promo, id,
          1 + 2 * price - 0.5 * stock + 3 * promo));
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("price", DataTypes.DoubleType, false),
        DataTypes.createStructField("stock", DataTypes.DoubleType, false),
        DataTypes.createStructField("promo", DataTypes.DoubleType, false),
        DataTypes.createStructField("id", DataTypes.DoubleType, false),
        DataTypes.createStructField("label", DataTypes.DoubleType, false)});
    rows = SparkTests.session().createDataFrame(list, schema).coalesce(1);
    model = new DescentEstimator().set("optimizer", "lbfgs").set("tolerance", "1e-12")
        .fit(assemble("price", "stock", "promo"));
  }

  private static Dataset<Row> assemble(String... columns) {
    return new VectorAssembler().setInputCols(columns).setOutputCol("features").transform(rows);
  }

  @Test
  void theModelRecordsTheAssemblersNames() {
    assertEquals(List.of("price", "stock", "promo"), model.linearModel().featureNames());
  }

  @Test
  void transformFindsFeaturesByNameInAnotherOrder() {
    for (String[] order : new String[][] {{"stock", "promo", "price"},
        {"id", "stock", "promo", "price"}}) {
      List<Row> out = model.transform(assemble(order))
          .select("price", "stock", "promo", "prediction").collectAsList();
      for (Row r : out) {
        assertEquals(y(r), r.getDouble(3), 1e-6, String.join(",", order) + ": " + r);
      }
    }
  }

  @Test
  void transformRefusesAVectorWithoutAFeature() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.transform(assemble("stock", "price")));
    assertTrue(e.getMessage().contains("has no column for the model's feature 'promo'"),
        e.getMessage());
  }
}
