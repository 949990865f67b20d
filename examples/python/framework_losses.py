"""Framework losses to hover over: each hover shows the formula, its gradient, the defaults and
where the frameworks disagree, with a link that opens the playground on that loss.

This file is for reading and hovering; running it needs PyTorch, TensorFlow and Optax.
It defines no loss of its own, so it gets no grad-check lenses.
"""
import jax.numpy as jnp
import optax
import torch
import torch.nn as nn
import torch.nn.functional as F
from tensorflow import keras


def compare_frameworks():
    logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    labels = torch.tensor([0, 1])

    # PyTorch takes raw logits and class indices, and applies log-softmax itself.
    ce = F.cross_entropy(logits, labels, label_smoothing=0.1)

    # SmoothL1Loss(beta) is nn.HuberLoss(delta=beta) divided by beta: its tails have slope 1,
    # Huber's have slope delta. The two agree only at beta = delta = 1.
    smooth_l1 = nn.SmoothL1Loss(beta=0.5)(logits[:, 0], torch.zeros(2))

    # Keras puts the target first: loss(y_true, y_pred), the reverse of PyTorch's order.
    huber = keras.losses.Huber(delta=1.0)
    keras_value = huber([0.0, 0.0], [0.5, 3.0])

    # Optax wants one-hot (or probability) targets, and returns one loss per row: no reduction.
    per_row = optax.softmax_cross_entropy(jnp.array(logits.numpy()), jnp.eye(3)[jnp.array([0, 1])])

    return ce, smooth_l1, keras_value, per_row.mean()


if __name__ == "__main__":
    print(compare_frameworks())
