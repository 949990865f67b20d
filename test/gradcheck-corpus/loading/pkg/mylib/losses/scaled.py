from . import REDUCTION
from .utils import reduce_loss


def scaled_mse_loss(pred, target, scale=2.0):
    return scale * reduce_loss((pred - target) ** 2, REDUCTION)


def scaled_mse_loss_grad(pred, target, scale=2.0):
    return scale * 2 * (pred - target) / pred.size
