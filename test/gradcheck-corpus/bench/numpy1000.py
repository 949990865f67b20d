"""The benchmark's NumPy loss: 1,000 inputs."""
import numpy as np


# gradcheck: pred=randn(1000) target=randn(1000)
def huber_loss(pred, target, delta=1.0):
    r = pred - target
    a = np.abs(r)
    return np.mean(np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta)))


def huber_loss_grad(pred, target, delta=1.0):
    return np.clip(pred - target, -delta, delta) / pred.size
