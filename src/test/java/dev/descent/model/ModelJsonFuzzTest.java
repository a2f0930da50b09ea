package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * model.json from elsewhere: damaged, crafted, or from another format version. Reading it gives
 * a model or a {@link ModelFormatException} naming the file; never another exception, a hang, or
 * code run from the file (it is parsed as JSON only).
 */
class ModelJsonFuzzTest {
  private static final String SOURCE = "models/m/model.json";

  private static LinearModel softmax() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("loss", "softmax");
    settings.put("regParam", "0.01");
    return new LinearModel("softmax", 3, 3, new double[][] {{1, -2, 3e-7}, {0.5, 0, -1},
        {1e300, -4.25, 0.1}}, new double[] {0.1, 0.2, -0.3}, true, settings);
  }

  private static LinearModel read(byte[] bytes) throws IOException {
    return ModelJson.read(new ByteArrayInputStream(bytes), SOURCE);
  }

  @Test
  void mutatedModelsReadOrFailWithAModelFormatException() {
    byte[] valid = ModelJson.toString(softmax()).getBytes(StandardCharsets.UTF_8);
    int[] outcomes = new int[2]; // read, refused
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      for (int i = 0; i < 5_000; i++) {
        Random r = new Random(91_000L + i);
        byte[] b = mutate(valid, r);
        try {
          LinearModel m = read(b);
          assertEquals(m.outputs(), m.loss().outputs(m.numClasses()));
          outcomes[0]++;
        } catch (ModelFormatException e) {
          assertTrue(e.getMessage().startsWith(SOURCE), e.getMessage());
          outcomes[1]++;
        } catch (RuntimeException | IOException | Error e) {
          throw new AssertionError("case " + i + ": " + e + " for "
              + new String(b, StandardCharsets.ISO_8859_1), e);
        }
      }
    });
    System.out.println("model.json fuzz: " + outcomes[0] + " read, " + outcomes[1] + " refused");
    assertTrue(outcomes[0] > 100 && outcomes[1] > 1_000, Arrays.toString(outcomes));
  }

  private static byte[] mutate(byte[] valid, Random r) {
    byte[] b = valid.clone();
    int kind = r.nextInt(6);
    switch (kind) {
      case 0:
        return Arrays.copyOf(b, r.nextInt(b.length));
      case 1: // flip a few bits
        for (int k = 0; k < 1 + r.nextInt(3); k++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      case 2: { // replace a number with something else
        String s = new String(b, StandardCharsets.UTF_8);
        String[] with = {"NaN", "1e999", "-1e400", "\"1\"", "null", "[]", "{}", "true",
            "99999999999999999999", "-3", "0.0", "1e-400", "2147483648", "[[1,2],[3]]"};
        ArrayList<Integer> starts = new ArrayList<>();
        for (int i = 1; i < s.length(); i++) {
          char c = s.charAt(i);
          if ((Character.isDigit(c) || c == '-') && !Character.isDigit(s.charAt(i - 1))
              && s.charAt(i - 1) != '.' && s.charAt(i - 1) != 'e') {
            starts.add(i);
          }
        }
        int at = starts.get(r.nextInt(starts.size()));
        int end = at + 1;
        while (end < s.length() && "0123456789.eE+-".indexOf(s.charAt(end)) >= 0) {
          end++;
        }
        return (s.substring(0, at) + with[r.nextInt(with.length)] + s.substring(end))
            .getBytes(StandardCharsets.UTF_8);
      }
      case 3: { // change a field name or a string value
        String s = new String(b, StandardCharsets.UTF_8);
        String[][] swaps = {{"\"softmax\"", "\"logistic\""}, {"\"softmax\"", "\"hinge\""},
            {"\"numClasses\" : 3", "\"numClasses\" : 4"}, {"\"numClasses\" : 3", "\"numClasses\" : 0"},
            {"\"numFeatures\" : 3", "\"numFeatures\" : 2"}, {"\"formatVersion\" : 1",
            "\"formatVersion\" : 0"}, {"\"weights\"", "\"Weights\""}, {"\"settings\" : {",
            "\"settings\" : 5, \"x\" : {"}, {"\"fitIntercept\" : true", "\"fitIntercept\" : 7"},
            {"descent-linear-model", "descent-linear-model-2"}};
        String[] swap = swaps[r.nextInt(swaps.length)];
        return s.replaceFirst(java.util.regex.Pattern.quote(swap[0]),
            java.util.regex.Matcher.quoteReplacement(swap[1])).getBytes(StandardCharsets.UTF_8);
      }
      case 4: { // delete a span
        int from = r.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + r.nextInt(20));
        byte[] out = new byte[b.length - (to - from)];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, to, out, from, b.length - to);
        return out;
      }
      default: { // insert junk
        byte[] junk = {'{', '[', ']', '}', ',', ':', '"', 0, (byte) 0xFF, 'e', '-'};
        int at = r.nextInt(b.length + 1);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = junk[r.nextInt(junk.length)];
        System.arraycopy(b, at, out, at + 1, b.length - at);
        return out;
      }
    }
  }

  @Test
  void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack() {
    byte[] nested = ("{\"format\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")
        .getBytes(StandardCharsets.US_ASCII);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> read(nested));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void aJavaSerializedObjectIsNotAModel() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(softmax()); // what a model file would hold if models were Java-serialized
    }
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> read(out.toByteArray()));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void formatVersionsOtherThanThisOneAreRefusedByName() {
    String valid = ModelJson.toString(softmax());
    ModelFormatException older = assertThrows(ModelFormatException.class, () -> read(
        valid.replace("\"formatVersion\" : 1", "\"formatVersion\" : 0").getBytes(
            StandardCharsets.UTF_8)));
    assertTrue(older.getMessage().contains("has model format version 0; this Descent reads"
        + " version 1"), older.getMessage());
    for (String missing : new String[] {"", "\"formatVersion\" : \"1\",",
        "\"formatVersion\" : 1.5,", "\"formatVersion\" : null,"}) {
      ModelFormatException e = assertThrows(ModelFormatException.class, () -> read(
          valid.replace("\"formatVersion\" : 1,", missing).getBytes(StandardCharsets.UTF_8)));
      assertTrue(e.getMessage().contains("has no integer \"formatVersion\""), e.getMessage());
    }
  }
}
