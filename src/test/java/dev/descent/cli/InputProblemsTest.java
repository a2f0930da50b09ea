package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.input.InputErrors;
import dev.descent.testing.DeniedFileSystem;
import dev.descent.testing.SparkTests;
import dev.descent.testing.TestFiles;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input problems that are the data's fault are exit 3 with one line naming the file, not exit 1
 * with a Hadoop stack trace: a directory holding a subdirectory (text input does not read
 * subdirectories, and says so), a stale or foreign .crc beside a local file (named), and a file
 * the user may not read (named, with its mode). Where Spark reads the file decides where the
 * error is met: LIBSVM lines are first read on the executors, a CSV file's first line on the
 * driver; both are covered.
 */
class InputProblemsTest {
  @TempDir
  Path tmp;

  @BeforeAll
  static void deniedScheme() {
    SparkTests.jsc().hadoopConfiguration().set("fs." + DeniedFileSystem.SCHEME + ".impl",
        DeniedFileSystem.class.getName());
  }

  private static final String[] LIBSVM = {"1 1:0.5 2:1", "0 1:1 2:0.25", "1 1:2", "0 2:3"};
  private static final String[] CSV = {"1,0.5,1", "0,1,0.25", "1,2,0", "0,0,3"};

  @Test
  void aDirectoryHoldingASubdirectoryIsRefusedNamingIt() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("in"));
    TestFiles.write(dir, "a.libsvm", LIBSVM);
    TestFiles.write(Files.createDirectory(dir.resolve("2024")), "b.libsvm", LIBSVM);
    Cli.run("train", "input=" + dir, "loss=logistic", "epochs=1").assertExit(3)
        .assertErrContains("error: bad input data: " + dir + ": holds a subdirectory, 2024;"
            + " text input reads the files directly in a directory");
  }

  @Test
  void hiddenSubdirectoriesAreNotReadAndNotRefused() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("in"));
    TestFiles.write(dir, "a.libsvm", LIBSVM);
    TestFiles.write(Files.createDirectory(dir.resolve("_temporary")), "b.libsvm", "garbage");
    TestFiles.write(Files.createDirectory(dir.resolve(".staging")), "c.libsvm", "garbage");
    Cli.run("train", "input=" + dir, "loss=logistic", "epochs=1").assertExit(0);
  }

  /** A file written through Hadoop's local file system, which writes its .crc beside it. */
  private Path withCrc(String name, String... lines) throws Exception {
    Path file = tmp.resolve(name);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(file.toUri()))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(Files.exists(tmp.resolve("." + name + ".crc")));
    return file;
  }

  @Test
  void aStaleCrcIsBadDataNamingIt() throws Exception {
    for (String[] format : new String[][] {{"data.libsvm", "libsvm"}, {"data.csv", "csv"}}) {
      Path file = withCrc(format[0], format[1].equals("csv") ? CSV : LIBSVM);
      // Edited by a tool that knows nothing of the .crc: same length, other bytes.
      Files.writeString(file, Files.readString(file).replace('1', '2'));
      Cli.run("train", "input=" + file, "loss=squared", "epochs=1").assertExit(3)
          .assertErrContains("error: bad input data: " + file + ": does not match its"
              + " checksum file " + tmp.resolve("." + format[0] + ".crc"), "stale or foreign");
    }
  }

  @Test
  void aForeignCrcIsBadDataNamingIt() throws Exception {
    withCrc("other.libsvm", "0 1:1", "1 1:2 2:3 3:4 4:5 5:6 6:7 7:8 8:9 9:10 10:11");
    Path file = TestFiles.write(tmp, "mine.libsvm", LIBSVM);
    Files.copy(tmp.resolve(".other.libsvm.crc"), tmp.resolve(".mine.libsvm.crc"));
    Cli.run("train", "input=" + file, "loss=logistic", "epochs=1").assertExit(3)
        .assertErrContains("error: bad input data: " + file + ": does not match its checksum"
            + " file " + tmp.resolve(".mine.libsvm.crc"));
  }

  /**
   * A file the user may not read, through the test's denied:// file system (see
   * DeniedFileSystem: it throws what HDFS throws; as root no local file is unreadable).
   */
  @Test
  void anUnreadableFileIsBadDataNamingItAndItsMode() throws Exception {
    // LIBSVM in a directory with a readable file: met on an executor. A CSV file: its first line
    // is read on the driver to learn the columns.
    Path dir = Files.createDirectory(tmp.resolve("in"));
    TestFiles.write(dir, "a-open.libsvm", LIBSVM);
    Path libsvm = TestFiles.write(dir, "secret.libsvm", LIBSVM);
    Path csv = TestFiles.write(tmp, "secret.csv", CSV);
    for (String[] input : new String[][] {{"denied://" + dir, libsvm.toString()},
        {"denied://" + csv, csv.toString()}}) {
      Cli.Result r = Cli.run("train", "input=" + input[0], "loss=logistic", "epochs=1");
      r.assertExit(3).assertErrContains("error: bad input data: denied:" + input[1] + ": cannot"
          + " be read: permission denied for user " + System.getProperty("user.name")
          + " (mode rw-------, owner alice, group staff) (Permission denied: user=");
      assertFalse(r.err().contains("\tat "), r.err());
    }
  }

  /** What the local file system throws for a file without read permission, as another user. */
  @Test
  void aLocalPermissionErrorIsBadData() {
    Path file = TestFiles.write(tmp, "x.libsvm", LIBSVM);
    DataException e = InputErrors.of(new FileNotFoundException(file + " (Permission denied)"),
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
    assertEquals(file.toString(), e.source());
    assertTrue(e.problem().startsWith("cannot be read: permission denied for user "),
        e.problem());
    assertTrue(e.problem().endsWith("(" + file + " (Permission denied))"), e.problem());
  }
}
