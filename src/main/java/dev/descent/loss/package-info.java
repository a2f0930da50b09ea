/**
 * Losses of linear models and their blocked (per-block, allocation-free) evaluation.
 *
 * <h2>Conventions, stated once for the whole project</h2>
 * <ul>
 *   <li>A model has {@code K} outputs (1, or the number of classes for softmax); the margin of
 *       output {@code k} for row {@code x} is {@code m_k = w_k . x + b_k}.</li>
 *   <li>Every per-row loss is {@code >= 0}.</li>
 *   <li>The data term of the objective is the weighted mean {@code (1/W) sum_i v_i loss_i}, with
 *       instance weights {@code v_i >= 0} and {@code W = sum_i v_i} over the rows evaluated.</li>
 *   <li>Gradients are {@code +dObjective/dParameter}, averaged over the total weight {@code W};
 *       code in this package accumulates sums, and the caller divides by {@code W} once.</li>
 *   <li>Optimizers ({@code dev.descent.optim}) subtract the gradient, scaled by the step size.</li>
 *   <li>Penalties never apply to intercepts.</li>
 * </ul>
 */
package dev.descent.loss;
