/**
 * Training losses on flat arrays: {@link org.lstmlab.core.loss.Mse}, {@link
 * org.lstmlab.core.loss.Mae} and {@link org.lstmlab.core.loss.Huber}, each with its value and its
 * gradient with respect to the prediction, matching PyTorch's {@code mse_loss}, {@code l1_loss}
 * and {@code huber_loss} with their default mean reduction. {@link org.lstmlab.core.loss.Losses}
 * finds one by name. {@link org.lstmlab.core.loss.SoftmaxCrossEntropy} is the classification loss
 * of the long-time-lag tasks, over logits with class-index or distribution targets.
 */
package org.lstmlab.core.loss;
