package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.PathOverlap.Relation;
import dev.descent.io.PathOverlap.Use;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a written path stands to a read one, compared as the file system sees them: every spelling
 * of the same place (relative, absolute, {@code file:}, {@code ./a/../a}, trailing slash, through
 * a symbolic link) is the same place, a sibling whose name merely starts alike is not, and a glob
 * or list overlaps what any of its matches would.
 */
class PathOverlapTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();
  private String t; // tmp, absolute
  private String rel; // tmp, relative to the working directory

  @BeforeEach
  void layout() throws IOException {
    Files.createDirectories(tmp.resolve("data"));
    Files.writeString(tmp.resolve("data/train.csv"), "1,2\n");
    Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("data"));
    t = tmp.toString();
    rel = Path.of("").toAbsolutePath().relativize(tmp).toString();
  }

  private record Row(String written, String read, Relation expected) {}

  @Test
  void everySpellingOfEveryRelationIsFound() {
    List<Row> rows = List.of(
        new Row(t + "/data", t + "/data", Relation.SAME),
        new Row(rel + "/data", t + "/data", Relation.SAME),
        new Row(t + "/data", rel + "/data", Relation.SAME),
        new Row(t + "/data/../data/.", t + "/data", Relation.SAME),
        new Row("./" + rel + "/x/../data", t + "/data", Relation.SAME),
        new Row(t + "/data/", t + "/data", Relation.SAME),
        new Row(t + "//data", t + "/data/", Relation.SAME),
        new Row("file:" + t + "/data", t + "/data", Relation.SAME),
        new Row("file://" + t + "/data", "file:" + t + "/data/", Relation.SAME),
        new Row(t + "/link", t + "/data", Relation.SAME),
        new Row(t + "/data", t + "/link/", Relation.SAME),
        new Row(t + "/link/new/out", t + "/data", Relation.INSIDE),
        new Row(t, t + "/data/train.csv", Relation.CONTAINS),
        new Row(t, t + "/link/train.csv", Relation.CONTAINS),
        new Row(t + "/data/train.csv", t + "/data", Relation.INSIDE),
        new Row(t + "/data/out", rel + "/data", Relation.INSIDE),
        new Row(t + "/data2", t + "/data", null),
        new Row(t + "/dat", t + "/data", null),
        new Row(t + "/models/m", t + "/data/train.csv", null),
        // globs: a match, existing or not, counts
        new Row(t + "/data/x.csv", t + "/data/*.csv", Relation.SAME),
        new Row(t + "/data/train.csv/part-0", t + "/data/*.csv", Relation.INSIDE),
        new Row(t + "/data", t + "/data/*.csv", Relation.CONTAINS),
        new Row(t, t + "/data/*.csv", Relation.CONTAINS),
        new Row(t + "/data/models", t + "/data/*.csv", null),
        new Row(t + "/other/x.csv", t + "/data/*.csv", null),
        new Row(t + "/a", t + "/*/x.csv", Relation.CONTAINS),
        new Row(t + "/b", t + "/{a,b}", Relation.SAME),
        new Row(t + "/c", t + "/{a,b}", null),
        new Row(t + "/link/y.csv", t + "/data/?.csv", Relation.SAME),
        new Row(t + "/data", "nosuchfs://host" + t + "/data", null));
    List<String> wrong = new ArrayList<>();
    for (Row r : rows) {
      Relation got = PathOverlap.relation(r.written, r.read, conf);
      if (got != r.expected) {
        wrong.add(r.written + " vs " + r.read + ": " + got + ", expected " + r.expected);
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void refusalNamesBothSettingsAndPathsAndLooksIntoLists() {
    OutputLocationException e = assertThrows(OutputLocationException.class,
        () -> PathOverlap.refuse(new Use("output", t + "/data/out"),
            List.of(new Use("model", t + "/m"), new Use("input", t + "/x.csv," + t + "/data")),
            true, conf));
    assertTrue(e.getMessage().startsWith("output=" + t + "/data/out lies inside input=" + t
        + "/data: "), e.getMessage());
  }

  @Test
  void aCheckpointDirMayContainAnInputButNotLieInsideOne() {
    List<Use> input = List.of(new Use("input", t + "/data/train.csv"));
    PathOverlap.refuse(new Use("checkpointDir", t), input, false, conf); // writes its own files
    assertThrows(OutputLocationException.class,
        () -> PathOverlap.refuse(new Use("output", t), input, true, conf));
    assertThrows(OutputLocationException.class, () -> PathOverlap.refuse(
        new Use("checkpointDir", t + "/data/ck"), List.of(new Use("input", t + "/data")), false,
        conf));
  }

  @Test
  void listsSplitOnCommasOutsideBraces() {
    assertEquals(List.of("a/{x,y}.csv", "b", "c/*"), HadoopFiles.items(" a/{x,y}.csv, b,,c/* "));
  }
}
