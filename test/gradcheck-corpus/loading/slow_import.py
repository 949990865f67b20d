"""Importing this takes 3 s (like `import torch` on a slow machine): that is loading, not checking."""
import numpy as np
from slow_helper import OFFSET


def offset_mse_loss(pred, target):
    return np.mean((pred - target - OFFSET) ** 2)


def offset_mse_loss_grad(pred, target):
    return 2 * (pred - target - OFFSET) / pred.size
