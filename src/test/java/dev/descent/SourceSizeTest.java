package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The size limits of {@code src/main} (issue 10): no method over {@value #METHOD_LINES} lines and
 * no class file over {@value #CLASS_LINES} lines, unless its doc comment says why, in words
 * starting "(Over 60 lines:" or "(Over 300 lines:" ("(Long by nature:" too): a generated table,
 * a parser that earns its length. Methods are found with a brace-depth scan of the code with comments, strings and
 * character literals blanked: a block opened directly in a class body (or an anonymous class's)
 * whose header has parentheses is a method or constructor, and a lambda or anonymous class
 * inside a method counts towards that method. A method's lines run from the line of its opening
 * brace to that of its closing brace.
 */
class SourceSizeTest {
  static final int METHOD_LINES = 60;
  static final int CLASS_LINES = 300;
  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern TYPE = Pattern.compile("\\b(class|interface|enum|record)\\b");
  private static final Pattern CONTROL = Pattern.compile(
      "^\\s*(if|for|while|switch|catch|synchronized|try|else|do|finally|return|case)\\b");

  /** A method (or constructor) of a file: where it starts, its lines, its doc comment. */
  record Method(Path file, int line, int lines, String doc) {}

  @Test
  void noMethodIsLongerThanTheLimitWithoutAReason() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Path f : sources()) {
      for (Method m : methods(f)) {
        if (m.lines() > METHOD_LINES && !m.doc().contains("(Over 60 lines:")) {
          long_.add(MAIN.relativize(m.file()) + ":" + m.line() + " (" + m.lines() + " lines)");
        }
      }
    }
    assertEquals(List.of(), long_, "methods over " + METHOD_LINES + " lines");
  }

  @Test
  void noClassIsLongerThanTheLimitWithoutAReason() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Path f : sources()) {
      String text = Files.readString(f);
      int lines = (int) text.lines().count();
      if (lines > CLASS_LINES && !text.contains("(Over 300 lines:") && !text.contains("(Long by nature:")) {
        long_.add(MAIN.relativize(f) + " (" + lines + " lines)");
      }
    }
    assertEquals(List.of(), long_, "classes over " + CLASS_LINES + " lines");
  }

  /** The scan finds methods, their length and their doc (so the checks above can fail). */
  @Test
  void theScanMeasuresMethods() {
    String code = String.join("\n",
        "class A {",
        "  /** Doc. (Over 60 lines: a table.) */",
        "  int f(int x) {",
        "    if (x > 0) { return \"}\".length(); }",
        "    Runnable r = () -> { };",
        "    return new Object() { int g() { return 1; } }.g();",
        "  }",
        "  static { }",
        "  record R(int a) { R { } }",
        "}");
    List<Method> m = methods(Path.of("A.java"), code);
    assertEquals(4, m.size(), m.toString());
    assertEquals(3, m.get(0).line());
    assertEquals(5, m.get(0).lines());
    assertTrue(m.get(0).doc().contains("(Over 60 lines: a table.)"));
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  static List<Method> methods(Path file) throws IOException {
    return methods(file, Files.readString(file));
  }

  /** The methods of one source file, in order of their lines. */
  static List<Method> methods(Path file, String text) {
    String code = blank(text);
    List<Method> out = new ArrayList<>();
    Deque<int[]> open = new ArrayDeque<>(); // {offset, kind: 0 other, 1 type body, 2 method}
    int headerStart = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '{') {
        String header = code.substring(headerStart, i);
        boolean inType = open.isEmpty() || open.peek()[1] == 1;
        int kind = TYPE.matcher(header).find() || header.contains("new ") && header.contains(")")
            && !inType ? 1 : inType ? 2 : 0;
        if (kind == 2 && (CONTROL.matcher(header).find() || header.contains("="))) {
          kind = 0; // a control block, or a field's initializer
        }
        open.push(new int[] {i, kind, headerStart});
        headerStart = i + 1;
      } else if (c == '}') {
        int[] block = open.pop();
        if (block[1] == 2) {
          int line = lineOf(code, block[0]);
          out.add(new Method(file, line, lineOf(code, i) - line + 1, doc(text, block[2],
              block[0])));
        }
        headerStart = i + 1;
      } else if (c == ';') {
        headerStart = i + 1;
      }
    }
    out.sort(java.util.Comparator.comparingInt(Method::line));
    return out;
  }

  private static int lineOf(String s, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      line += s.charAt(i) == '\n' ? 1 : 0;
    }
    return line;
  }

  /** The last doc comment in {@code text[from, to)} (a method's header), or "". */
  private static String doc(String text, int from, int to) {
    int start = text.lastIndexOf("/**", to);
    return start >= from ? text.substring(start, text.indexOf("*/", start)) : "";
  }

  /** The text with comments, string and character literals (and text blocks) blanked out. */
  static String blank(String s) {
    StringBuilder b = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      int end;
      if (s.startsWith("//", i)) {
        end = s.indexOf('\n', i);
        end = end < 0 ? s.length() : end;
      } else if (s.startsWith("/*", i)) {
        end = s.indexOf("*/", i + 2) + 2;
      } else if (s.startsWith("\"\"\"", i)) {
        end = s.indexOf("\"\"\"", i + 3) + 3;
      } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
        char q = s.charAt(i);
        end = i + 1;
        while (s.charAt(end) != q) {
          end += s.charAt(end) == '\\' ? 2 : 1;
        }
        end++;
      } else {
        i++;
        continue;
      }
      for (int j = i; j < end; j++) {
        if (b.charAt(j) != '\n') {
          b.setCharAt(j, ' ');
        }
      }
      i = end;
    }
    return b.toString();
  }
}
