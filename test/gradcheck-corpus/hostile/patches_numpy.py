"""Patches np.mean and NumPy's error handling from inside a loss: a later check of another file must not see it."""
import numpy as np


def sabotage_loss(pred, target):
    np.mean = lambda a, *args, **kwargs: 42.0
    np.seterr(all="raise")
    return float(((pred - target) ** 2).sum())
