# In the shape of google/flax/examples/mnist/train.py (Apache-2.0): a Flax NNX training library
# that imports absent heavy packages (absl, flax, jax, ml_collections, optax, tensorflow,
# tensorflow_datasets) and seeds TensorFlow at top level, with an nnx.Module model, a
# `loss_fn(model: CNN, batch, rngs)` that takes a MODEL and a batch dict and returns (loss, logits),
# and @nnx.jit `train_step` / `eval_step`. None of it is a loss a checker should run.
# Written for this corpus, not copied.

"""MNIST classification with Flax NNX: the model, the loss and the jitted steps."""

from functools import partial
from typing import Any

from absl import logging
from flax import nnx
from flax.metrics import tensorboard
import jax
import ml_collections
import optax
import tensorflow as tf
import tensorflow_datasets as tfds

tf.random.set_seed(0)  # reproducible input pipeline


class CNN(nnx.Module):
  """Two convolutions, average pooling, two dense layers."""

  def __init__(self, rngs: nnx.Rngs):
    self.conv_a = nnx.Conv(1, 16, kernel_size=(3, 3), rngs=rngs)
    self.conv_b = nnx.Conv(16, 32, kernel_size=(3, 3), rngs=rngs)
    self.drop = nnx.Dropout(rate=0.1)
    self.pool = partial(nnx.avg_pool, window_shape=(2, 2), strides=(2, 2))
    self.dense_a = nnx.Linear(32 * 7 * 7, 128, rngs=rngs)
    self.dense_b = nnx.Linear(128, 10, rngs=rngs)

  def __call__(self, x, rngs: nnx.Rngs):
    x = self.pool(nnx.relu(self.conv_a(x)))
    x = self.pool(nnx.relu(self.conv_b(x)))
    x = x.reshape(x.shape[0], -1)
    x = self.drop(nnx.relu(self.dense_a(x)), rngs=rngs)
    return self.dense_b(x)


def loss_fn(model: CNN, batch, rngs):
  scores = model(batch['image'], rngs)
  per_example = optax.softmax_cross_entropy_with_integer_labels(logits=scores, labels=batch['label'])
  return per_example.mean(), scores


@nnx.jit
def train_step(model: CNN, optimizer: nnx.Optimizer, metrics: nnx.MultiMetric, batch, rngs):
  """One optimisation step on a batch."""
  value_and_grad = nnx.value_and_grad(loss_fn, has_aux=True)
  (loss, logits), grads = value_and_grad(model, batch, rngs)
  metrics.update(loss=loss, logits=logits, labels=batch['label'])
  optimizer.update(model, grads)


@nnx.jit
def eval_step(model: CNN, metrics: nnx.MultiMetric, batch):
  value, scores = loss_fn(model, batch, None)
  metrics.update(loss=value, logits=scores, labels=batch['label'])
