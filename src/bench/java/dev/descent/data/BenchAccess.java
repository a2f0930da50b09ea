package dev.descent.data;

import java.util.List;

/**
 * The data package's internals the benchmark measures, and nothing more: which dense kernels this
 * JVM runs, the bytes a block holds, BlockBuilder's byte target, and a packer of a chosen
 * precision. This class is compiled with the benchmark (src/bench/java, into descent-bench.jar)
 * but sits in the data package, so src/main keeps all of these package-private and the product
 * jar exports none of them. A split package works on the class path as long as both jars share
 * one class loader, as they do under spark-submit (application jar plus --jars), submit.sh's local
 * JVM and the tests.
 */
public final class BenchAccess {
  /** {@code BlockBuilder.TARGET_BYTES}: the feature bytes Descent packs into one block. */
  public static final long BLOCK_TARGET_BYTES = BlockBuilder.TARGET_BYTES;

  private BenchAccess() {}

  /** "vector (N double lanes)" or "scalar": which dense kernels this JVM runs. */
  public static String kernelImplementation() {
    return Kernels.implementation();
  }

  /** Whether the dense kernels run on the Vector API. */
  public static boolean vectorKernels() {
    return Kernels.vectorized();
  }

  /** Approximate bytes of the arrays {@code blocks} hold, summed. */
  public static long sizeInBytes(List<Block> blocks) {
    long bytes = 0;
    for (Block b : blocks) {
      bytes += b.sizeInBytes();
    }
    return bytes;
  }

  /** A packer for one partition, storing values in {@code precision}. */
  public static PartitionPacker packer(int partition, LabelDomain domain, Precision precision) {
    return new PartitionPacker(partition, domain, precision);
  }
}
