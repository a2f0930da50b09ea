package dev.descent.ml.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ml.DescentEstimator;
import dev.descent.ml.DescentModel;
import dev.descent.model.LinearModel;
import dev.descent.testing.SparkTests;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classes a Spark Connect server creates by name: registered as its ServiceLoader lookup
 * finds them, fitting as DescentEstimator does, and instances of the Spark ML model classes whose
 * coefficients the server lets a client read (MLUtils' allowed attributes), with the Descent
 * model's own transform and save format. The Python tests drive them through a real server.
 */
class ConnectModelsTest {
  private static Dataset<Row> iris;
  private static Dataset<Row> wine;

  @TempDir
  Path tmp;

  @BeforeAll
  static void data() {
    iris = SparkTests.session().read().format("libsvm").load("data/iris.libsvm").cache();
    wine = SparkTests.session().read().format("libsvm").load("data/wine_binary.libsvm").cache();
  }

  @Test
  void everyRegisteredClassIsCreatableAndLoadableByName() throws ReflectiveOperationException {
    List<String> names = new ArrayList<>();
    for (Class<?> service : List.of(Estimator.class, Transformer.class)) {
      for (ServiceLoader.Provider<?> p : ServiceLoader.load(service).stream().toList()) {
        Class<?> type = p.type();
        if (!type.getName().startsWith("dev.descent")) {
          continue;
        }
        names.add(type.getSimpleName());
        assertNotNull(type.getConstructor().newInstance());
        Params byUid = (Params) type.getConstructor(String.class).newInstance("descent_1");
        assertEquals("descent_1", byUid.uid());
        Method load = type.getMethod("load", String.class);
        assertTrue(Modifier.isStatic(load.getModifiers()), type.getName());
      }
    }
    assertEquals(List.of("ConnectEstimator", "ConnectModel", "ConnectLinearRegressionModel",
        "ConnectLogisticRegressionModel", "ConnectLinearSVCModel"), names);
  }

  /** Sets params as the Connect server does: by name, with typed values. */
  private static ConnectEstimator estimator(String loss) {
    ConnectEstimator e = new ConnectEstimator("descent_c");
    e.set(e.getParam("loss"), loss);
    e.set(e.getParam("optimizer"), optimizer(loss));
    e.set(e.getParam("regParam"), 0.01);
    e.set(e.getParam("epochs"), 8);
    return e;
  }

  private static String optimizer(String loss) {
    return loss.equals("hinge") ? "adam" : "lbfgs";
  }

  private static DescentModel direct(String loss, Dataset<Row> data) {
    return new DescentEstimator("descent_c").setLoss(loss).setOptimizer(optimizer(loss))
        .setRegParam(0.01).setEpochs(8).fit(data);
  }

  @Test
  void softmaxFitsAsAMultinomialLogisticRegressionModelWithTheSameCoefficients() {
    Model<?> fitted = (Model<?>) estimator("softmax").fit(iris);
    LogisticRegressionModel lr = assertInstanceOf(ConnectLogisticRegressionModel.class, fitted);
    LinearModel expected = direct("softmax", iris).linearModel();
    Matrix m = lr.coefficientMatrix();
    assertEquals(3, m.numRows());
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < expected.numFeatures(); j++) {
        assertEquals(expected.weights(k)[j], m.apply(k, j), 0.0);
      }
      assertEquals(expected.intercept(k), lr.interceptVector().apply(k), 0.0);
    }
    assertEquals(expected, ((ConnectLogisticRegressionModel) fitted).descentModel()
        .linearModel());
  }

  @Test
  void binaryAndRegressionModelsAnswerCoefficientsAndIntercept() {
    LinearModel logistic = direct("logistic", wine).linearModel();
    LogisticRegressionModel lr = assertInstanceOf(LogisticRegressionModel.class,
        estimator("logistic").fit(wine));
    assertArrayEquals(logistic.weights(0), lr.coefficients().toArray(), 0.0);
    assertEquals(logistic.intercept(0), lr.intercept(), 0.0);

    LinearModel squared = direct("squared", wine).linearModel();
    LinearRegressionModel reg = assertInstanceOf(LinearRegressionModel.class,
        estimator("squared").fit(wine));
    assertArrayEquals(squared.weights(0), reg.coefficients().toArray(), 0.0);
    assertEquals(squared.intercept(0), reg.intercept(), 0.0);

    LinearSVCModel svc = assertInstanceOf(LinearSVCModel.class, estimator("hinge").fit(wine));
    assertArrayEquals(direct("hinge", wine).linearModel().weights(0),
        svc.coefficients().toArray(), 0.0);
  }

  @Test
  void transformsAndSavesAsTheDescentModelWithTheParamsTheClientSet() throws Exception {
    ConnectLogisticRegressionModel fitted =
        (ConnectLogisticRegressionModel) estimator("softmax").fit(iris);
    // The server copies a model and sets the client's params on the copy before transforming.
    Model<?> copy = fitted.copy(new org.apache.spark.ml.param.ParamMap());
    copy.set(copy.getParam("predictionCol"), "p");
    Dataset<Row> viaConnect = copy.transform(iris);
    Dataset<Row> direct = direct("softmax", iris).setPredictionCol("p").transform(iris);
    assertEquals(direct.select("p", "probability").collectAsList(),
        viaConnect.select("p", "probability").collectAsList());

    String path = tmp.resolve("model").toString();
    ((ConnectLogisticRegressionModel) copy).write().save(path);
    DescentModel saved = DescentModel.load(path);
    assertEquals("p", saved.getOrDefault(saved.getParam("predictionCol")));
    assertEquals(fitted.descentModel().linearModel(), saved.linearModel());
    Model<?> loaded = ConnectModel.load(path);
    assertInstanceOf(ConnectLogisticRegressionModel.class, loaded);
    assertEquals("p", loaded.getOrDefault(loaded.getParam("predictionCol")));
    assertTrue(loaded.isSet(loaded.getParam("loss")));

    // The server's model cache offloads every model to local disk and reloads it by class name,
    // whatever Hadoop's default file system (here one that does not exist).
    String offloaded = tmp.resolve("offloaded").toString();
    org.apache.hadoop.conf.Configuration conf =
        SparkTests.session().sparkContext().hadoopConfiguration();
    String defaultFs = conf.get("fs.defaultFS");
    conf.set("fs.defaultFS", "nowhere://cluster/");
    LogisticRegressionModel back;
    try {
      fitted.write().saveToLocal(offloaded);
      back = ConnectLogisticRegressionModel.read().loadFromLocal(offloaded);
    } finally {
      conf.set("fs.defaultFS", defaultFs);
    }
    assertTrue(java.nio.file.Files.exists(Path.of(offloaded, "model.json")));
    assertEquals(fitted.descentModel().linearModel(),
        ((ConnectLogisticRegressionModel) back).descentModel().linearModel());
    IllegalArgumentException wrongClass = assertThrows(IllegalArgumentException.class,
        () -> ConnectLinearSVCModel.read().load(path));
    assertTrue(wrongClass.getMessage().contains("ConnectModel.load"), wrongClass.getMessage());
  }

  @Test
  void estimatorsSaveAsDescentEstimatorsAndLoadBack() throws Exception {
    String path = tmp.resolve("estimator").toString();
    estimator("hinge").write().save(path);
    DescentEstimator saved = DescentEstimator.load(path);
    assertEquals("hinge", saved.getLoss());
    assertEquals(0.01, saved.getRegParam());
    ConnectEstimator back = ConnectEstimator.load(path);
    assertEquals("descent_c", back.uid());
    assertEquals("hinge", back.getOrDefault(back.getParam("loss")));
    assertTrue(back.isSet(back.getParam("epochs")));
  }

  @Test
  void aModelMadeByNameSaysHowToGetOne() {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> new ConnectModel("x").transform(iris));
    assertTrue(e.getMessage().contains("ConnectModel.load(path)"), e.getMessage());
    assertThrows(UnsupportedOperationException.class,
        () -> new ConnectLinearSVCModel().transform(iris));
  }
}
