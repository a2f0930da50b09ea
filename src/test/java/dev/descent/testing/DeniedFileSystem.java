package dev.descent.testing;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;

/**
 * The local file system under the scheme {@code denied://}, where files whose names start with
 * "secret" belong to user alice with mode rw------- and cannot be opened: open throws the
 * AccessControlException that HDFS throws for a file the user may not read. Tests run as root,
 * which reads any local file whatever its mode, so this is how they meet an unreadable file.
 * Enable with {@code fs.denied.impl=dev.descent.testing.DeniedFileSystem}.
 */
public class DeniedFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "denied";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  private static boolean secret(Path f) {
    return f.getName().startsWith("secret");
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (secret(f)) {
      throw new AccessControlException("Permission denied: user=" + System.getProperty(
          "user.name") + ", access=READ, inode=\"" + Path.getPathWithoutSchemeAndAuthority(f)
          + "\":alice:staff:-rw-------");
    }
    return super.open(f, bufferSize);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return plain(super.getFileStatus(f));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] listed = super.listStatus(f);
    FileStatus[] out = new FileStatus[listed.length];
    for (int i = 0; i < listed.length; i++) {
      out[i] = plain(listed[i]);
    }
    return out;
  }

  /**
   * The status with its owner and mode given here: the local file system reads them from a
   * java.io.File of the path's URI, which must have the file scheme.
   */
  private static FileStatus plain(FileStatus st) {
    boolean secret = secret(st.getPath());
    return new FileStatus(st.getLen(), st.isDirectory(), 1, st.getBlockSize(),
        st.getModificationTime(), st.getAccessTime(),
        new FsPermission(secret ? (short) 0600 : (short) 0755), secret ? "alice" : "descent",
        secret ? "staff" : "descent", st.getPath());
  }
}
