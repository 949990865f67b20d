/**
 * In the shape of tensorflow/tfjs-examples/mnist/index.js (Apache-2.0): a tf.sequential convnet
 * ending in dense({units: 10, activation: 'softmax'}), compiled with 'categoricalCrossentropy' and
 * accuracy. Correct: nothing to report.
 * Written for this corpus, not copied.
 */
import * as tf from '@tensorflow/tfjs';

export function createConvModel() {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 3, filters: 16, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  model.add(tf.layers.conv2d({ kernelSize: 3, filters: 32, activation: 'relu' }));
  model.add(tf.layers.flatten({}));
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

export async function train(model, data, onIteration) {
  const optimizer = 'rmsprop';
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const trainData = data.getTrainData();
  await model.fit(trainData.xs, trainData.labels, {
    batchSize: 320,
    validationSplit: 0.15,
    epochs: 3,
    callbacks: { onBatchEnd: onIteration },
  });
}
