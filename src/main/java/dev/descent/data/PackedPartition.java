package dev.descent.data;

import java.io.Serializable;
import java.util.List;

/**
 * All training rows of one RDD partition, packed into blocks: the single element of each
 * partition of the cached training RDD. Rows are numbered 0..rows-1 across the blocks in order,
 * which is the numbering mini-batch sampling permutes.
 */
public final class PackedPartition implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final Block[] blocks;
  private final int[] blockStart; // blockStart[b] = first partition row of block b; last = rows
  private final PartitionSummary summary;

  public PackedPartition(int index, List<Block> blocks, PartitionSummary summary) {
    this.index = index;
    this.blocks = blocks.toArray(new Block[0]);
    this.blockStart = new int[this.blocks.length + 1];
    long bytes = 0;
    for (int b = 0; b < this.blocks.length; b++) {
      long next = (long) blockStart[b] + this.blocks[b].rows();
      if (next > Integer.MAX_VALUE) {
        throw new IllegalStateException("partition " + index + " has more than 2^31 rows;"
            + " use more partitions (setting partitions)");
      }
      blockStart[b + 1] = (int) next;
      bytes += this.blocks[b].sizeInBytes();
    }
    summary.bytes = bytes;
    this.summary = summary;
  }

  /**
   * The rows of {@code parts} in their order, as partition {@code index}: their blocks (shared,
   * not copied) one after another, their summaries merged in order. How several input splits
   * become one partition of the cached training data.
   */
  public static PackedPartition concat(int index, List<PackedPartition> parts) {
    List<Block> blocks = new java.util.ArrayList<>();
    PartitionSummary summary = new PartitionSummary();
    for (PackedPartition p : parts) {
      blocks.addAll(List.of(p.blocks));
      summary = summary.merge(p.summary);
    }
    return new PackedPartition(index, blocks, summary);
  }

  /** The RDD partition index this data was packed in (or that holds it). */
  public int index() {
    return index;
  }

  public int rows() {
    return blockStart[blocks.length];
  }

  public int numBlocks() {
    return blocks.length;
  }

  public Block block(int b) {
    return blocks[b];
  }

  /** Partition row number of block {@code b}'s first row. */
  public int blockStart(int b) {
    return blockStart[b];
  }

  public PartitionSummary summary() {
    return summary;
  }

  /**
   * Splits the rows into {kept, held out}: {@code heldOut[r]} says where partition row r goes.
   * Rows are re-packed in their order and storage precision; labels are already validated.
   */
  public PackedPartition[] split(boolean[] heldOut, LabelDomain domain, String source) {
    Precision precision = blocks.length == 0 ? Precision.DOUBLE : blocks[0].precision();
    PartitionPacker kept = new PartitionPacker(index, domain, precision);
    PartitionPacker out = new PartitionPacker(index, domain, precision);
    for (int b = 0; b < blocks.length; b++) {
      for (int r = 0; r < blocks[b].rows(); r++) {
        int row = blockStart[b] + r;
        PartitionPacker to = heldOut[row] ? out : kept;
        blocks[b].copyRow(r, to.row());
        to.acceptRow(source, row + 1);
      }
    }
    return new PackedPartition[] {kept.finish(), out.finish()};
  }

  /**
   * The same rows in the order of a {@link RowPermutation} drawn from {@code seed} (row {@code i}
   * of the result is row {@code order.at(i)} of this one), in their storage precision; the
   * summary is kept, since it does not depend on the order. Dense blocks of one width are copied
   * row by row into blocks of the builder's size; other partitions are re-packed.
   */
  public PackedPartition shuffled(long seed) {
    RowPermutation order = new RowPermutation(rows(), seed);
    return new PackedPartition(index, denseOfOneWidth() ? gathered(order) : repacked(order),
        summary);
  }

  private boolean denseOfOneWidth() {
    for (Block b : blocks) {
      if (!(b instanceof DenseBlock) || b.width() != blocks[0].width()
          || b.precision() != blocks[0].precision()) {
        return false;
      }
    }
    return blocks.length > 0;
  }

  private List<Block> gathered(RowPermutation order) {
    int per = (int) Math.max(1, BlockBuilder.TARGET_BYTES
        / ((long) blocks[0].precision().bytes() * Math.max(1, blocks[0].width())));
    int n = rows();
    List<Block> out = new java.util.ArrayList<>();
    for (int start = 0; start < n; start += per) {
      int[] block = new int[Math.min(per, n - start)];
      int[] row = new int[block.length];
      for (int i = 0; i < block.length; i++) {
        int r = (int) order.at(start + i);
        block[i] = blockOf(r);
        row[i] = r - blockStart[block[i]];
      }
      out.add(DenseBlock.gather(blocks, block, row, blocks[0].width(), blocks[0].precision()));
    }
    return out;
  }

  private List<Block> repacked(RowPermutation order) {
    Precision precision = blocks.length == 0 ? Precision.DOUBLE : blocks[0].precision();
    BlockBuilder builder = new BlockBuilder(BlockBuilder.TARGET_BYTES, precision);
    MutableRow row = new MutableRow();
    for (int i = 0, n = rows(); i < n; i++) {
      int r = (int) order.at(i);
      int b = blockOf(r);
      blocks[b].copyRow(r - blockStart[b], row);
      builder.add(row);
    }
    return builder.finish();
  }

  /** The block holding partition row {@code r}. */
  private int blockOf(int r) {
    int b = java.util.Arrays.binarySearch(blockStart, r);
    b = b >= 0 ? b : -b - 2; // the last block starting at or before r
    while (blocks[b].rows() == 0) {
      b++;
    }
    return b;
  }

  /** The same rows with each instance weight multiplied by {@code factor[class]}. */
  public PackedPartition reweighted(double[] factor) {
    List<Block> out = new java.util.ArrayList<>();
    for (Block b : blocks) {
      double[] w = new double[b.rows()];
      for (int r = 0; r < w.length; r++) {
        w[r] = b.weight(r) * factor[(int) b.label(r)];
      }
      out.add(b.withWeights(w));
    }
    PartitionSummary s = summary.reweighted(out);
    return new PackedPartition(index, out, s);
  }

  /** Encoded labels of all rows, in partition row order. */
  public double[] labels() {
    double[] out = new double[rows()];
    for (int b = 0; b < blocks.length; b++) {
      System.arraycopy(blocks[b].labels(), 0, out, blockStart[b], blocks[b].rows());
    }
    return out;
  }
}
