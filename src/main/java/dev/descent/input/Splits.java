package dev.descent.input;

import dev.descent.data.DataException;
import dev.descent.data.Location;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import scala.Tuple2;

/**
 * The lines of one split of a text file, as Hadoop reads them: where the split starts when its
 * file is compressed with a splittable codec (bzip2), and the lines of a compressed file that
 * cannot be decompressed as bad data naming the file rather than an I/O failure.
 */
final class Splits {
  private Splits() {}

  /**
   * The split's start if its file is compressed with a splittable codec (bzip2), whose records
   * are then located by their place in the split (see {@link Location}); else -1.
   */
  static long startIfCompressed(InputSplit split) {
    FileSplit file = (FileSplit) split;
    return Codecs.FACTORY.getCodec(file.getPath()) instanceof SplittableCompressionCodec
        ? file.getStart() : -1;
  }

  /** Hadoop's default codecs, looked up once per JVM. */
  private static final class Codecs {
    static final CompressionCodecFactory FACTORY = new CompressionCodecFactory(
        new Configuration());
  }

  /**
   * A split's lines, where a compressed file that cannot be decompressed (truncated, corrupt, or
   * not in the format its name says) is bad data naming the file, not an I/O failure.
   */
  static Iterator<Tuple2<LongWritable, Text>> decompressed(
      Iterator<Tuple2<LongWritable, Text>> lines, InputSplit split) {
    Path path = ((FileSplit) split).getPath();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return lines.hasNext();
        } catch (Exception e) { // Hadoop's IOException, thrown undeclared through Scala
          throw orBadData(e, path);
        }
      }

      @Override
      public Tuple2<LongWritable, Text> next() {
        try {
          return lines.next();
        } catch (Exception e) {
          throw orBadData(e, path);
        }
      }
    };
  }

  /** The data error if {@code e} is an I/O error in a compressed file; else rethrows {@code e}. */
  private static DataException orBadData(Exception e, Path path) {
    DataException bad = decompressionError(e, path);
    if (bad == null) {
      throw Splits.<RuntimeException>sneaky(e);
    }
    return bad;
  }

  /** A data error naming the file if {@code e} is the file's fault (InputErrors), else null. */
  private static DataException decompressionError(Exception e, Path path) {
    return InputErrors.of(e, path, new Configuration());
  }

  /** Rethrows {@code e} unchanged, checked or not (as Scala code does). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }
}
