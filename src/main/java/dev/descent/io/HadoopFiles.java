package dev.descent.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Small file operations through Hadoop's FileSystem API, so that local paths, HDFS and object
 * stores (s3a://, gs://, abfs://) behave alike. Nothing here reads a whole data file.
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /**
   * The data files an input path names, as Spark's text input would read them: a file, a
   * directory's visible files (not those starting with "_" or "."), a glob, or a comma-separated
   * list of these. Returns an empty list when nothing matches.
   */
  public static List<FileStatus> listInputFiles(String paths, Configuration conf) {
    return listInputFiles(paths, conf, null);
  }

  /**
   * As {@link #listInputFiles(String, Configuration)}, adding to {@code subdirectories} (unless
   * null) the visible subdirectories of the directories it names, which Hadoop's text input
   * does not read.
   */
  public static List<FileStatus> listInputFiles(String paths, Configuration conf,
      List<Path> subdirectories) {
    List<FileStatus> out = new ArrayList<>();
    for (String p : items(paths)) {
      Path path = new Path(p);
      try {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null) {
          continue;
        }
        for (FileStatus st : matches) {
          if (st.isDirectory()) {
            for (FileStatus child : fs.listStatus(st.getPath())) {
              if (child.isFile() && isVisible(child.getPath())) {
                out.add(child);
              } else if (child.isDirectory() && isVisible(child.getPath())
                  && subdirectories != null) {
                subdirectories.add(child.getPath());
              }
            }
          } else {
            out.add(st);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * The items of a comma-separated list of paths, as Hadoop's input formats split it: commas
   * inside {braces} (glob alternatives) do not separate; blank items are dropped.
   */
  public static List<String> items(String list) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder item = new StringBuilder();
    for (char ch : (list + ",").toCharArray()) {
      if (ch == ',' && depth == 0) {
        if (!item.toString().isBlank()) {
          out.add(item.toString().trim());
        }
        item.setLength(0);
        continue;
      }
      depth += ch == '{' ? 1 : ch == '}' && depth > 0 ? -1 : 0;
      item.append(ch);
    }
    return out;
  }

  private static boolean isVisible(Path p) {
    String name = p.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** Opens a file for reading, decompressing it when its extension names a codec (.gz, .bz2, ...). */
  public static InputStream open(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    InputStream in = fs.open(path);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    if (codec != null) {
      in = codec.createInputStream(in);
    }
    return new BufferedInputStream(in, 1 << 16);
  }

  /** A path for messages: plain for local files, the full URI otherwise. */
  public static String display(Path path) {
    String scheme = path.toUri().getScheme();
    return scheme == null || "file".equals(scheme) ? path.toUri().getPath() : path.toString();
  }

  public static boolean exists(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).exists(p);
  }
}
