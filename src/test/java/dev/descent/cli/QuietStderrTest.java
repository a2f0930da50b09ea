package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.testing.Launch;
import dev.descent.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Say only what matters: errors that Spark meets on an executor (a bad number, a label outside
 * the loss's domain, too many columns, predict on data wider than the model) and an unwritable
 * output, through submit.sh as a user runs it. stderr holds Descent's one line naming file and
 * line, and none of Spark's log (its ERROR Executor traces go to the log file), no stack frame,
 * no byte offset, and not the JVM's incubator-modules warning; verbose=true shows Spark's log.
 */
class QuietStderrTest {
  @TempDir
  Path tmp;

  /** Runs submit.sh and returns its exit code and stderr lines. */
  private Launch.Child run(String... args) throws Exception {
    Launch.Child child = Launch.submit(Map.of("DESCENT_LOG_DIR",
        tmp.resolve("logs").toString()), args);
    child.await(180);
    return child;
  }

  /** Exactly one error line, with these fragments, and nothing of Spark's log or the JVM's. */
  static void assertQuiet(Launch.Child run, String... fragments) {
    String text = run.errText();
    List<String> errors = run.err.stream().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errors.size(), text);
    for (String f : fragments) {
      assertTrue(errors.get(0).contains(f), () -> "'" + f + "' in\n" + text);
    }
    for (String line : run.err) {
      assertFalse(line.startsWith("\tat ") || line.startsWith("Caused by")
          || line.matches("\\d\\d:\\d\\d:\\d\\d (ERROR|WARN|INFO) .*")
          || (line.contains("Exception") && !line.startsWith("error:"))
          || line.contains("byte")
          || line.startsWith("WARNING: Using incubator modules"), () -> "'" + line + "' in\n"
          + text);
    }
  }

  /** 2000 good lines with one bad line at {@code bad}. */
  private Path libsvm(String name, int bad, String badLine) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 2000; i++) {
      lines.add(i == bad ? badLine : (i % 2) + " 1:" + (i % 13) + ".5 2:0.25 3:" + i);
    }
    return TestFiles.write(tmp, name, lines.toArray(String[]::new));
  }

  /**
   * A bad number in the third of four splits: Spark's executor log, which named it by byte
   * offset with a 60-line trace, stays off stderr; Descent names the line.
   */
  @Test
  void aBadNumberInALaterSplitIsOneLineNamingItsLineNumber() throws Exception {
    Path input = libsvm("bad.libsvm", 1234, "1 1:0.5 2:zz");
    Launch.Child r = run("train", "input=" + input, "loss=logistic", "partitions=4");
    assertEquals(3, r.process.exitValue(), r.errText());
    assertQuiet(r, "error: bad input data: " + input + ":1234: feature 2: value \"zz\" is not a"
        + " finite decimal number");
  }

  @Test
  void aLabelOutsideTheLossDomainIsOneLine() throws Exception {
    Path input = libsvm("label.libsvm", 7, "2 1:0.5");
    Launch.Child r = run("train", "input=" + input, "loss=logistic");
    assertEquals(3, r.process.exitValue(), r.errText());
    assertQuiet(r, input + ":7:", "label");
  }

  @Test
  void tooManyColumnsIsOneLine() throws Exception {
    Path input = TestFiles.write(tmp, "wide.csv", "1,2,3", "4,5,6", "7,8,9", "1,2,3,4",
        "5,6,7");
    Launch.Child r = run("train", "input=" + input);
    assertEquals(3, r.process.exitValue(), r.errText());
    assertQuiet(r, input + ":4:", "column");
  }

  /** Predict on data wider than the model, and an output under a regular file. */
  @Test
  void predictOnWiderDataAndAnUnwritableOutputAreOneLineEach() throws Exception {
    Path model = tmp.resolve("model");
    Cli.run("train", "input=data/wine_binary.libsvm", "loss=logistic", "epochs=2",
        "output=" + model).assertExit(0);
    Path wide = TestFiles.write(tmp, "wider.libsvm", "1 1:0.5", "0 2:1", "1 3:1 14:2",
        "0 1:1");
    Launch.Child predict = run("predict", "model=" + model, "input=" + wide,
        "output=" + tmp.resolve("pred"));
    assertEquals(3, predict.process.exitValue(), predict.errText());
    assertQuiet(predict, wide + ":3:", "13");

    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    Launch.Child unwritable = run("train", "input=data/wine_binary.libsvm", "loss=logistic",
        "epochs=2", "output=" + file.resolve("model"));
    assertNotEquals(0, unwritable.process.exitValue(), unwritable.errText());
    assertQuiet(unwritable, file.toString());
  }

  @Test
  void verboseShowsSparksOwnLog() throws Exception {
    Path input = libsvm("bad.libsvm", 1234, "1 1:0.5 2:zz");
    Launch.Child r = run("train", "input=" + input, "loss=logistic", "partitions=4",
        "verbose=true");
    assertEquals(3, r.process.exitValue(), r.errText());
    assertTrue(r.err.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d ERROR Executor: .*")),
        r.errText());
    assertTrue(r.err.stream().anyMatch(l -> l.startsWith("\tat ")), r.errText());
    assertTrue(r.err.contains("error: bad input data: " + input + ":1234: feature 2: value"
        + " \"zz\" is not a finite decimal number"), r.errText());
  }
}
