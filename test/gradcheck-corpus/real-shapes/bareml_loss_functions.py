# In the shape of shotahorii/bareml/bareml/utils/loss_functions.py (MIT): plain callable classes
# with `__call__` + `gradient` + `hessian`: `SquareLoss.__call__(X, y, w)` (model parameters LAST,
# per-sample losses), `SquareError.__call__(y, y_pred)`, `CrossEntropy.__call__(y, y_pred)` on
# probabilities (1-D binary or 2-D one-hot), and regularisers `L1Regularization(alpha)` /
# `L2Regularization(alpha)` (not loss names; L1's gradient raises). Keeps the repository's BUG:
# CrossEntropy.gradient returns y_pred - y (the gradient with respect to the LOGIT) instead of
# -y/y_pred + (1-y)/(1-y_pred). Written for this corpus, not copied.
"""
Losses and penalties for the estimators of this toy library.
"""

import math
import numpy as np

class SquareLoss:

    def __call__(self, X, y, w):
        pred = X @ w
        return 0.5 * (pred - y) ** 2

    def gradient(self, X, y, w):
        # (d, n) times (n,) gives (d,)
        return X.T.dot(X.dot(w) - y)

    def hessian(self, X, y, w):
        return np.ones(y.shape[0])

class SquareError:

    def __call__(self, y, y_pred):
        return 0.5 * (y_pred - y) ** 2

    def gradient(self, y, y_pred):
        return y_pred - y

    def hessian(self, y, y_pred):
        return np.ones(y.shape[0])

class CrossEntropy:

    def __call__(self, y, y_pred):
        """
        Cross-entropy of predicted probabilities.

        y: targets; 1-D 0/1 labels (sigmoid case) or 2-D one-hot rows (softmax case)
        y_pred: probabilities of the same shape
        """
        q = np.clip(y_pred, 1e-15, 1 - 1e-15)
        if y.ndim > 1:
            return -(y * np.log(q)).sum(axis=1)
        return -(y * np.log(q) + (1 - y) * np.log(1 - q))

    def gradient(self, y, y_pred):
        """
        Derivative of the cross-entropy (as the library wrote it).
        """
        return y_pred - y


class L1Regularization:
    """ L1 penalty """
    def __init__(self, alpha):
        self.alpha = alpha

    def __call__(self, w):
        return self.alpha * np.sqrt(np.sum(w * w))

    def gradient(self, w):
        raise ValueError('no gradient for the L1 penalty')


class L2Regularization:
    """ L2 penalty """
    def __init__(self, alpha):
        self.alpha = alpha

    def __call__(self, w):
        return self.alpha * (w @ w) / 2

    def gradient(self, w):
        return w * self.alpha
