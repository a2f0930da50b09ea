package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelJsonTest {

  /** Values whose shortest decimal forms are awkward: every bit must survive. */
  private static final double[] AWKWARD = {0.1, 1e-300, -0.0, 1.0 / 3, Math.PI,
      Double.MIN_VALUE, 1e308, Double.MAX_VALUE, -Double.MIN_NORMAL, 4.35, -2.0 / 3, 0.0};

  private static final Map<String, String> SETTINGS = settings();

  private static Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("optimizer", "lbfgs");
    m.put("regParam", "0.01");
    return m;
  }

  private static LinearModel binary() {
    return new LinearModel("logistic", AWKWARD.length, 2, new double[][] {AWKWARD.clone()},
        new double[] {-0.0}, true, SETTINGS);
  }

  private static LinearModel softmax() {
    double[][] w = new double[3][4];
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 4; j++) {
        w[k][j] = AWKWARD[(4 * k + j) % AWKWARD.length] * (k == 1 ? -1 : 1);
      }
    }
    return new LinearModel("softmax", 4, 3, w, new double[] {1.0 / 3, Double.MIN_VALUE, -1e308},
        false, SETTINGS);
  }

  private static LinearModel roundTrip(LinearModel m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelJson.write(m, out);
    return ModelJson.read(new ByteArrayInputStream(out.toByteArray()), "test");
  }

  private static void assertBitIdentical(LinearModel expected, LinearModel actual) {
    assertEquals(expected.lossName(), actual.lossName());
    assertEquals(expected.numFeatures(), actual.numFeatures());
    assertEquals(expected.numClasses(), actual.numClasses());
    assertEquals(expected.outputs(), actual.outputs());
    assertEquals(expected.fitIntercept(), actual.fitIntercept());
    assertEquals(expected.settings(), actual.settings());
    for (int k = 0; k < expected.outputs(); k++) {
      assertEquals(Double.doubleToRawLongBits(expected.intercept(k)),
          Double.doubleToRawLongBits(actual.intercept(k)), "intercept " + k);
      double[] we = expected.weights(k);
      double[] wa = actual.weights(k);
      assertEquals(we.length, wa.length);
      for (int j = 0; j < we.length; j++) {
        assertEquals(Double.doubleToRawLongBits(we[j]), Double.doubleToRawLongBits(wa[j]),
            "weight " + k + "," + j + " = " + we[j] + " read as " + wa[j]);
      }
    }
    assertEquals(expected, actual);
  }

  @Test
  void binaryModelRoundTripsBitForBit() throws IOException {
    assertBitIdentical(binary(), roundTrip(binary()));
  }

  @Test
  void softmaxModelRoundTripsBitForBit() throws IOException {
    assertBitIdentical(softmax(), roundTrip(softmax()));
  }

  @Test
  void regressionModelWithoutFeaturesRoundTrips() throws IOException {
    LinearModel m = new LinearModel("squared", 0, 0, new double[][] {{}}, new double[] {2.5},
        true, Map.of());
    assertBitIdentical(m, roundTrip(m));
  }

  @Test
  void binaryJsonHasAWeightsArrayAndANumberIntercept() throws IOException {
    JsonNode root = new ObjectMapper().readTree(ModelJson.toString(binary()));
    assertEquals(ModelJson.FORMAT, root.get("format").asText());
    assertEquals("descent-linear-model", ModelJson.FORMAT);
    assertEquals(1, root.get("formatVersion").asInt());
    assertEquals("logistic", root.get("loss").asText());
    assertEquals(AWKWARD.length, root.get("numFeatures").asInt());
    assertEquals(2, root.get("numClasses").asInt());
    assertTrue(root.get("fitIntercept").asBoolean());
    assertTrue(root.get("intercept").isNumber());
    JsonNode w = root.get("weights");
    assertTrue(w.isArray());
    assertEquals(AWKWARD.length, w.size());
    for (int j = 0; j < AWKWARD.length; j++) {
      assertTrue(w.get(j).isNumber());
      assertEquals(Double.doubleToRawLongBits(AWKWARD[j]),
          Double.doubleToRawLongBits(w.get(j).asDouble()));
    }
    assertEquals("0.01", root.get("settings").get("regParam").asText());
  }

  @Test
  void softmaxJsonHasAnArrayOfArraysAndAnInterceptArray() throws IOException {
    JsonNode root = new ObjectMapper().readTree(ModelJson.toString(softmax()));
    assertEquals("softmax", root.get("loss").asText());
    assertEquals(3, root.get("numClasses").asInt());
    assertEquals(false, root.get("fitIntercept").asBoolean());
    JsonNode b = root.get("intercept");
    assertTrue(b.isArray());
    assertEquals(3, b.size());
    assertEquals(1.0 / 3, b.get(0).asDouble(), 0.0);
    JsonNode w = root.get("weights");
    assertEquals(3, w.size());
    for (JsonNode row : w) {
      assertTrue(row.isArray());
      assertEquals(4, row.size());
    }
    assertEquals(softmax().weights(1)[2], w.get(1).get(2).asDouble(), 0.0);
  }

  @Test
  void readsADirectoryHoldingModelJsonOrTheFileItself(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(ModelJson.FILE_NAME);
    try (OutputStream out = Files.newOutputStream(file)) {
      ModelJson.write(softmax(), out);
    }
    assertBitIdentical(softmax(), ModelJson.read(dir));
    assertBitIdentical(softmax(), ModelJson.read(file));
  }

  // ---- broken files ----

  private static ModelFormatException unreadable(String json) {
    return assertThrows(ModelFormatException.class, () -> ModelJson.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "models/m1.json"));
  }

  private static void assertSays(ModelFormatException e, String... phrases) {
    assertTrue(e.getMessage().contains("models/m1.json"), e.getMessage());
    for (String p : phrases) {
      assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }
  }

  private static final String VALID = ModelJson.toString(binaryOf3());

  private static LinearModel binaryOf3() {
    return new LinearModel("logistic", 3, 2, new double[][] {{1, 2, 3}}, new double[] {0.5},
        true, Map.of());
  }

  @Test
  void theValidTemplateReads() throws IOException {
    assertEquals(binaryOf3(), ModelJson.read(
        new ByteArrayInputStream(VALID.getBytes(StandardCharsets.UTF_8)), "models/m1.json"));
  }

  @Test
  void truncatedJsonIsReported() {
    for (int cut : new int[] {1, VALID.length() / 3, VALID.length() / 2, VALID.length() - 2}) {
      assertSays(unreadable(VALID.substring(0, cut)), "not valid JSON", "truncated");
    }
  }

  @Test
  void nonJsonIsReported() {
    assertSays(unreadable("weights: 1 2 3"), "not valid JSON");
    assertSays(unreadable("\u0000\u0001binary"), "not valid JSON");
  }

  @Test
  void emptyOrNonObjectIsReported() {
    assertSays(unreadable(""), "empty or not a JSON object");
    assertSays(unreadable("[1, 2, 3]"), "empty or not a JSON object");
  }

  @Test
  void jsonWithoutFormatIsNotADescentModel() {
    assertSays(unreadable(VALID.replace("\"format\"", "\"fmt\"")), "not a Descent model",
        "format");
    assertSays(unreadable(VALID.replace(ModelJson.FORMAT, "sklearn-model")),
        "not a Descent model");
  }

  @Test
  void newerFormatVersionIsRefused() {
    assertSays(unreadable(VALID.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")),
        "version 2", "reads version 1", "newer Descent");
  }

  @Test
  void wrongWeightsLengthIsReported() {
    assertSays(unreadable(VALID.replace("\"numFeatures\" : 3", "\"numFeatures\" : 4")),
        "weight vector of length 3", "numFeatures=4");
  }

  @Test
  void nonFiniteNumbersAreReported() {
    assertSays(unreadable(VALID.replace("\"intercept\" : 0.5", "\"intercept\" : 1e999")),
        "\"intercept\" must be a finite number");
    assertSays(unreadable(VALID.replaceFirst("1\\.0", "-1e400")),
        "\"weights[0]\" must be a finite number");
    assertSays(unreadable(VALID.replaceFirst("2\\.0", "\"NaN\"")),
        "\"weights[1]\" must be a finite number");
    assertSays(unreadable(VALID.replaceFirst("3\\.0", "NaN")), "not valid JSON");
  }

  @Test
  void missingOrBadFieldsAreReported() {
    assertSays(unreadable(VALID.replace("\"loss\"", "\"lossName\"")), "missing \"loss\"");
    assertSays(unreadable(VALID.replace("\"logistic\"", "\"lasso\"")), "unknown loss 'lasso'");
    assertSays(unreadable(VALID.replace("\"numFeatures\" : 3", "\"numFeatures\" : -3")),
        "\"numFeatures\" must be a non-negative integer");
    assertSays(unreadable(VALID.replace("\"weights\"", "\"w\"")),
        "\"weights\" must be an array of numbers");
    String softmax = ModelJson.toString(softmax());
    String scalarIntercept = softmax.replaceFirst("\"intercept\" : \\[[^\\]]*\\]",
        "\"intercept\" : 0.0");
    assertTrue(!scalarIntercept.equals(softmax));
    assertSays(unreadable(scalarIntercept), "\"intercept\" must be an array of 3 numbers");
  }

  /** Values that parse but cannot be scored are refused on load, naming the field. */
  @Test
  void unscorableValuesAreRefusedNamingTheField() {
    assertSays(unreadable(VALID.replace("\"numFeatures\" : 3", "\"numFeatures\" : 3.5")),
        "\"numFeatures\" must be a non-negative integer");
    assertSays(unreadable(VALID.replace("\"numClasses\" : 2", "\"numClasses\" : 2.0")),
        "\"numClasses\" must be a non-negative integer");
    assertSays(unreadable(VALID.replace("\"fitIntercept\" : true", "\"fitIntercept\" : 7")),
        "\"fitIntercept\" must be true or false");
    assertSays(unreadable(VALID.replace("\"fitIntercept\" : true",
        "\"fitIntercept\" : \"yes\"")), "\"fitIntercept\" must be true or false");
    assertSays(unreadable(VALID.replace("\"numClasses\" : 2", "\"numClasses\" : 3")),
        "\"numClasses\" is 3, but a logistic model has 2");
    String oneClass = ModelJson.toString(new LinearModel("softmax", 1, 2,
        new double[][] {{1}, {2}}, new double[] {0, 0}, true, Map.of()))
        .replace("\"numClasses\" : 2", "\"numClasses\" : 1")
        .replaceFirst("\\[ \\[ 1\\.0 \\], \\[ 2\\.0 \\] \\]", "[ [ 1.0 ] ]")
        .replaceFirst("\"intercept\" : \\[ 0\\.0, 0\\.0 \\]", "\"intercept\" : [ 0.0 ]");
    assertTrue(oneClass.contains("\"numClasses\" : 1"), oneClass);
    assertSays(unreadable(oneClass), "\"numClasses\" is 1, but a softmax model has at least 2");
  }

  private static LinearModel named() {
    return new LinearModel("logistic", 3, 2, new double[][] {{1, 2, 3}}, new double[] {0.5},
        true, Map.of(), java.util.List.of("price", "stock", "promo"));
  }

  @Test
  void featureNamesRoundTripAndAreAbsentWithoutNames() throws IOException {
    assertBitIdentical(named(), roundTrip(named()));
    assertEquals(java.util.List.of("price", "stock", "promo"),
        roundTrip(named()).featureNames());
    JsonNode root = new ObjectMapper().readTree(ModelJson.toString(named()));
    assertEquals("stock", root.get("featureNames").get(1).asText());
    assertTrue(!VALID.contains("featureNames"), VALID);
    assertTrue(!roundTrip(binaryOf3()).hasFeatureNames());
  }

  @Test
  void badFeatureNamesAreRefused() {
    String json = ModelJson.toString(named());
    assertSays(unreadable(json.replace("\"promo\"", "\"price\"")),
        "\"featureNames\" has 'price' twice");
    assertSays(unreadable(json.replace(", \"promo\"", "")),
        "\"featureNames\" has 2 names for numFeatures=3");
    assertSays(unreadable(json.replace("\"promo\"", "7")),
        "\"featureNames\" must be an array of names");
    assertSays(unreadable(json.replace("\"promo\"", "\"\"")),
        "\"featureNames\" has an empty name");
  }
}
