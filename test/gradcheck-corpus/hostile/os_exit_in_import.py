"""A module whose import of a sibling calls os._exit: the runner's child dies while loading."""
from os_exiting_helper import scale


def mse_loss(pred, target):
    return ((pred - target) ** 2).mean() * scale
