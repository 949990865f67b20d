# In the shape of mehrdadmoradii/neural-network/src/losses/binary_cross_entropy.py (MIT): a plain
# class whose `__call__(x, y)` takes LOGITS of shape (N, 1) and labels of shape (N,), reshapes y to
# (N, 1) (so a 1-D x broadcasts to (N, N)), and returns (loss, dx) through the sigmoid chain rule.
# Written for this corpus, not copied.
import numpy as np


class BinaryCrossEntropyLoss:

    name = "binary_cross_entropy"

    def __call__(self, x, y):
        n = x.shape[0]
        t = y.reshape(n, -1)
        s = 1.0 / (1.0 + np.exp(-x))
        loss = np.sum(-(t * np.log(s) + (1 - t) * np.log(1 - s))) / n

        d_s = (1 - t) / (1 - s) - t / s      # d loss / d sigmoid
        dx = d_s * s * (1 - s) / n           # times d sigmoid / d x
        return loss, dx
