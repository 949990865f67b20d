import numpy as np


def nan_loss(pred, target):
    return np.mean((pred - target) ** 2) * float("nan")


def nan_loss_grad(pred, target):
    return pred
