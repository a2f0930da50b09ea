package dev.descent.input;

import dev.descent.data.LabelDomain;

/**
 * A Spark data source to train on or to score: files Spark reads with {@code format}, and the
 * columns to use.
 *
 * @param path a file, directory, glob or comma-separated list, in any file system Spark reads
 * @param format the Spark data source (parquet, orc, json, ...)
 * @param numFeatures the declared dimension, or 0 to take it from the data
 * @param numClasses multinomial only: the declared number of classes, or 0 to infer it
 * @param purpose what the rows are for; prediction reads no label
 */
public record FrameSpec(String path, String format, FrameColumns columns, int numFeatures,
    LabelDomain domain, int numClasses, InputSpec.Purpose purpose) {}
