import numpy as np


def raising_loss(pred, target):
    scale = 1.0
    raise ValueError("the loss is not ready")  # line 6


def raising_loss_grad(pred, target):
    return pred


def exiting_loss(pred, target):
    import os

    os._exit(5)


def exiting_loss_grad(pred, target):
    return pred
