package dev.descent.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: the model as plain JSON, readable by anything and loaded here without
 * Spark. Binary and regression models write {@code weights} as an array and {@code intercept} as
 * a number; softmax writes an array of per-class arrays and an array of intercepts. Doubles are
 * written in their shortest exact form, so a model survives a write/read round trip bit for bit.
 * {@code featureNames}, an array of one name per feature, is there when the training data had
 * names (older readers ignore it; a model without it loads as one whose features are unnamed).
 *
 * <p>What cannot be scored is refused on read, naming the field: a non-finite weight or
 * intercept, a count that is not a non-negative integer, a {@code numClasses} that does not fit
 * the loss, a {@code fitIntercept} that is not a boolean, shapes that do not fit.
 */
public final class ModelJson {
  /** Identifies the file; checked on read. */
  public static final String FORMAT = "descent-linear-model";
  /** Bumped when the layout changes incompatibly; readers refuse newer versions. */
  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "model.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelJson() {}

  public static void write(LinearModel m, OutputStream out) throws IOException {
    MAPPER.writeValue(out, toJson(m));
  }

  public static String toString(LinearModel m) {
    try {
      return MAPPER.writeValueAsString(toJson(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode toJson(LinearModel m) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("loss", m.lossName());
    root.put("numFeatures", m.numFeatures());
    root.put("numClasses", m.numClasses());
    root.put("fitIntercept", m.fitIntercept());
    if (m.outputs() == 1) {
      root.put("intercept", m.intercept(0));
      root.set("weights", array(m.weights(0)));
    } else {
      ArrayNode intercepts = root.putArray("intercept");
      ArrayNode weights = root.putArray("weights");
      for (int k = 0; k < m.outputs(); k++) {
        intercepts.add(m.intercept(k));
        weights.add(array(m.weights(k)));
      }
    }
    if (m.hasFeatureNames()) {
      ArrayNode names = root.putArray("featureNames");
      m.featureNames().forEach(names::add);
    }
    ObjectNode settings = root.putObject("settings");
    m.settings().forEach(settings::put);
    return root;
  }

  /** Reads a model from a local {@code model.json} file, or from a directory holding one. */
  public static LinearModel read(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads a model; {@code source} names it in errors.
   *
   * @throws ModelFormatException if the content is not a complete model of a known version
   */
  public static LinearModel read(InputStream in, String source) throws IOException {
    JsonNode root = parse(in, source);
    checkFormat(root, source);
    try {
      String loss = text(root, "loss");
      int numFeatures = nonNegative(root, "numFeatures");
      int numClasses = nonNegative(root, "numClasses");
      JsonNode fit = root.get("fitIntercept");
      if (fit != null && !fit.isBoolean()) {
        throw new IllegalArgumentException("\"fitIntercept\" must be true or false");
      }
      Coefficients c = coefficients(root, source);
      Map<String, String> settings = new LinkedHashMap<>();
      JsonNode s = root.path("settings");
      for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        settings.put(e.getKey(), e.getValue().asText());
      }
      return new LinearModel(loss, numFeatures, numClasses, c.weights(), c.intercepts(),
          fit == null || fit.asBoolean(), settings, names(root.get("featureNames")));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": " + e.getMessage(), e);
    }
  }

  /** The JSON object in {@code in}. */
  private static JsonNode parse(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ModelFormatException(source + " is not valid JSON (truncated or corrupt?): "
          + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(source + " is empty or not a JSON object");
    }
    return root;
  }

  /** A Descent model of the version this Descent reads. */
  private static void checkFormat(JsonNode root, String source) {
    if (!FORMAT.equals(root.path("format").asText(null))) {
      throw new ModelFormatException(source + " is not a Descent model (no \"format\": \""
          + FORMAT + "\")");
    }
    JsonNode versionNode = root.get("formatVersion");
    if (versionNode == null || !versionNode.canConvertToInt() || !versionNode.isIntegralNumber()) {
      throw new ModelFormatException(source + " has no integer \"formatVersion\"; this Descent"
          + " reads version " + FORMAT_VERSION);
    }
    int version = versionNode.asInt();
    if (version != FORMAT_VERSION) {
      throw new ModelFormatException(source + " has model format version " + version
          + "; this Descent reads version " + FORMAT_VERSION
          + (version > FORMAT_VERSION ? " (it was written by a newer Descent)" : ""));
    }
  }

  /** A model's weights, one array per output, and its intercepts. */
  private record Coefficients(double[][] weights, double[] intercepts) {}

  /** The weights and intercepts: K arrays and K numbers (more than one output), or one each. */
  private static Coefficients coefficients(JsonNode root, String source) {
    JsonNode w = root.get("weights");
    JsonNode b = root.get("intercept");
    if (!perOutput(w)) {
      return new Coefficients(new double[][] {numbers(w, "weights", source)},
          new double[] {number(b, "intercept", source)});
    }
    double[][] weights = new double[w.size()][];
    double[] intercepts = new double[w.size()];
    if (b == null || !b.isArray() || b.size() != w.size()) {
      throw new ModelFormatException(source + ": \"intercept\" must be an array of "
          + w.size() + " numbers");
    }
    for (int k = 0; k < w.size(); k++) {
      weights[k] = numbers(w.get(k), "weights[" + k + "]", source);
      intercepts[k] = number(b.get(k), "intercept[" + k + "]", source);
    }
    return new Coefficients(weights, intercepts);
  }

  /** Whether the weights are written as one array per output. */
  private static boolean perOutput(JsonNode w) {
    return w != null && w.isArray() && w.size() > 0 && w.get(0).isArray();
  }

  private static ArrayNode array(double[] values) {
    ArrayNode a = MAPPER.createArrayNode();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return n.asText();
  }

  /** The optional feature names: null when absent (models of unnamed data, older models). */
  private static List<String> names(JsonNode n) {
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException("\"featureNames\" must be an array of names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException("\"featureNames\" must be an array of names");
      }
      names.add(e.asText());
    }
    return names;
  }

  private static int nonNegative(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
      throw new IllegalArgumentException("\"" + field + "\" must be a non-negative integer");
    }
    return n.asInt();
  }

  private static double[] numbers(JsonNode n, String field, String source) {
    if (n == null || !n.isArray()) {
      throw new ModelFormatException(source + ": \"" + field + "\" must be an array of numbers");
    }
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(n.get(i), field + "[" + i + "]", source);
    }
    return out;
  }

  private static double number(JsonNode n, String field, String source) {
    if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) {
      throw new ModelFormatException(source + ": \"" + field + "\" must be a finite number");
    }
    return n.asDouble();
  }
}
