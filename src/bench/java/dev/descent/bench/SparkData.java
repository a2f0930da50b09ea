package dev.descent.bench;

import dev.descent.data.BadRecord;
import dev.descent.data.BenchAccess;
import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import dev.descent.data.PackedPartition;
import dev.descent.data.PartitionPacker;
import dev.descent.data.Precision;
import dev.descent.engine.TrainingData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A {@link DataSet} as each contender caches it, generated inside the partitions (nothing passes
 * through the driver): Descent's packed blocks, MLlib's {@code (label, Vector)} pairs, and a Spark
 * ML DataFrame of {@code label} and {@code features}. Each is cached and counted before any
 * timing.
 */
final class SparkData {
  private SparkData() {}

  private static JavaRDD<Integer> partitions(JavaSparkContext jsc, int partitions) {
    List<Integer> ids = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    return jsc.parallelize(ids, partitions);
  }

  /** Descent's training data: packed in {@code precision}, persisted and validated. */
  static TrainingData descent(JavaSparkContext jsc, DataSet ds, int partitions,
      Precision precision) {
    JavaRDD<PackedPartition> packed = partitions(jsc, partitions).mapPartitionsWithIndex(
        (p, ignored) -> Collections.singletonList(pack(ds, p, partitions, precision)).iterator(),
        true);
    return TrainingData.of(jsc, packed, ds.name(), LabelDomain.BINARY, ds.features(), 0);
  }

  /** One partition of {@code ds} packed as Descent packs parsed rows. */
  static PackedPartition pack(DataSet ds, int partition, int partitions, Precision precision) {
    PartitionPacker packer = BenchAccess.packer(partition, LabelDomain.BINARY, precision);
    MutableRow row = packer.row();
    long[] record = {0};
    ds.generate(partition, partitions, (label, cols, vals) -> {
      row.clear();
      try {
        row.setLabel(label, LabelDomain.BINARY, 0);
      } catch (BadRecord e) {
        throw new IllegalStateException(e.getMessage());
      }
      for (int i = 0; i < vals.length; i++) {
        row.add(cols == null ? i : cols[i], vals[i]);
      }
      packer.acceptRow(ds.name(), ++record[0]);
    });
    return packer.finish();
  }

  /** MLlib's training RDD, as {@code GradientDescent} takes it, cached in memory. */
  static JavaRDD<Tuple2<Object, Vector>> mllib(JavaSparkContext jsc, DataSet ds, int partitions) {
    JavaRDD<Tuple2<Object, Vector>> rdd = partitions(jsc, partitions).mapPartitionsWithIndex(
        (p, ignored) -> {
          List<Tuple2<Object, Vector>> rows = new ArrayList<>(ds.rowsIn(p, partitions));
          ds.generate(p, partitions, (label, cols, vals) -> rows.add(new Tuple2<>(label,
              cols == null ? Vectors.dense(vals.clone())
                  : Vectors.sparse(ds.features(), cols.clone(), vals.clone()))));
          return rows.iterator();
        }, true);
    rdd.persist(StorageLevel.MEMORY_ONLY());
    rdd.count();
    return rdd;
  }

  /** A DataFrame of {@code label} (double) and {@code features} (Spark ML vector), cached. */
  static Dataset<Row> frame(SparkSession spark, DataSet ds, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows = partitions(jsc, partitions).mapPartitionsWithIndex((p, ignored) -> {
      List<Row> out = new ArrayList<>(ds.rowsIn(p, partitions));
      ds.generate(p, partitions, (label, cols, vals) -> out.add(RowFactory.create(label,
          cols == null ? org.apache.spark.ml.linalg.Vectors.dense(vals.clone())
              : org.apache.spark.ml.linalg.Vectors.sparse(ds.features(), cols.clone(),
                  vals.clone()))));
      return out.iterator();
    }, true);
    return cachedFrame(spark, rows);
  }

  /** Rows of (label, features vector) as a DataFrame, cached and counted. */
  static Dataset<Row> cachedFrame(SparkSession spark, JavaRDD<Row> rows) {
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    df.persist(StorageLevel.MEMORY_AND_DISK());
    df.count();
    return df;
  }

  /** Bytes Spark's storage reports for a cached RDD (memory plus disk). */
  static long cachedBytes(JavaSparkContext jsc, int rddId) {
    for (org.apache.spark.storage.RDDInfo info : jsc.sc().getRDDStorageInfo()) {
      if (info.id() == rddId) {
        return info.memSize() + info.diskSize();
      }
    }
    return -1;
  }
}
