import numpy as np


def reduce_loss(loss, reduction):
    return loss.mean() if reduction == "mean" else loss.sum()
