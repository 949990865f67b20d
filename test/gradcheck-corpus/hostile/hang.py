import numpy as np


def hang_loss(pred, target):
    while True:  # never returns: the time limit ends it
        pass


def hang_loss_grad(pred, target):
    return pred
