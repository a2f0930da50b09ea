package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages of docs/ hold together: every relative link reaches a file, and a
 * heading when it names one (GitHub's anchors); a link to a Java source whose text names a class
 * or member ({@code `Class.method`}) names one that the file declares; every test class and
 * Python test file the pages name exists; the README stays a guide (under 450 lines, a table of
 * contents reaching every section) from which the class that takes a training step is two
 * clicks away.
 */
class DocLinksTest {
  private static final Pattern LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]"
      + "\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern CODE_NAME = Pattern.compile("`([A-Z]\\w*(?:[.#]\\w+)*)`");
  private static final Pattern TEST_CLASS = Pattern.compile("\\b([A-Z]\\w*Test)\\b");
  private static final Pattern PYTHON_TEST = Pattern.compile("\\b(test_\\w+\\.py)\\b");
  private static final String LIFE_OF_A_STEP = "docs/architecture.md#the-life-of-one-step";

  /** README.md and every Markdown page under docs/ and bench/. */
  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    for (String dir : List.of("docs", "bench")) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
      }
    }
    return pages;
  }

  /** A page's lines outside fenced code blocks (code blocks become blank lines). */
  static List<String> prose(Path page) throws IOException {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        out.add("");
      } else {
        out.add(fenced ? "" : line);
      }
    }
    return out;
  }

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    StringBuilder s = new StringBuilder();
    text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        s.appendCodePoint(c);
      } else if (c == ' ') {
        s.append('-');
      }
    });
    return s.toString();
  }

  /** The anchors of a page's headings, duplicates numbered as GitHub numbers them. */
  static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose(page)) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String base = slug(m.group(2));
        int n = seen.merge(base, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? base : base + "-" + n);
      }
    }
    return anchors;
  }

  /** A link on a page: its text and target, and the line it is on (1-based). */
  record Link(Path page, int line, String text, String target) {
    String where() {
      return page + ":" + line + ": [" + text + "](" + target + ")";
    }

    boolean external() {
      return target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    /** The file the link points at (the page itself for a bare anchor). */
    Path file() {
      int hash = target.indexOf('#');
      String path = hash < 0 ? target : target.substring(0, hash);
      return path.isEmpty() ? page : page.resolveSibling(path).normalize();
    }

    String anchor() {
      int hash = target.indexOf('#');
      return hash < 0 ? null : target.substring(hash + 1);
    }
  }

  static List<Link> links(Path page) throws IOException {
    List<Link> links = new ArrayList<>();
    List<String> lines = prose(page);
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = LINK.matcher(lines.get(i));
      while (m.find()) {
        links.add(new Link(page, i + 1, m.group(1), m.group(2)));
      }
    }
    return links;
  }

  /** Problems with a link: a missing file or anchor, or a code name the Java file lacks. */
  static List<String> problems(Link link) throws IOException {
    if (link.external()) {
      return List.of();
    }
    Path file = link.file();
    if (!Files.exists(file)) {
      return List.of(link.where() + ": no file " + file);
    }
    String anchor = link.anchor();
    if (anchor != null && !anchors(file).contains(anchor)) {
      return List.of(link.where() + ": no heading #" + anchor + " in " + file + "; there are "
          + anchors(file));
    }
    Matcher name = CODE_NAME.matcher(link.text());
    if (file.toString().endsWith(".java") && name.matches()) {
      return javaNameProblems(link, file, name.group(1).split("[.#]"));
    }
    return List.of();
  }

  /** {@code Outer.Inner.member}: each type declared in the file, and the member there. */
  private static List<String> javaNameProblems(Link link, Path file, String[] parts)
      throws IOException {
    String code = Files.readString(file, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String p = Pattern.quote(parts[i]);
      boolean type = Pattern.compile("\\b(class|interface|record|enum)\\s+" + p + "\\b")
          .matcher(code).find();
      boolean member = i > 0 && Pattern.compile("\\b" + p + "\\s*\\(").matcher(code).find();
      if (!type && !member) {
        problems.add(link.where() + ": " + file + " declares no "
            + (i == 0 ? "type " : "type or method ") + parts[i]);
      }
    }
    return problems;
  }

  @Test
  void relativeLinksReachFilesHeadingsAndDeclaredNames() throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path page : pages()) {
      for (Link link : links(page)) {
        problems.addAll(problems(link));
        checked++;
      }
    }
    assertTrue(checked > 100, "only " + checked + " links found");
    assertEquals(List.of(), problems);
  }

  @Test
  void namedTestsExist() throws IOException {
    Set<String> javaTests = new TreeSet<>();
    Set<String> pythonTests = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      files.forEach(f -> javaTests.add(f.getFileName().toString().replace(".java", "")));
    }
    try (Stream<Path> files = Files.walk(Path.of("python"))) {
      files.forEach(f -> pythonTests.add(f.getFileName().toString()));
    }
    List<String> missing = new ArrayList<>();
    for (Path page : pages()) {
      String text = Files.readString(page, StandardCharsets.UTF_8);
      for (Matcher m = TEST_CLASS.matcher(text); m.find(); ) {
        if (!javaTests.contains(m.group(1))) {
          missing.add(page + ": " + m.group(1));
        }
      }
      for (Matcher m = PYTHON_TEST.matcher(text); m.find(); ) {
        if (!pythonTests.contains(m.group(1))) {
          missing.add(page + ": " + m.group(1));
        }
      }
    }
    assertEquals(List.of(), missing, "tests named in the documentation that do not exist");
  }

  @Test
  void readmeIsAGuideWithContentsUnder450Lines() throws IOException {
    Path readme = Path.of("README.md");
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    assertTrue(lines.size() < 450, "README.md has " + lines.size() + " lines; the guide stays"
        + " under 450 (reference and design notes go to docs/)");
    Set<String> linked = new TreeSet<>();
    for (Link link : links(readme)) {
      if (link.file().equals(readme) && link.anchor() != null) {
        linked.add(link.anchor());
      }
    }
    List<String> unlisted = new ArrayList<>();
    for (String line : prose(readme)) {
      Matcher m = HEADING.matcher(line);
      if (m.matches() && m.group(1).equals("##") && !m.group(2).equals("Contents")
          && !linked.contains(slug(m.group(2)))) {
        unlisted.add(m.group(2));
      }
    }
    assertTrue(prose(readme).contains("## Contents"), "README.md has no ## Contents");
    assertEquals(List.of(), unlisted, "sections of README.md its contents do not link to");
  }

  /**
   * From the README, one click to the life of a step in docs/architecture.md, and from that
   * section a second click to the class that runs a step's Spark job (its treeAggregate).
   */
  @Test
  void theClassThatTakesAStepIsTwoClicksFromTheReadme() throws IOException {
    assertTrue(links(Path.of("README.md")).stream()
            .anyMatch(l -> (l.target()).equals(LIFE_OF_A_STEP)),
        "README.md does not link to " + LIFE_OF_A_STEP);
    Path architecture = Path.of("docs/architecture.md");
    List<String> lines = prose(architecture);
    int start = -1;
    int end = lines.size();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = HEADING.matcher(lines.get(i));
      if (m.matches() && m.group(1).equals("##")) {
        if (start >= 0) {
          end = i;
          break;
        }
        if (slug(m.group(2)).equals("the-life-of-one-step")) {
          start = i;
        }
      }
    }
    assertTrue(start >= 0, "docs/architecture.md has no section 'The life of one step'");
    Set<Path> stepClasses = new TreeSet<>();
    for (Link link : links(architecture)) {
      Path file = link.file();
      if (link.line() > start && link.line() <= end && file.toString().endsWith(".java")
          && Files.exists(file)
          && Files.readString(file, StandardCharsets.UTF_8).contains(".treeAggregate(")) {
        stepClasses.add(file);
      }
    }
    assertTrue(!stepClasses.isEmpty(), "'The life of one step' links no class that runs a"
        + " step's treeAggregate");
  }
}
