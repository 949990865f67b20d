/**
 * In the shape of tensorflow/tfjs-examples/mnist-core/model.js (Apache-2.0): a model written with
 * tfjs-core ops whose last step is matMul + add (logits), and tf.losses.softmaxCrossEntropy on
 * them. Correct: nothing to report.
 * Written for this corpus, not copied.
 */
import * as tf from '@tensorflow/tfjs';

const LEARNING_RATE = 0.1;
const BATCH_SIZE = 64;
const TRAIN_STEPS = 100;
const IMAGE_SIZE = 28;
const LABELS_SIZE = 10;
const optimizer = tf.train.sgd(LEARNING_RATE);

const conv1Weights = tf.variable(tf.randomNormal([5, 5, 1, 8], 0, 0.1));
const conv2Weights = tf.variable(tf.randomNormal([5, 5, 8, 16], 0, 0.1));
const fullyConnectedWeights = tf.variable(tf.randomNormal([7 * 7 * 16, LABELS_SIZE], 0, 1 / Math.sqrt(7 * 7 * 16)));
const fullyConnectedBias = tf.variable(tf.zeros([LABELS_SIZE]));

function loss(labels, ys) {
  return tf.losses.softmaxCrossEntropy(labels, ys).mean();
}

function model(inputXs) {
  const xs = inputXs.as4D(-1, IMAGE_SIZE, IMAGE_SIZE, 1);
  const layer1 = tf.tidy(() => xs.conv2d(conv1Weights, 1, 'same').relu().maxPool([2, 2], 2, 0));
  const layer2 = tf.tidy(() => layer1.conv2d(conv2Weights, 1, 'same').relu().maxPool([2, 2], 2, 0));
  return layer2.as2D(-1, fullyConnectedWeights.shape[0]).matMul(fullyConnectedWeights).add(fullyConnectedBias);
}

export async function train(data, log) {
  for (let i = 0; i < TRAIN_STEPS; i++) {
    const cost = optimizer.minimize(() => {
      const batch = data.nextTrainBatch(BATCH_SIZE);
      return loss(batch.labels, model(batch.xs));
    }, true);
    log(`loss[${i}]: ${cost.dataSync()}`);
    await tf.nextFrame();
  }
}

export function predict(x) {
  const pred = tf.tidy(() => model(x).argMax(1));
  return Array.from(pred.dataSync());
}
