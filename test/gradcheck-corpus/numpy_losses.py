"""NumPy losses with paired gradients: correct ones and ones with realistic bugs.

Expected verdicts are in expected.json beside this file.
"""
import numpy as np


def mse(pred, target):
    return np.mean((pred - target) ** 2)


def mse_grad(pred, target):
    return 2.0 * (pred - target) / pred.size


def mse_missing_factor(pred, target):
    return np.mean((pred - target) ** 2)


def mse_missing_factor_grad(pred, target):
    # Bug: the 2 of d/dx x^2 is missing.
    return (pred - target) / pred.size


def sum_for_mean_loss(pred, target):
    return np.mean((pred - target) ** 2)


def sum_for_mean_loss_grad(pred, target):
    # Bug: the gradient of the sum, where the loss is a mean.
    return 2.0 * (pred - target)


def huber_loss(pred, target, delta=1.0):
    r = pred - target
    quad = np.minimum(np.abs(r), delta)
    return np.mean(0.5 * quad ** 2 + delta * (np.abs(r) - quad))


def huber_loss_grad(pred, target, delta=1.0):
    r = pred - target
    return np.clip(r, -delta, delta) / r.size


def mae(pred, target):
    return np.mean(np.abs(pred - target))


def grad_mae(pred, target):
    r = pred - target
    # Bug: the wrong sign for negative residuals (should be np.sign(r)).
    return np.where(r > 0, 1.0, 1.0) / r.size


def binary_cross_entropy(p, y):
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def binary_cross_entropy_grad(p, y):
    return (p - y) / (p * (1 - p)) / p.size


def softmax_cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(labels)), labels])


def softmax_cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p / len(labels)


def hinge_loss(scores, y):
    return np.mean(np.maximum(0.0, 1.0 - y * scores))


def hinge_loss_grad(scores, y):
    return np.where(y * scores < 1.0, -y, 0.0) / scores.size


# gradcheck: logits=randn(5,3) targets=onehot(5,3) grad=ce_onehot_gradient
def categorical_ce(logits, targets):
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -np.sum(targets * log_probs) / logits.shape[0]


def ce_onehot_gradient(logits, targets):
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    return (z / z.sum(axis=1, keepdims=True) - targets) / logits.shape[0]


def keras_style_mse(y_true, y_pred):
    return np.mean((y_pred - y_true) ** 2)


def keras_style_mse_grad(y_true, y_pred):
    return 2.0 * (y_pred - y_true) / y_pred.size


def log_cosh_loss(pred, target):
    """No paired gradient and no autograd: skipped, with the numeric gradient available."""
    return np.mean(np.log(np.cosh(pred - target)))


# gradcheck: skip
def expensive_loss(pred, target):
    raise RuntimeError("annotated skip: must never run")


# Non-losses: never run. Each raises, so running one would show.
def relu(x):
    raise RuntimeError("relu must not run")


def softmax(x):
    raise RuntimeError("softmax must not run")


def _private_loss(x, y):
    raise RuntimeError("private helpers must not run")


def test_mse_loss():
    raise RuntimeError("tests must not run")


def handle_error(e):
    raise RuntimeError("error handlers must not run")
