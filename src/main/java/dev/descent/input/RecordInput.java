package dev.descent.input;

import dev.descent.data.BadRecord;
import dev.descent.data.DataException;
import dev.descent.data.LabelDomain;
import dev.descent.data.Location;
import dev.descent.data.MutableRow;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionPacker;
import dev.descent.data.Precision;
import java.util.Collections;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * Packs in-memory training data given as an RDD of MLlib {@code LabeledPoint}s (DataFrames go
 * through {@link FrameInput}). Records are validated like file lines; errors name the partition
 * and record. With {@code skipBadRecords} (onBadRecord=skip) invalid records are counted in the
 * partition's summary and left out.
 */
public final class RecordInput {
  private RecordInput() {}

  public static JavaRDD<PackedPartition> fromLabeledPoints(JavaRDD<LabeledPoint> points,
      String source, LabelDomain domain, int numClasses, int numFeatures,
      boolean skipBadRecords, Precision precision) {
    return points.mapPartitionsWithIndex((partition, it) -> {
      PartitionPacker packer = new PartitionPacker(partition, domain, precision);
      MutableRow row = packer.row();
      long record = 0;
      while (it.hasNext()) {
        LabeledPoint p = it.next();
        record++;
        try {
          row.clear();
          row.setLabel(p.label(), domain, numClasses);
          org.apache.spark.mllib.linalg.Vector v = p.features();
          if (v instanceof org.apache.spark.mllib.linalg.SparseVector sv) {
            row.addFeatures(sv.indices(), sv.values(), numFeatures);
          } else {
            row.addFeatures(null, v.toArray(), numFeatures);
          }
        } catch (BadRecord e) {
          reject(packer, partition, record, source, e.getMessage(), skipBadRecords);
          continue;
        }
        packer.acceptRow(source, record);
      }
      return Collections.singletonList(packer.finish()).iterator();
    }, true);
  }

  /** Fails on an invalid record, or counts it as skipped. */
  private static void reject(PartitionPacker packer, int partition, long record, String source,
      String problem, boolean skip) {
    String where = PartitionPacker.describe(partition, record);
    if (!skip) {
      throw DataException.of(source, where + ": " + problem);
    }
    packer.skip(Location.inRecords(source, where), record, problem);
  }
}
