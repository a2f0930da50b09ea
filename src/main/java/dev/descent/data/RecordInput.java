package dev.descent.data;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Packs in-memory training data: an RDD of MLlib {@code LabeledPoint}s, or a DataFrame with a
 * numeric label column, a Spark ML vector column and optionally a weight column. Records are
 * validated like file lines; errors name the partition and record.
 */
public final class RecordInput {
  private RecordInput() {}

  public static JavaRDD<PackedPartition> fromLabeledPoints(JavaRDD<LabeledPoint> points,
      String source, LabelDomain domain, int numClasses, int numFeatures, Precision precision) {
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
          throw DataException.of(source, PartitionPacker.describe(partition, record) + ": "
              + e.getMessage());
        }
        packer.acceptRow(source, record);
      }
      return Collections.singletonList(packer.finish()).iterator();
    }, true);
  }

  /**
   * @param weightColumn null when every row weighs 1
   */
  public static JavaRDD<PackedPartition> fromDataset(Dataset<Row> df, String labelColumn,
      String featuresColumn, String weightColumn, String source, LabelDomain domain,
      int numClasses, int numFeatures, Precision precision) {
    Dataset<Row> selected = weightColumn == null
        ? df.select(labelColumn, featuresColumn)
        : df.select(labelColumn, featuresColumn, weightColumn);
    boolean weighted = weightColumn != null;
    return selected.javaRDD().mapPartitionsWithIndex((partition, it) -> {
      PartitionPacker packer = new PartitionPacker(partition, domain, precision);
      fill(packer, it, partition, weighted, source, domain, numClasses, numFeatures);
      return Collections.singletonList(packer.finish()).iterator();
    }, true);
  }

  private static void fill(PartitionPacker packer, Iterator<Row> it, int partition,
      boolean weighted, String source, LabelDomain domain, int numClasses, int numFeatures) {
    MutableRow row = packer.row();
    long record = 0;
    while (it.hasNext()) {
      Row r = it.next();
      record++;
      try {
        row.clear();
        if (r.isNullAt(0) || r.isNullAt(1) || (weighted && r.isNullAt(2))) {
          throw new BadRecord("has a null label, features or weight");
        }
        row.setLabel(((Number) r.get(0)).doubleValue(), domain, numClasses);
        if (weighted) {
          row.setWeight(((Number) r.get(2)).doubleValue());
        }
        Object v = r.get(1);
        if (v instanceof org.apache.spark.ml.linalg.SparseVector sv) {
          row.addFeatures(sv.indices(), sv.values(), numFeatures);
        } else if (v instanceof org.apache.spark.ml.linalg.Vector dv) {
          row.addFeatures(null, dv.toArray(), numFeatures);
        } else {
          throw new BadRecord("features are a " + v.getClass().getSimpleName()
              + ", not a Spark ML vector (use VectorAssembler)");
        }
      } catch (BadRecord | ClassCastException e) {
        throw DataException.of(source, PartitionPacker.describe(partition, record) + ": "
            + e.getMessage());
      }
      packer.acceptRow(source, record);
    }
  }
}
