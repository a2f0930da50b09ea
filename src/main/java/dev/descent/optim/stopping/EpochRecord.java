package dev.descent.optim.stopping;

import java.io.Serializable;

/**
 * One epoch of training history.
 *
 * @param epoch 1-based
 * @param loss the weighted mean data loss over the epoch, at the parameters before each step
 *     (for full batch: at the parameters before the epoch's update)
 * @param objective loss plus penalty, likewise
 * @param learningRate the rate of the epoch's last step (L-BFGS: the accepted step length)
 * @param gradientNorm Euclidean norm of the last step's gradient (optimization space)
 * @param seconds wall-clock seconds the epoch took
 * @param passes full or partial passes over the data in the epoch (steps, or L-BFGS evaluations)
 */
public record EpochRecord(int epoch, double loss, double objective, double learningRate,
    double gradientNorm, double seconds, int passes) implements Serializable {}
