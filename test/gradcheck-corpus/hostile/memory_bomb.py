import numpy as np


def bomb_loss(pred, target):
    keep = []
    while True:  # ~1 GB/s of NumPy buffers, outside any Python-level limit
        keep.append(np.ones(1 << 24))


def bomb_loss_grad(pred, target):
    return pred
