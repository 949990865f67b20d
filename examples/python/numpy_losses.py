"""Losses written by hand in NumPy, each next to its hand-written gradient.

With Loss Playground, a "Grad-check" lens sits above every loss here. It compares the analytic
gradient (the paired `*_grad` function) with finite differences at several random inputs, and
tells you where they disagree. One gradient below is wrong on purpose: find it with the lens.

Conventions: `pred` is what the model outputs, `target` what it should have output; every loss
is a mean over elements, so every gradient carries a 1/n.
"""
import numpy as np


def mse(pred, target):
    """Mean squared error, mean((a - y)^2): big mistakes cost quadratically more."""
    r = pred - target
    return np.mean(r**2)


def mse_grad(pred, target):
    # d/da mean((a - y)^2) = 2 (a - y) / n
    return 2.0 * (pred - target) / pred.size


def huber(pred, target, delta=1.0):
    """Quadratic near zero like MSE, linear in the tails like MAE, so outliers pull less.

    0.5 r^2 where |r| <= delta, else delta (|r| - 0.5 delta); the two pieces meet with the same
    value and slope at |r| = delta, which is why the gradient below is continuous.
    """
    r = pred - target
    quadratic = 0.5 * r**2
    linear = delta * (np.abs(r) - 0.5 * delta)
    return np.mean(np.where(np.abs(r) <= delta, quadratic, linear))


def huber_grad(pred, target, delta=1.0):
    # r inside [-delta, delta], +-delta outside: the gradient of an outlier is capped.
    return np.clip(pred - target, -delta, delta) / pred.size


def softmax(logits):
    """A helper, not a loss: no lens here (its name does not read as a loss, and it has no pair).

    Subtracting the row maximum first changes nothing mathematically but keeps exp() from
    overflowing for logits like 1000.
    """
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits, onehot):
    """-sum_c y_c log softmax(z)_c, averaged over the N rows.

    log softmax is computed as z - logsumexp(z) instead of log(softmax(z)): a probability that
    underflows to 0 would make log() return -inf.
    """
    z = logits - logits.max(axis=-1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return -np.sum(onehot * log_probs) / logits.shape[0]


def softmax_cross_entropy_grad(logits, onehot):
    # The famous simplification: (softmax(z) - y) / N, valid when each target row sums to 1.
    return (softmax(logits) - onehot) / logits.shape[0]


def quantile_loss(pred, target, q=0.9):
    """Pinball loss, mean(max(q u, (q - 1) u)) with u = y - a.

    Under-predicting costs q per unit, over-predicting (1 - q): with q = 0.9 the minimiser is
    the 90th percentile of the targets, not their mean.
    """
    u = target - pred
    return np.mean(np.maximum(q * u, (q - 1) * u))


def quantile_loss_grad(pred, target, q=0.9):
    # DELIBERATE BUG, left for the grad-check lens to find. With u = y - a the gradient is
    # -q where u > 0 and (1 - q) where u < 0. The second branch below has the wrong sign, so the
    # gradient is right for under-predictions and wrong for every over-prediction (u < 0).
    # Fix: np.where(u > 0, -q, 1 - q).
    u = target - pred
    return np.where(u > 0, -q, q - 1) / pred.size
