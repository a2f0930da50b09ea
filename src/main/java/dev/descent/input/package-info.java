/**
 * Turning inputs into rows: text files (LIBSVM and CSV, {@link dev.descent.input.TextInput} with
 * the line parsers of {@link dev.descent.input.LineParsers}), Spark data sources and DataFrames
 * ({@link dev.descent.input.Frames}, {@link dev.descent.input.FrameInput}) and RDDs of labeled
 * points ({@link dev.descent.input.RecordInput}). Training reads them into packed partitions
 * ({@link dev.descent.input.TrainingInput}, which the engine's {@code TrainingData} caches);
 * scoring maps each record, in input order ({@link dev.descent.input.ScoringInput}). Which
 * input and how to read it is a spec ({@link dev.descent.input.InputSpec},
 * {@link dev.descent.input.FrameSpec}), built from the settings in {@code config}.
 *
 * <p>This package sits between {@code data} (rows, blocks, record errors) and {@code engine}:
 * it uses {@code data}, {@code io} and {@code model} only (PackageStructureTest checks it).
 */
package dev.descent.input;
