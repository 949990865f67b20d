/**
 * In the shape of Mattk70/Chirpity-Electron/js/models/training.js (licence not checked), as the
 * review on pull request #371 of that repository describes it: the new classifier head ends in a
 * sigmoid activation layer, and the model is compiled with tf.losses.softmaxCrossEntropy, which
 * applies softmax to what it is given.
 * Written for this corpus, not copied.
 */
import * as tf from '@tensorflow/tfjs-node';

export async function trainModel({ baseModel, labels, dataset, epochs = 10, learningRate = 0.0001 }) {
  const transferModel = tf.sequential();
  for (const layer of baseModel.layers.slice(0, -2)) transferModel.add(layer);
  const regularizer = tf.regularizers.l2({ l2: 0.01 });
  transferModel.add(tf.layers.dense({ units: labels.length, kernelRegularizer: regularizer, kernelInitializer: 'glorotUniform', name: 'CUSTOM_CLASSES' }));
  transferModel.add(tf.layers.activation({ activation: 'sigmoid', name: 'CUSTOM_SIGMOID' }));
  transferModel.compile({
    optimizer: tf.train.adam(learningRate),
    loss: tf.losses.softmaxCrossEntropy, // expect: sigmoid-before-logits-loss
    metrics: [tf.metrics.categoricalAccuracy],
  });
  const history = await transferModel.fitDataset(dataset, { epochs });
  return { transferModel, history };
}
