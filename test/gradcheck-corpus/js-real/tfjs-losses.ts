/*
 * tfjs losses over tf.Tensor arguments in Keras order (labels, predictions). The first is in the
 * shape of LightTag/ylabel2 src/app/workers/aiWorker/workerProcedures/tfmodel/customLayers.ts
 * (negativeLabelsCrossEntropy, trimmed of its logging); the others are written for this corpus
 * with hand-written gradients, as tfjs code that trains outside model.fit does. Not copied.
 * The project's own tfjs is used (here: the repository's devDependency @tensorflow/tfjs-core,
 * with the CPU backend); float32 arithmetic, so the check's tolerance is widened.
 *
 * meanSquaredError = mean (p − l)², meanSquaredErrorGradient = 2(p − l)/n: pass.
 * absoluteDifference = |p − l| per element (a tensor, not a scalar: its sum is checked),
 * absoluteDifferenceGradient = sign(p − l): pass, with a note that the sum was checked.
 * negativeLabelsCrossEntropy has no gradient function: tf.grad differentiates it, pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export function negativeLabelsCrossEntropy(labelMasks: tf.Tensor, predictedProbs: tf.Tensor): tf.Tensor {
  const adjustmentFactor = tf.sum(labelMasks, 1, true);
  const targets = tf.div(tf.mul(predictedProbs, labelMasks), adjustmentFactor);
  return tf.mul(-1, tf.sum(tf.mul(targets, tf.log(tf.add(predictedProbs, 1e-9)))));
}

export function meanSquaredError(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.mean(tf.square(tf.sub(predictions, labels)));
}

export function meanSquaredErrorGradient(labels: tf.Tensor, predictions: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sub(predictions, labels), 2 / predictions.size);
}

export function absoluteDifference(labels: tf.Tensor, predictions: tf.Tensor): tf.Tensor {
  return tf.abs(tf.sub(predictions, labels));
}

export function absoluteDifferenceGradient(labels: tf.Tensor, predictions: tf.Tensor): tf.Tensor {
  return tf.sign(tf.sub(predictions, labels));
}
