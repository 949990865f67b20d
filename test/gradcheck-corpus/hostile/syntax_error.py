import numpy as np


def broken_loss(pred, target):
    return np.mean((pred - target) ** 2


def broken_loss_grad(pred, target):
    return pred
