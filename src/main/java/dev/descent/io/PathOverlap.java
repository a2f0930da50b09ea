package dev.descent.io;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * Whether a place a run writes overlaps a place it reads: the same path, one inside the other.
 * Paths are compared as the file system sees them: qualified (relative paths against the working
 * directory, {@code file:} or not), normalized ({@code ./a/../a}, trailing and doubled slashes),
 * and on the local file system with symbolic links resolved. An input may be a comma-separated
 * list and each item a glob ({@code data/*.csv}), which overlaps a path that one of its matches,
 * existing or not, could equal, contain or lie inside.
 */
public final class PathOverlap {
  private PathOverlap() {}

  /** A path and the setting that names it. */
  public record Use(String setting, String value) {}

  /** How two paths overlap. */
  public enum Relation {
    SAME("is"), CONTAINS("contains"), INSIDE("lies inside");

    final String words;

    Relation(String words) {
      this.words = words;
    }
  }

  /**
   * Refuses {@code written} if it overlaps any of {@code others}.
   *
   * @param containing whether {@code written} containing one of them is refused too (it is for
   *     an output, which overwrite=true deletes as a whole; not for a checkpoint directory, which
   *     writes only its own files)
   * @throws OutputLocationException naming both settings and paths
   */
  public static void refuse(Use written, List<Use> others, boolean containing,
      Configuration conf) {
    for (String w : HadoopFiles.items(written.value())) {
      for (Use other : others) {
        for (String o : HadoopFiles.items(other.value())) {
          Relation r = relation(w, o, conf);
          if (r != null && (containing || r != Relation.CONTAINS)) {
            throw new OutputLocationException(written.setting() + "=" + w + " " + r.words + " "
                + other.setting() + "=" + o + ": a run must not write where it reads or keeps"
                + " its checkpoints (overwrite=true would delete them); choose separate"
                + " locations");
          }
        }
      }
    }
  }

  /**
   * Refuses a directory {@code dir} that a run writes its own files into (the checkpointDir) when
   * an input file lies directly in it, or a glob's files do: they would lie among the data, where
   * a later run that reads the directory would take them for data. A directory that holds an
   * input directory ({@code checkpointDir=project}, {@code input=project/data}) is fine.
   *
   * @throws OutputLocationException naming both settings and paths
   */
  public static void refuseAmongFiles(Use dir, List<Use> reads, Configuration conf)
      throws IOException {
    for (Use read : reads) {
      for (String o : HadoopFiles.items(read.value())) {
        Path path = new Path(o);
        Path parent = path.getParent();
        boolean files = new GlobPattern(path.getName()).hasWildcard()
            || path.getFileSystem(conf).isFile(path);
        if (parent != null && files && relation(dir.value(), parent.toString(), conf)
            == Relation.SAME) {
          throw new OutputLocationException(dir.setting() + "=" + dir.value() + " holds "
              + read.setting() + "=" + o + ": its files would lie among the input's, where a run"
              + " reading the directory would take them for data; choose a directory of their"
              + " own");
        }
      }
    }
  }

  /**
   * How {@code a} (a plain path) stands to {@code b} (a path or a glob), or null if they are
   * apart (or either is not a valid path, which is reported where it is used).
   */
  public static Relation relation(String a, String b, Configuration conf) {
    try {
      Resolved x = resolve(a, conf);
      Resolved y = resolve(b, conf);
      if (!x.root.equals(y.root)) {
        return null;
      }
      return y.glob.isEmpty() ? plain(x.parts, y.parts) : globbed(x.parts, y.parts, y.glob);
    } catch (IllegalArgumentException | IOException e) {
      return null;
    }
  }

  private static Relation plain(List<String> a, List<String> b) {
    int common = Math.min(a.size(), b.size());
    if (!a.subList(0, common).equals(b.subList(0, common))) {
      return null;
    }
    return a.size() == b.size() ? Relation.SAME
        : a.size() < b.size() ? Relation.CONTAINS : Relation.INSIDE;
  }

  /**
   * {@code a} against the glob {@code fixed + pattern}: containing the fixed part contains every
   * match; below it, {@code a} overlaps if its next components match the pattern's.
   */
  private static Relation globbed(List<String> a, List<String> fixed, List<String> pattern) {
    Relation r = plain(a, fixed);
    if (r != Relation.INSIDE) {
      return r == null ? null : Relation.CONTAINS; // the matches lie below the fixed part
    }
    List<String> rest = a.subList(fixed.size(), a.size());
    int n = Math.min(rest.size(), pattern.size());
    for (int i = 0; i < n; i++) {
      if (!GlobPattern.compile(pattern.get(i)).matcher(rest.get(i)).matches()) {
        return null;
      }
    }
    return rest.size() == pattern.size() ? Relation.SAME
        : rest.size() < pattern.size() ? Relation.CONTAINS : Relation.INSIDE;
  }

  /** A path as compared: its file system, its fixed components, and its glob components. */
  private record Resolved(String root, List<String> parts, List<String> glob) {}

  private static Resolved resolve(String value, Configuration conf) throws IOException {
    Path path = new Path(value);
    FileSystem fs = path.getFileSystem(conf);
    URI uri = fs.makeQualified(path).toUri();
    String root = uri.getScheme() + "://" + (uri.getAuthority() == null ? ""
        : uri.getAuthority());
    List<String> parts = new ArrayList<>();
    List<String> glob = new ArrayList<>();
    for (String p : uri.getPath().split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (!glob.isEmpty() || new GlobPattern(p).hasWildcard()) {
        glob.add(p);
      } else if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(p);
      }
    }
    if ("file".equals(uri.getScheme())) {
      parts = realPath(parts);
    }
    return new Resolved(root, parts, glob);
  }

  /** Local components with symbolic links resolved in the longest prefix that exists. */
  private static List<String> realPath(List<String> parts) throws IOException {
    for (int n = parts.size(); n >= 0; n--) {
      java.nio.file.Path prefix = java.nio.file.Path.of("/" + String.join("/",
          parts.subList(0, n)));
      if (Files.exists(prefix)) {
        List<String> out = new ArrayList<>();
        for (java.nio.file.Path c : prefix.toRealPath()) {
          out.add(c.toString());
        }
        out.addAll(parts.subList(n, parts.size()));
        return out;
      }
    }
    return parts;
  }
}
