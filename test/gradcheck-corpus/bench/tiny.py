"""The smallest check there is: what remains of its time is the runner's (fork, load, reply)."""
import numpy as np


def tiny_loss(pred, target):
    return float(np.sum((pred - target) ** 2))


def tiny_loss_grad(pred, target):
    return 2 * (pred - target)
