# In the shape of mehrdadmoradii/neural-network/src/losses/cross_entropy.py (MIT): a plain class
# with a `name` attribute whose `__call__(x, y)` takes scores and integer labels and returns the
# tuple (loss, dx); softmax without the max shift. Written for this corpus, not copied.
import numpy as np


class CrossEntropyLoss:

    name = "cross_entropy"

    def __call__(self, x, y):
        n = len(x)
        e = np.exp(x)
        p = e / np.sum(e, axis=1, keepdims=True)
        loss = -np.log(p[np.arange(n), y]).sum() / n

        onehot = np.zeros_like(p)
        onehot[np.arange(n), y] = 1.0
        dx = (p - onehot) / n
        return loss, dx
