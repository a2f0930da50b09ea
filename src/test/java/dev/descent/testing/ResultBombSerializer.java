package dev.descent.testing;

import dev.descent.loss.GradientAggregator;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * Spark's JavaSerializer, except that the first training step's partial sum, when Spark's
 * task-result-getter thread deserializes it on the driver, meets a real JVM error in that
 * thread: {@code spark.descent.test.bomb=oom} allocates until the heap is exhausted
 * (OutOfMemoryError: Java heap space), {@code stack} recurses until StackOverflowError. This is
 * where the driver ran out of memory (a 50,000,000-feature partial sum), and Spark lets
 * the error end the thread without failing the job. Use with
 * {@code --conf spark.serializer=dev.descent.testing.ResultBombSerializer}.
 */
public class ResultBombSerializer extends JavaSerializer {
  private static final long serialVersionUID = 1L;
  private static final AtomicBoolean EXPLODED = new AtomicBoolean();

  private String bomb = "oom"; // not shipped: only the driver's own instance matters

  public ResultBombSerializer(SparkConf conf) {
    super(conf);
    this.bomb = conf.get("spark.descent.test.bomb", "oom");
  }

  /** For Java serialization (JavaSerializer is Externalizable), as Spark ships it in tasks. */
  public ResultBombSerializer() {
    this(new SparkConf());
  }

  @Override
  public SerializerInstance newInstance() {
    return new Instance(super.newInstance(), bomb);
  }

  private static final class Instance extends SerializerInstance {
    private final SerializerInstance delegate;
    private final String bomb;

    Instance(SerializerInstance delegate, String bomb) {
      this.delegate = delegate;
      this.bomb = bomb;
    }

    @Override
    public <T> ByteBuffer serialize(T t, ClassTag<T> tag) {
      return delegate.serialize(t, tag);
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassTag<T> tag) {
      return checked(delegate.deserialize(bytes, tag));
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassLoader loader, ClassTag<T> tag) {
      return checked(delegate.deserialize(bytes, loader, tag));
    }

    @Override
    public SerializationStream serializeStream(OutputStream s) {
      return delegate.serializeStream(s);
    }

    @Override
    public DeserializationStream deserializeStream(InputStream s) {
      DeserializationStream d = delegate.deserializeStream(s);
      return new DeserializationStream() { // task results are read as a stream (Spark 4)
        @Override
        public <T> T readObject(ClassTag<T> tag) {
          return checked(d.readObject(tag));
        }

        @Override
        public void close() {
          d.close();
        }
      };
    }

    private <T> T checked(T value) {
      if (value instanceof GradientAggregator
          && Thread.currentThread().getName().startsWith("task-result-getter")
          && EXPLODED.compareAndSet(false, true)) {
        if (bomb.equals("stack")) {
          recurse(0);
        } else {
          exhaustHeap();
        }
      }
      return value;
    }
  }

  /** Allocates 64 MiB blocks until the heap is full: a real OutOfMemoryError. */
  static void exhaustHeap() {
    List<long[]> hog = new ArrayList<>();
    while (true) {
      hog.add(new long[8 << 20]);
    }
  }

  static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }
}
