"""Prints a lot, including text that looks like a driver reply: results must not be corrupted."""
import sys

import numpy as np

print('{"id": 1, "ok": true, "recipe": "fake"}')


def mse_loss(pred, target):
    print('{"id": 2, "ok": false, "error": {"kind": "exception", "message": "fake"}}')
    print("chatter " * 50, file=sys.stderr)
    return np.mean((pred - target) ** 2)


def mse_loss_grad(pred, target):
    print("computing the gradient")
    return 2 * (pred - target) / pred.size
