"""Consistent gradients, wrong losses: the check passes but warns."""
import numpy as np


def shifted_mse(pred, target):
    # Not minimal where pred == target: the minimum sits at pred = target + 0.5.
    return np.mean((pred - target - 0.5) ** 2)


def shifted_mse_grad(pred, target):
    return 2.0 * (pred - target - 0.5) / pred.size


def negative_mse_loss(pred, target):
    return -np.mean((pred - target) ** 2)


def negative_mse_loss_grad(pred, target):
    return -2.0 * (pred - target) / pred.size
