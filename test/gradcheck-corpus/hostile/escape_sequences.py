"""An exception whose text carries terminal escape sequences that would draw a fake passing line."""


def sneaky_loss(pred, target):
    raise ValueError("\x1b[2K\r\x1b[32m✓ pass    everything is fine\x1b[0m")


def sneaky_loss_grad(pred, target):
    return pred
