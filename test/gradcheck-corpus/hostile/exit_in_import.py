"""A module whose import of a sibling exits: loading it (which the check needs) ends the runner."""
from exiting_helper import scale


def mse_loss(pred, target):
    return ((pred - target) ** 2).mean() * scale
