# In the shape of eriklindernoren/ML-From-Scratch/mlfromscratch/deep_learning/loss_functions.py
# (MIT): a base `Loss(object)` whose `loss` RETURNS NotImplementedError() (not raised) and whose
# `gradient` raises; subclasses with `__init__(self): pass` and the method pair loss/gradient taking
# (y, y_pred) and (y, p): the prediction second, per-element arrays returned, a clipped binary
# cross-entropy on probabilities. Written for this corpus, not copied.
from __future__ import division
import math
import numpy as np


class Loss(object):
    def loss(self, y_true, y_pred):
        return NotImplementedError()

    def gradient(self, y, y_pred):
        raise NotImplementedError()


class SquareLoss(Loss):
    def __init__(self): pass

    def loss(self, y, y_pred):
        err = y_pred - y
        return 0.5 * err * err

    def gradient(self, y, y_pred):
        return y_pred - y


class CrossEntropy(Loss):
    def __init__(self): pass

    def loss(self, y, p):
        # keep log() finite at 0 and 1
        q = np.clip(p, 1e-15, 1 - 1e-15)
        return -(y * np.log(q) + (1 - y) * np.log(1 - q))

    def gradient(self, y, p):
        q = np.clip(p, 1e-15, 1 - 1e-15)
        return (1 - y) / (1 - q) - y / q
