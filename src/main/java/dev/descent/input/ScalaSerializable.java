package dev.descent.input;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.spark.rdd.PartitionCoalescer;

/**
 * Spark's {@code coalesce} requires its coalescer to be a {@code scala.Serializable}. On Scala
 * 2.13 that is {@code java.io.Serializable}; on Scala 2.12 (the Spark 3.5 / Scala 2.12 build)
 * it is a trait of its own, which Java code compiled against 2.13 cannot name. There the
 * coalescer is handed over as a proxy that also implements that trait.
 */
final class ScalaSerializable {
  private ScalaSerializable() {}

  /** {@code c}, or a proxy of it that is a {@code scala.Serializable} where that differs. */
  static PartitionCoalescer wrap(PartitionCoalescer c) {
    Class<?> trait;
    try {
      trait = Class.forName("scala.Serializable", false, PartitionCoalescer.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return c; // Scala 2.13: java.io.Serializable is enough
    }
    if (trait.isInstance(c)) {
      return c;
    }
    return (PartitionCoalescer) Proxy.newProxyInstance(PartitionCoalescer.class.getClassLoader(),
        new Class<?>[] {PartitionCoalescer.class, trait}, new Delegate(c));
  }

  /** Forwards every call to the coalescer; serializable with it. */
  private record Delegate(PartitionCoalescer target) implements InvocationHandler, Serializable {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
