import numpy as np


def elementwise_loss(pred, target):
    return (pred - target) ** 2  # no reduction: an array, not a scalar


def elementwise_loss_grad(pred, target):
    return 2 * (pred - target)


def text_loss(pred, target):
    return "small"


def text_loss_grad(pred, target):
    return pred
