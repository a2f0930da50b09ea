package dev.descent.input;

import dev.descent.data.DataException;
import dev.descent.io.HadoopFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * I/O errors reading an input file that are the file's fault, not the system's, as data errors
 * naming the file (exit 3): a compressed file that cannot be decompressed, a file that does not
 * match its checksum (a stale or foreign {@code .crc} beside a local file, a corrupt HDFS
 * block), a file the job's user may not read. Any other I/O error stays what it is.
 */
public final class InputErrors {
  private InputErrors() {}

  /** The data error that {@code e}, met reading {@code file}, amounts to; null if none. */
  public static DataException of(Throwable e, Path file, Configuration conf) {
    String where = HadoopFiles.display(file);
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ChecksumException) {
        return DataException.of(where, checksum(c, file, conf));
      }
      if (c instanceof AccessControlException || c instanceof AccessDeniedException
          || (c instanceof FileNotFoundException && c.getMessage() != null
              && c.getMessage().contains("Permission denied"))) {
        return DataException.of(where, "cannot be read: permission denied " + permission(file,
            conf) + " (" + firstLine(c) + ")");
      }
    }
    CompressionCodec codec = e instanceof IOException
        ? new CompressionCodecFactory(conf).getCodec(file) : null;
    return codec == null ? null : DataException.of(where, "cannot be decompressed as "
        + codec.getDefaultExtension() + " (" + e.getMessage() + "): is the file truncated or"
        + " corrupt?");
  }

  private static String checksum(Throwable e, Path file, Configuration conf) {
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (fs instanceof ChecksumFileSystem checked) {
        return "does not match its checksum file " + HadoopFiles.display(
            checked.getChecksumFile(file)) + " (" + firstLine(e) + "): a stale or foreign .crc"
            + " (the file was changed by a tool that did not update it, or it belongs to another"
            + " file); if the data is right, delete the .crc file";
      }
    } catch (IOException | RuntimeException ignored) {
      // say it without naming the .crc
    }
    return "fails its checksum (" + firstLine(e) + "): the file is corrupt";
  }

  /** "for user U (mode rw-------, owner o, group g)", as far as it can be found out. */
  private static String permission(Path file, Configuration conf) {
    StringBuilder s = new StringBuilder();
    try {
      s.append("for user ").append(UserGroupInformation.getCurrentUser().getShortUserName());
    } catch (IOException | RuntimeException e) {
      s.append("for this job's user");
    }
    try {
      FileStatus st = file.getFileSystem(conf).getFileStatus(file);
      s.append(" (mode ").append(st.getPermission()).append(", owner ").append(st.getOwner())
          .append(", group ").append(st.getGroup()).append(')');
    } catch (IOException | RuntimeException e) {
      // the mode cannot be read either
    }
    return s.toString();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
  }
}
