package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.testing.SparkTests;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark data sources with named features: a model trained on featureColumns or on a vector
 * assembled by VectorAssembler records the names, and predict finds them by name (another
 * order, more columns), takes featureColumns from the model when not given, and refuses input
 * that lacks a feature.
 */
class FrameColumnsByNameTest {
  @TempDir
  static Path data;
  static Path columns; // price, stock, promo, id, y
  static Dataset<Row> rows;

  @TempDir
  Path tmp;

  static double y(double price, double stock, double promo) {
    return 1 + 2 * price - 0.5 * stock + 3 * promo;
  }

  @BeforeAll
  static void write() {
    Random r = new Random(8);
    List<Row> list = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      double price = r.nextInt(100) / 4.0;
      double stock = r.nextInt(50);
      double promo = r.nextInt(2);
      list.add(RowFactory.create(price, stock, promo, (double) i, y(price, stock, promo)));
    }
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("price", DataTypes.DoubleType, false),
        DataTypes.createStructField("stock", DataTypes.DoubleType, false),
        DataTypes.createStructField("promo", DataTypes.DoubleType, false),
        DataTypes.createStructField("id", DataTypes.DoubleType, false),
        DataTypes.createStructField("y", DataTypes.DoubleType, false)});
    rows = SparkTests.session().createDataFrame(list, schema).coalesce(1);
    columns = data.resolve("columns.parquet");
    rows.write().parquet(columns.toString());
  }

  private Path assembled(String name, String... inputs) {
    Path p = tmp.resolve(name);
    new VectorAssembler().setInputCols(inputs).setOutputCol("features").transform(rows)
        .select("id", "y", "features").write().parquet(p.toString());
    return p;
  }

  /** The predictions (parquet, with the id kept), checked against the formula. */
  private static void assertRight(Path predictions) {
    List<Row> out = SparkTests.session().read().parquet(predictions.toString())
        .select("id", "prediction").collectAsList();
    assertEquals(30, out.size());
    List<Row> in = rows.collectAsList();
    for (Row p : out) {
      Row x = in.get((int) p.getDouble(0));
      assertEquals(y(x.getDouble(0), x.getDouble(1), x.getDouble(2)), p.getDouble(1), 1e-6,
          p.toString());
    }
  }

  @Test
  void featureColumnsAreMatchedByNameAndTakenFromTheModel() {
    Path model = tmp.resolve("model");
    Cli.run("train", "input=" + columns, "labelColumn=y", "featureColumns=price,stock,promo",
        "optimizer=lbfgs", "tolerance=1e-12", "output=" + model).assertExit(0);
    JsonNode json = Cli.readJson(model.resolve("model.json"));
    assertEquals("[\"price\",\"stock\",\"promo\"]", json.get("featureNames").toString());

    Path out = tmp.resolve("pred");
    Cli.run("predict", "model=" + model, "input=" + columns, "featureColumns=stock,id,promo,price",
        "outputFormat=parquet", "keepColumns=id", "output=" + out).assertExit(0)
        .assertErrContains("note: column id is not among the model's features and is not read");
    assertRight(out);

    Path inherited = tmp.resolve("pred2");
    Cli.run("predict", "model=" + model, "input=" + columns, "outputFormat=parquet",
        "keepColumns=id", "output=" + inherited).assertExit(0)
        .assertErrContains("labelColumn=y, featureColumns=price,stock,promo (from the model");
    assertRight(inherited);

    Cli.run("evaluate", "model=" + model, "input=" + columns, "featureColumns=stock,price")
        .assertExit(3).assertErrContains("featureColumns has no column for the model's feature"
            + " 'promo'");
  }

  @Test
  void vectorAttributesAreMatchedByName() {
    Path model = tmp.resolve("model");
    Cli.run("train", "input=" + assembled("train.parquet", "price", "stock", "promo"),
        "labelColumn=y", "optimizer=lbfgs", "tolerance=1e-12", "output=" + model).assertExit(0);
    JsonNode json = Cli.readJson(model.resolve("model.json"));
    assertEquals("[\"price\",\"stock\",\"promo\"]", json.get("featureNames").toString());

    Path out = tmp.resolve("pred");
    Cli.run("predict", "model=" + model, "input=" + assembled("score.parquet", "promo", "id",
        "price", "stock"), "outputFormat=parquet", "keepColumns=id", "output=" + out)
        .assertExit(0).assertErrContains("note: vector element id is not among the model's"
            + " features and is not read");
    assertRight(out);

    Cli.Result r = Cli.run("evaluate", "model=" + model, "input=" + assembled("short.parquet",
        "stock", "price")).assertExit(3).assertErrContains("the attributes of column 'features'"
            + " has no column for the model's feature 'promo'");
    assertTrue(r.err().contains("the model's features: price, stock, promo"), r.err());
  }
}
