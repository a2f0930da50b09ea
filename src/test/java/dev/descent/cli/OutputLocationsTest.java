package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.testing.Launch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the commands write, checked before any work: an output that equals, contains or lies
 * inside what the command reads, or its checkpoints, is refused (exit 2, naming both), with
 * overwrite=true (the case that would delete them) and nothing touched; a location that cannot
 * be written is a usage error (exit 2, one line, no stack trace) and nothing is trained.
 */
class OutputLocationsTest {
  @TempDir
  Path tmp;

  private String data; // a directory holding linear.csv
  private String csv;
  private String val;
  private String model;

  @BeforeEach
  void layout() throws IOException {
    for (String dir : List.of("data", "val", "model")) {
      Files.createDirectories(tmp.resolve(dir));
    }
    Files.copy(Path.of("data/linear.csv"), tmp.resolve("data/linear.csv"));
    Files.copy(Path.of("data/linear.csv"), tmp.resolve("val/linear.csv"));
    Files.writeString(tmp.resolve("model/model.json"), "{}"); // never read: refused first
    data = tmp.resolve("data").toString();
    csv = data + "/linear.csv";
    val = tmp.resolve("val/linear.csv").toString();
    model = tmp.resolve("model").toString();
  }

  /** A command line and what its refusal must name: the written and the read path. */
  private record Row(List<String> args, String written, String read) {}

  private static Row train(String written, String read, String... settings) {
    List<String> args = new ArrayList<>(List.of("train", "conf/default.properties",
        "overwrite=true"));
    args.addAll(List.of(settings));
    return new Row(args, written, read);
  }

  private static Row command(String command, String written, String read, String... settings) {
    List<String> args = new ArrayList<>(List.of(command, "overwrite=true"));
    args.addAll(List.of(settings));
    return new Row(args, written, read);
  }

  @Test
  void everyOverlapOfAnOutputWithWhatTheCommandReadsIsRefusedAndNothingIsTouched()
      throws IOException {
    String t = tmp.toString();
    String relative = Path.of("").toAbsolutePath().relativize(tmp).toString();
    List<Row> rows = List.of(
        train("output=" + csv + " is", "input=" + csv, "input=" + csv, "output=" + csv),
        train("output=" + data + " is", "input=" + data, "input=" + data, "output=" + data),
        train("output=" + data + "/m lies inside", "input=" + data, "input=" + data,
            "output=" + data + "/m"),
        train("output=" + data + " contains", "input=" + csv, "input=" + csv, "output=" + data),
        train("output=" + data + " contains", "input=" + data + "/*.csv",
            "input=" + data + "/*.csv", "output=" + data),
        train("output=" + data + " contains", "input=" + csv, "input=" + val + "," + csv,
            "output=" + data),
        train("output=./" + relative + "/x/../data is", "input=" + data, "input=" + data,
            "output=./" + relative + "/x/../data"),
        train("output=" + t + "/val contains", "validationInput=" + val, "input=" + csv,
            "validationInput=" + val, "output=" + t + "/val"),
        train("output=" + model + " is", "initialModel=" + model, "input=" + csv,
            "initialModel=" + model, "output=" + model),
        train("output=" + t + "/run contains", "checkpointDir=" + t + "/run/ck",
            "input=" + csv, "checkpointDir=" + t + "/run/ck", "output=" + t + "/run"),
        train("output=" + t + "/ck/m lies inside", "checkpointDir=" + t + "/ck",
            "input=" + csv, "checkpointDir=" + t + "/ck", "output=" + t + "/ck/m"),
        train("checkpointDir=" + data + "/ck lies inside", "input=" + data, "input=" + data,
            "checkpointDir=" + data + "/ck", "output=" + t + "/out"),
        train("checkpointDir=" + data + " holds", "input=" + csv, "input=" + csv,
            "checkpointDir=" + data, "output=" + t + "/out"),
        train("checkpointDir=" + data + " holds", "input=" + data + "/*.csv",
            "input=" + data + "/*.csv", "checkpointDir=" + data, "output=" + t + "/out"),
        command("predict", "output=" + data + " is", "input=" + data, "model=" + model,
            "input=" + data, "output=" + data),
        command("predict", "output=" + model + "/p lies inside", "model=" + model,
            "model=" + model, "input=" + csv, "output=" + model + "/p"),
        command("evaluate", "output=" + model + " is", "model=" + model, "model=" + model,
            "input=" + csv, "output=" + model),
        command("evaluate", "output=" + data + "/e lies inside", "input=" + data,
            "model=" + model, "input=" + data, "output=" + data + "/e"),
        command("export", "output=" + model + " is", "model=" + model, "model=" + model,
            "output=" + model),
        command("export", "output=" + model + " contains", "model=" + model + "/model.json",
            "model=" + model + "/model.json", "output=" + model));
    Map<String, String> before = snapshot(tmp);
    List<String> wrong = new ArrayList<>();
    for (Row row : rows) {
      Cli.Result r = Cli.run(row.args.toArray(new String[0]));
      String said = r.err();
      if (r.exit() != 2 || !said.contains(row.written + " " + row.read + ": ")
          || !r.out().isEmpty() || said.contains("\tat ")) {
        wrong.add(String.join(" ", row.args) + "\n  exit " + r.exit() + ", stderr: " + said
            + "  stdout: " + r.out());
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(before, snapshot(tmp), "nothing read or written");
  }

  @Test
  void theRefusalComesBeforeSparkStarts() throws Exception {
    // A master Spark cannot parse: any command that starts Spark fails with exit 1.
    List<String> jvm = List.of("-Dspark.master=no-such-master");
    try (Launch.Child refused = Launch.java(Map.of(), jvm, Main.class.getName(), "train",
        "conf/default.properties", "input=" + data, "output=" + data + "/m", "overwrite=true")) {
      assertEquals(2, refused.await(120), refused.errText());
      assertTrue(refused.errText().contains("output=" + data + "/m lies inside input=" + data),
          refused.errText());
    }
    try (Launch.Child unwritable = Launch.java(Map.of(), jvm, Main.class.getName(), "train",
        "conf/default.properties", "output=" + csv + "/m")) {
      assertEquals(2, unwritable.await(120), unwritable.errText());
    }
    try (Launch.Child started = Launch.java(Map.of(), jvm, Main.class.getName(), "train",
        "conf/default.properties", "output=" + tmp.resolve("elsewhere"))) {
      assertEquals(1, started.await(120), "the control: Spark did start\n"
          + started.errText());
    }
  }

  @Test
  void anOutputOrCheckpointDirThatCannotBeWrittenIsAUsageErrorFoundBeforeTraining()
      throws IOException {
    String file = Files.writeString(tmp.resolve("notes.txt"), "a regular file").toString();
    String random = UUID.randomUUID().toString().substring(0, 8);
    // Run as root, mode bits stop nothing: these places refuse a new file to root too. A parent
    // that is a regular file; /proc, where no file can be created; /sys, an existing directory
    // where creating a file is denied. (A read-only mount: the test below.)
    List<List<String>> cases = List.of(
        List.of("train", "conf/default.properties", "output=" + csv + "/model"),
        List.of("train", "conf/default.properties", "output=/proc/descent-" + random + "/m"),
        List.of("train", "conf/default.properties", "output=/sys/descent-" + random),
        List.of("train", "conf/default.properties", "checkpointDir=" + csv + "/ck"),
        List.of("train", "conf/default.properties", "checkpointDir=/sys/descent-" + random),
        List.of("predict", "model=" + model, "input=" + csv, "output=" + file + "/p"),
        List.of("evaluate", "model=" + model, "input=" + csv, "output=/sys/descent-" + random),
        List.of("export", "model=" + model, "output=" + file + "/x"));
    List<String> wrong = new ArrayList<>();
    for (List<String> args : cases) {
      Cli.Result r = Cli.run(args.toArray(new String[0]));
      List<String> lines = r.err().lines().filter(l -> !l.startsWith("note: ")).toList();
      if (r.exit() != 2 || lines.size() != 1 || !lines.get(0).matches(
          "error: (output|checkpointDir)=\\S+ cannot be (created|written): .*")
          || !r.out().isEmpty()) {
        wrong.add(String.join(" ", args) + "\n  exit " + r.exit() + ", stderr: " + r.err()
            + "  stdout: " + r.out());
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void aReadOnlyMountIsFoundToo() throws Exception {
    // A read-only bind mount seen only by the child (its own mount namespace), where unshare
    // and mount are allowed; skipped elsewhere.
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Process probe = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
        "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" \"$0\" && ! touch \"$0\"/x",
        ro.toString()).redirectErrorStream(true).start();
    assumeTrue(probe.waitFor() == 0, "no private read-only bind mounts here");
    List<String> command = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private",
        "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" \"$0\""
            + " && exec \"$@\"", ro.toString(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(Launch.moduleFlags());
    command.addAll(List.of("-cp", Launch.classpath(), Main.class.getName(), "train",
        "conf/default.properties", "output=" + ro.resolve("model")));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes());
    assertEquals(2, p.waitFor(), err);
    assertTrue(err.contains("error: output=" + ro.resolve("model") + " cannot be written:"
        + " creating a file in " + ro + " failed ("), err);
    assertTrue(!err.contains("\tat "), err);
  }

  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        files.put(dir.relativize(p).toString(), Files.isRegularFile(p)
            ? HexFormat.of().formatHex(Files.readAllBytes(p)) : "dir");
      }
    }
    return files;
  }
}
