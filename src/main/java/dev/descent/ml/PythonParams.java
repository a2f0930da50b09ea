package dev.descent.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.config.Setting;
import dev.descent.config.Settings;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The params of {@link DescentEstimator} as JSON, for the Python package: each param's name,
 * doc, default, type (double, int, long, boolean or string) and, for settings, the allowed
 * values in words, from which Python derives its validation. The file
 * {@code python/descent/params.json} is this output; PythonParamsTest keeps the two identical.
 *
 * <p>Run {@code java -cp target/classes:$(cat target/classpath.txt) dev.descent.ml.PythonParams
 * > python/descent/params.json} to regenerate it.
 */
public final class PythonParams {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PythonParams() {}

  public static void main(String[] args) {
    System.out.print(json());
  }

  /** The params as pretty-printed JSON with a final newline. */
  public static String json() {
    DescentEstimator e = new DescentEstimator("descent");
    ObjectNode root = MAPPER.createObjectNode();
    root.put("generatedBy", PythonParams.class.getName());
    ArrayNode params = root.putArray("params");
    for (Param<?> p : e.params()) {
      ObjectNode o = params.addObject();
      o.put("name", p.name());
      o.put("doc", p.doc());
      o.put("type", type(p));
      Setting<?> s = Settings.byKey(p.name());
      o.put("setting", s != null);
      if (e.hasDefault(p)) {
        o.putPOJO("default", e.getOrDefault(p));
      } else {
        o.putNull("default");
      }
      if (s != null) {
        o.put("allowed", s.allowed());
      }
    }
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static String type(Param<?> p) {
    if (p instanceof DoubleParam) {
      return "double";
    }
    if (p instanceof IntParam) {
      return "int";
    }
    if (p instanceof LongParam) {
      return "long";
    }
    if (p instanceof BooleanParam) {
      return "boolean";
    }
    return "string";
  }
}
