package dev.descent.io;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Checks on places Descent will write, made before any work is done. */
public final class Locations {
  private Locations() {}

  /**
   * Checks that entries can be created in {@code dir}, or that it can be created: in the nearest
   * of it and its ancestors that exists, which must be a directory, creates a hidden file and
   * removes it again. Permissions alone would not tell (root ignores them; ACLs, read-only mounts
   * and object-store policies are not in the mode bits), so this really writes.
   *
   * @param setting and {@code path}: the setting and its value, for messages
   * @param probeName the name of the hidden file (a leftover should its process be killed here)
   * @throws OutputLocationException naming the path and why it cannot be written
   */
  public static void requireWritable(String setting, String path, FileSystem fs, Path dir,
      String probeName) throws IOException {
    Path existing = dir;
    while (existing != null && !fs.exists(existing)) {
      existing = existing.getParent();
    }
    String what = setting + "=" + path;
    if (existing == null) {
      throw new OutputLocationException(what + " cannot be created: no part of " + dir
          + " exists");
    }
    FileStatus st = fs.getFileStatus(existing);
    if (!st.isDirectory()) {
      throw new OutputLocationException(what + " cannot be created: "
          + HadoopFiles.display(existing) + " is a file, not a directory");
    }
    Path probe = new Path(existing, probeName);
    try {
      fs.create(probe, false).close();
    } catch (IOException e) {
      throw new OutputLocationException(what + " cannot be written: creating a file in "
          + HadoopFiles.display(existing) + " failed (" + firstLine(e) + ")");
    }
    fs.delete(probe, false);
  }

  /** A hidden probe name for {@code requireWritable} inside a directory (a checkpointDir). */
  public static String probeName() {
    return ".descent.probe-" + UUID.randomUUID().toString().substring(0, 8) + "-"
        + Owner.current().token();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
