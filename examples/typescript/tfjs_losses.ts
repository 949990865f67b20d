// TensorFlow.js losses to hover over: the hover shows each one's formula, gradient and defaults,
// and where TF.js differs from PyTorch and Keras. For reading and hovering: to run it, TF.js
// also needs a backend (import '@tensorflow/tfjs-backend-cpu').
import * as tf from '@tensorflow/tfjs-core';

export function compareTfjsLosses(): number[] {
  const labels = tf.tensor1d([0, 0, 1]);
  const predictions = tf.tensor1d([0.5, 3, 0.8]);

  // Labels first, like Keras. The default reduction is SUM_BY_NONZERO_WEIGHTS, which with no
  // weights is a mean; delta defaults to 1.
  const huber = tf.losses.huberLoss(labels, predictions);

  // TF.js's softmaxCrossEntropy takes one-hot labels and logits, in that order.
  const onehot = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
  const logits = tf.tensor2d([[2, 1, 0.1], [0.5, 2.5, 0.3]]);
  const ce = tf.losses.softmaxCrossEntropy(onehot, logits);

  return [huber.dataSync()[0], ce.dataSync()[0]];
}
