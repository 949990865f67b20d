"""A loss that reads a value the script computes from a file at import: the check cannot run it,
and must say which statement it left out."""
import numpy as np

weights = np.loadtxt("class_weights.txt")


def weighted_mse_loss(pred, target):
    return np.mean(weights * (pred - target) ** 2)


def weighted_mse_loss_grad(pred, target):
    return 2 * weights * (pred - target) / pred.size
