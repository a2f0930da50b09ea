package dev.descent.input;

import dev.descent.data.DataException;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextInputFormat;

/**
 * Hadoop's TextInputFormat, whose errors opening or reading a file that are the file's fault
 * ({@link InputErrors}: unreadable, stale checksum, corrupt compression) are data errors naming
 * the file. Opening happens inside Spark's HadoopRDD before any of Descent's code sees the
 * split, so this is the one place to catch them on the executors.
 */
public class CheckedTextInputFormat extends TextInputFormat {
  @Override
  public RecordReader<LongWritable, Text> getRecordReader(InputSplit split, JobConf job,
      Reporter reporter) throws IOException {
    FileSplit file = (FileSplit) split;
    RecordReader<LongWritable, Text> reader;
    try {
      reader = super.getRecordReader(split, job, reporter);
    } catch (IOException e) {
      throw orBadData(e, file, job);
    }
    return new RecordReader<>() {
      @Override
      public boolean next(LongWritable key, Text value) throws IOException {
        try {
          return reader.next(key, value);
        } catch (IOException e) {
          throw orBadData(e, file, job);
        }
      }

      @Override
      public LongWritable createKey() {
        return reader.createKey();
      }

      @Override
      public Text createValue() {
        return reader.createValue();
      }

      @Override
      public long getPos() throws IOException {
        return reader.getPos();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }

      @Override
      public float getProgress() throws IOException {
        return reader.getProgress();
      }
    };
  }

  private static IOException orBadData(IOException e, FileSplit split, JobConf job) {
    DataException bad = InputErrors.of(e, split.getPath(), job);
    if (bad != null) {
      throw bad;
    }
    return e;
  }
}
