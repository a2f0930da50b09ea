package dev.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.testing.SparkTests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} at a tiny scale: every section's table is there with one row per data set and
 * the columns its header names, and every figure is a finite number. Timings are not checked:
 * speed is the benchmark's business, not the tests'.
 *
 * <p>The benchmark is compiled after the product, from src/bench/java, so the test compiler does
 * not see it; Surefire puts its classes on the test class path and {@link #bench} calls its entry
 * point, {@code BenchMain.run}, by name, on the shared test session.
 */
class BenchSmokeTest {
  /** The benchmark's sections (BenchOptions.SECTIONS, which the test compiler does not see). */
  private static final int SECTIONS = 11;
  private static final Pattern NUMBER = Pattern.compile("^-?[0-9][0-9,]*(\\.[0-9]+)?(e[-+]?[0-9]+)?");

  @Test
  void tinyRunWritesEverySectionWithFiniteFigures(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("results.md");
    Result r = bench("bench", "scale=0.0001", "reps=1", "output=" + output).assertExit(0);
    String md = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(md, r.out(), "stdout shows the same table as the file");

    List<List<List<String>>> tables = tables(md);
    List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
    assertEquals(SECTIONS, headings.size(), String.join("\n", headings));
    for (int i = 0; i < SECTIONS; i++) {
      assertTrue(headings.get(i).startsWith("## " + (i + 1) + ". "), headings.get(i));
    }
    // epoch, step (+ fixed costs), target, kernel (+ block sizes, + stages), memory, scale,
    // sync, hard (2 problems x 5 contenders), defaults (3 problems x 3 rules), small, files.
    int[] rows = {3, 3, 3, 3, 3, 2, 3, 3, 1, 3, 10, 9, 3, 5};
    // Leading cells that name the row rather than measure it.
    int[] labels = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1};
    assertEquals(rows.length, tables.size());
    for (int t = 0; t < tables.size(); t++) {
      List<List<String>> table = tables.get(t);
      assertEquals(rows[t] + 1, table.size(), "rows of table " + t);
      int columns = table.get(0).size();
      for (List<String> row : table.subList(1, table.size())) {
        assertEquals(columns, row.size(), "cells in " + row);
        for (String raw : row.subList(labels[t], row.size())) {
          // Quick runs do not reach the hard problems' target; a ratio to such a run is '-'.
          String cell = raw.replaceFirst("^not reached in ", "");
          if (cell.equals("n/a") || cell.equals("-")) {
            continue;
          }
          Matcher m = NUMBER.matcher(cell);
          assertTrue(m.find(), "not a figure: '" + cell + "' in " + row);
          double v = Double.parseDouble(m.group().replace(",", ""));
          assertTrue(Double.isFinite(v) && v >= 0, cell + " in " + row);
        }
      }
    }
    assertTrue(tables.get(0).get(1).get(0).startsWith("dense 2,000 x 100"), md);
    assertTrue(r.err().contains("Table written to " + output), r.err());
  }

  @Test
  void badBenchSettingsAreUsageErrors(@TempDir Path dir) {
    bench("bench", "scale=2").assertExit(2).assertErrContains("scale", "(0, 1]");
    bench("bench", "repetitions=3").assertExit(2)
        .assertErrContains("unknown bench setting 'repetitions'");
    bench("bench", "sections=epoch,warp").assertExit(2).assertErrContains("'warp'");
    bench("bench", "fast").assertExit(2).assertErrContains("'fast' is not key=value");
  }

  /** What one run printed and returned. */
  record Result(int exit, String out, String err) {
    Result assertExit(int expected) {
      assertEquals(expected, exit, () -> "exit code\n--- stdout ---\n" + out
          + "\n--- stderr ---\n" + err);
      return this;
    }

    Result assertErrContains(String... fragments) {
      for (String f : fragments) {
        assertTrue(err.contains(f), () -> "stderr lacks '" + f + "':\n" + err);
      }
      return this;
    }
  }

  /** Runs {@code BenchMain.run(args, out, err)} in-process and captures what it says. */
  static Result bench(String... args) {
    SparkTests.session(); // the benchmark uses the running session and leaves it running
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = (int) Class.forName("dev.descent.bench.BenchMain")
          .getMethod("run", String[].class, PrintStream.class, PrintStream.class)
          .invoke(null, args, o, e);
    } catch (InvocationTargetException e) {
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the benchmark's classes are not on the test class path", e);
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** The markdown tables: rows of trimmed cells, header first, the rule line left out. */
  private static List<List<List<String>>> tables(String md) {
    List<List<List<String>>> tables = new ArrayList<>();
    List<List<String>> current = null;
    for (String line : md.lines().toList()) {
      if (!line.startsWith("|")) {
        current = null;
        continue;
      }
      if (current == null) {
        current = new ArrayList<>();
        tables.add(current);
      }
      List<String> cells = new ArrayList<>();
      for (String c : line.substring(1, line.length() - 1).split("\\|")) {
        cells.add(c.trim());
      }
      if (!cells.get(0).equals("---")) {
        current.add(cells);
      }
    }
    return tables;
  }
}
