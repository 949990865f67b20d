"""Losses whose gradients match their own formulas, compared by value with the catalog: two
right ones under their conventions (mean MSE, ½·sum l2_loss, mean cross-entropy), and three wrong
in the ways the issue names: the sign of a binary cross-entropy dropped (tensorflow/playground#175),
a factor of two, and a Huber that is linear past delta without its -delta/2 (differs for |e| > delta)."""
import numpy as np


def mse(pred, target):
    return np.mean((pred - target) ** 2)


def mse_grad(pred, target):
    return 2 * (pred - target) / pred.size


def l2_loss(pred, target):
    return 0.5 * np.sum((pred - target) ** 2)


def l2_loss_grad(pred, target):
    return pred - target


def binary_cross_entropy(p, y):
    # The sign is dropped, in the loss and in its derivative: the gradient check passes.
    return np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def binary_cross_entropy_grad(p, y):
    return (y / p - (1 - y) / (1 - p)) / p.size


def huber_loss(pred, target, delta=1.0):
    e = pred - target
    return np.mean(np.where(np.abs(e) <= delta, 0.5 * e ** 2, delta * np.abs(e)))


def huber_loss_grad(pred, target, delta=1.0):
    e = pred - target
    return np.where(np.abs(e) <= delta, e, delta * np.sign(e)) / e.size


def cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(labels)), labels].mean()


def cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


def double_mae(pred, target):
    return 2 * np.mean(np.abs(pred - target))


def double_mae_grad(pred, target):
    return 2 * np.sign(pred - target) / pred.size


# gradcheck: ref=none
def my_huber_loss(pred, target):
    return np.mean(np.abs(pred - target) ** 1.5)


def my_huber_loss_grad(pred, target):
    e = pred - target
    return 1.5 * np.abs(e) ** 0.5 * np.sign(e) / e.size


# gradcheck: ref=focal alpha=0.5 gamma=2
def my_sigmoid_loss(logits, targets):
    p = 1 / (1 + np.exp(-logits))
    pt = np.where(targets == 1, p, 1 - p)
    at = np.where(targets == 1, 0.5, 0.5)
    return np.mean(-at * (1 - pt) ** 2 * np.log(pt))


def my_sigmoid_loss_grad(logits, targets):
    p = 1 / (1 + np.exp(-logits))
    pt = np.where(targets == 1, p, 1 - p)
    s = np.where(targets == 1, 1.0, -1.0)
    dl = 0.5 * (2 * (1 - pt) * np.log(pt) - (1 - pt) ** 2 / pt)
    return dl * s * p * (1 - p) / logits.size
