package dev.descent.data;

import dev.descent.io.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextInputFormat;

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
    long line = e.where() != null && e.where().bySplit() ? lineInSplit(e.where(), conf)
        : lineAt(path, e.byteOffset(), conf);
    return line > 0 ? DataException.atLine(HadoopFiles.display(path), line, e.problem()) : e;
  }

  /** "file:line" for a location in a file, or the location's own description. */
  public static String describe(Location where, Configuration conf) {
    return describeAll(List.of(where), conf).get(0);
  }

  /**
   * {@link #describe} for several locations, in their order, reading each file once (up to the
   * largest offset asked for in it).
   */
  public static List<String> describeAll(List<Location> where, Configuration conf) {
    Map<String, long[]> offsets = new LinkedHashMap<>();
    for (Location w : where) {
      if (w.description() == null && !w.bySplit()) {
        long[] o = offsets.getOrDefault(w.source(), new long[0]);
        o = Arrays.copyOf(o, o.length + 1);
        o[o.length - 1] = w.byteOffset();
        offsets.put(w.source(), o);
      }
    }
    Map<String, long[]> lines = new LinkedHashMap<>();
    offsets.forEach((source, o) -> {
      Arrays.sort(o);
      lines.put(source, linesAt(new Path(source), o, conf));
    });
    List<String> out = new ArrayList<>();
    for (Location w : where) {
      if (w.description() != null) {
        out.add(w.source() + " (" + w.description() + ")");
        continue;
      }
      if (w.bySplit()) {
        long line = lineInSplit(w, conf);
        out.add(HadoopFiles.display(new Path(w.source())) + (line > 0 ? ":" + line
            : " (record " + (w.recordInSplit() + 1) + " of the split at byte "
                + w.splitStart() + ")"));
        continue;
      }
      long[] o = offsets.get(w.source());
      long line = lines.get(w.source())[Arrays.binarySearch(o, w.byteOffset())];
      Path path = new Path(w.source());
      out.add(HadoopFiles.display(path) + (line > 0 ? ":" + line : " at byte " + w.byteOffset()));
    }
    return out;
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

  /**
   * The 1-based line of a record located by its split (a file compressed with a splittable
   * codec): the records Hadoop reads for the part of the file before the split, counted by
   * reading that part as a split of its own (Hadoop's split boundaries neither lose nor repeat a
   * record), plus its place in its split; -1 if the file cannot be read.
   */
  private static long lineInSplit(Location where, Configuration conf) {
    if (where.splitStart() == 0) {
      return where.recordInSplit() + 1;
    }
    JobConf job = new JobConf(conf);
    TextInputFormat format = new TextInputFormat();
    format.configure(job);
    FileSplit before = new FileSplit(new Path(where.source()), 0, where.splitStart(),
        (String[]) null);
    try {
      RecordReader<LongWritable, Text> reader = format.getRecordReader(before, job,
          Reporter.NULL);
      long records = 0;
      try {
        LongWritable key = reader.createKey();
        Text value = reader.createValue();
        while (reader.next(key, value)) {
          records++;
        }
      } finally {
        reader.close();
      }
      return records + where.recordInSplit() + 1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** 1-based line starting at {@code offset}, or -1 if the file cannot be read. */
  private static long lineAt(Path path, long offset, Configuration conf) {
    return linesAt(path, new long[] {offset}, conf)[0];
  }

  /**
   * 1-based lines starting at the sorted {@code offsets} (counting line feeds before each), all
   * -1 if the file cannot be read.
   */
  private static long[] linesAt(Path path, long[] offsets, Configuration conf) {
    long[] lines = new long[offsets.length];
    try (InputStream in = HadoopFiles.open(path, conf)) {
      long line = 1;
      long position = 0;
      byte[] buf = new byte[1 << 16];
      for (int k = 0; k < offsets.length; k++) {
        while (position < offsets[k]) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, offsets[k] - position));
          if (n < 0) {
            break;
          }
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              line++;
            }
          }
          position += n;
        }
        lines[k] = line;
      }
      return lines;
    } catch (IOException | RuntimeException e) {
      Arrays.fill(lines, -1);
      return lines;
    }
  }
}
