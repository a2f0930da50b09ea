package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One checkpoint as plain data, never Java serialization: a magic word and version, a JSON
 * header (settings, counters, history), then named arrays of doubles, then a CRC32 of everything
 * before it. Written to a hidden temporary name and renamed into place, so a reader sees a
 * complete file or none; a file damaged later (or half-copied by an object store's rename) fails
 * its checksum and is reported as such.
 */
public final class CheckpointFile {
  private static final byte[] MAGIC = "DESCKPT1".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int CHUNK = 1 << 16;

  /** A checkpoint's content. */
  public record Content(ObjectNode header, Map<String, double[]> arrays) {}

  private CheckpointFile() {}

  public static ObjectNode newHeader() {
    return MAPPER.createObjectNode();
  }

  /** Writes {@code content} to {@code path} atomically (temporary file, then rename). */
  public static void write(FileSystem fs, Path path, Content content) throws IOException {
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
    try (OutputStream raw = fs.create(temporary, true)) {
      CRC32 crc = new CRC32();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
      out.write(MAGIC);
      byte[] header = MAPPER.writeValueAsBytes(content.header());
      out.writeInt(header.length);
      out.write(header);
      out.writeInt(content.arrays().size());
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
      for (Map.Entry<String, double[]> e : content.arrays().entrySet()) {
        out.writeUTF(e.getKey());
        double[] a = e.getValue();
        out.writeInt(a.length);
        for (int from = 0; from < a.length; from += CHUNK / 8) {
          int n = Math.min(CHUNK / 8, a.length - from);
          chunk.clear();
          chunk.asDoubleBuffer().put(a, from, n);
          out.write(chunk.array(), 0, n * 8);
        }
      }
      out.flush();
      new DataOutputStream(raw).writeLong(crc.getValue());
    }
    if (fs.exists(path)) {
      fs.delete(path, false);
    }
    if (!fs.rename(temporary, path)) {
      throw new IOException("cannot rename " + temporary + " to " + path);
    }
  }

  /**
   * Reads only the JSON header of a checkpoint, without verifying the rest (for telling whose a
   * checkpoint is without reading its arrays).
   *
   * @throws IOException if the file does not start with a readable header
   */
  public static ObjectNode header(FileSystem fs, Path path) throws IOException {
    try (DataInputStream in = new DataInputStream(fs.open(path))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      int headerLength = in.readInt();
      if (!java.util.Arrays.equals(magic, MAGIC) || headerLength < 0
          || headerLength > (1 << 28)) {
        throw new IOException(path + " is not a Descent checkpoint (or of another version)");
      }
      byte[] header = new byte[headerLength];
      in.readFully(header);
      if (MAPPER.readTree(header) instanceof ObjectNode object) {
        return object;
      }
      throw new IOException(path + " is damaged (header is not a JSON object)");
    } catch (EOFException e) {
      throw new IOException(path + " is truncated", e);
    }
  }

  /**
   * Reads and verifies a checkpoint.
   *
   * @throws IOException naming what is wrong (bad magic, truncated, checksum mismatch)
   */
  public static Content read(FileSystem fs, Path path) throws IOException {
    long fileLength = fs.getFileStatus(path).getLen();
    try (InputStream raw = fs.open(path)) {
      CRC32 crc = new CRC32();
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException(path + " is not a Descent checkpoint (or of another version)");
      }
      int headerLength = in.readInt();
      if (headerLength < 0 || headerLength > (1 << 28)) {
        throw new IOException(path + " is damaged (header length " + headerLength + ")");
      }
      byte[] header = new byte[headerLength];
      in.readFully(header);
      int count = in.readInt();
      Map<String, double[]> arrays = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int length = in.readInt();
        if (length < 0 || 8L * length > fileLength) {
          throw new IOException(path + " is damaged (array length " + length + ")");
        }
        double[] a = new double[length];
        byte[] chunk = new byte[CHUNK];
        for (int from = 0; from < length; from += CHUNK / 8) {
          int n = Math.min(CHUNK / 8, length - from);
          in.readFully(chunk, 0, n * 8);
          ByteBuffer.wrap(chunk, 0, n * 8).asDoubleBuffer().get(a, from, n);
        }
        arrays.put(name, a);
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != expected) {
        throw new IOException(path + " is damaged (checksum mismatch)");
      }
      JsonNode node = MAPPER.readTree(header);
      if (!(node instanceof ObjectNode object)) {
        throw new IOException(path + " is damaged (header is not a JSON object)");
      }
      return new Content(object, arrays);
    } catch (EOFException e) {
      throw new IOException(path + " is truncated", e);
    } catch (ChecksumException e) {
      // Hadoop's checksummed file systems (the local one writes .crc files) got there first.
      throw new IOException(path + " is damaged (checksum mismatch found by the file system)", e);
    }
  }
}
