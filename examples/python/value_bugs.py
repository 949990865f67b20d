"""Losses whose gradient is right but whose value is not: a gradient check passes them.

The cross-entropy first proposed for TensorFlow Playground (tensorflow/playground#175) dropped the
minus sign, and its derivative dropped it too. A gradient check cannot see that; the comparison with
the catalog's binary cross-entropy can.
"""
import numpy as np


def binary_cross_entropy(pred, target):
    """Binary cross-entropy of probabilities `pred` against 0/1 labels."""
    pred = np.clip(pred, 1e-7, 1 - 1e-7)
    return np.mean(target * np.log(pred) + (1 - target) * np.log(1 - pred))


def binary_cross_entropy_grad(pred, target):
    pred = np.clip(pred, 1e-7, 1 - 1e-7)
    return (target / pred - (1 - target) / (1 - pred)) / pred.size
