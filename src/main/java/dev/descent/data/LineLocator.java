package dev.descent.data;

import dev.descent.io.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Turns the byte offset that an executor reported into a line number, by counting line breaks
 * up to it. Runs on the driver and only when an error is being reported, so the normal path
 * never pays for line numbering.
 */
public final class LineLocator {
  private LineLocator() {}

  /**
   * The error with its line number filled in and its file named for people (a plain path for
   * local files); unchanged if it has no offset, or if the file cannot be read.
   */
  public static DataException locate(DataException e, Configuration conf) {
    if (e.byteOffset() < 0) {
      return e;
    }
    Path path = new Path(e.source());
    long line = lineAt(path, e.byteOffset(), conf);
    return line > 0 ? DataException.atLine(HadoopFiles.display(path), line, e.problem()) : e;
  }

  /** "file:line" for a location in a file, or the location's own description. */
  public static String describe(Location where, Configuration conf) {
    if (where.description() != null) {
      return where.source() + " (" + where.description() + ")";
    }
    Path path = new Path(where.source());
    long line = lineAt(path, where.byteOffset(), conf);
    return HadoopFiles.display(path) + (line > 0 ? ":" + line : " at byte " + where.byteOffset());
  }

  /**
   * The data error behind a failure (for example a Spark job aborted by a task that threw one),
   * located to its line; null if the failure was not caused by bad data.
   */
  public static DataException find(Throwable t, Configuration conf) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DataException d) {
        return locate(d, conf);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** 1-based line starting at {@code offset}, or -1 if the file cannot be read. */
  private static long lineAt(Path path, long offset, Configuration conf) {
    try (InputStream in = HadoopFiles.open(path, conf)) {
      long line = 1;
      long remaining = offset;
      byte[] buf = new byte[1 << 16];
      while (remaining > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line++;
          }
        }
        remaining -= n;
      }
      return line;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
