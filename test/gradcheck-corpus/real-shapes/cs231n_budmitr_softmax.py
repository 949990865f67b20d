# In the shape of budmitr/cs231n/assignment1/cs231n/classifiers/softmax.py (MIT): a model-parameter
# loss `softmax_loss_vectorized(W, X, y, reg)` (softmax cross-entropy of X @ W plus an L2 term)
# returning (loss, dW). Written for this corpus, not copied.
import numpy as np
from random import shuffle  # unused, as in the assignment skeleton


def softmax_loss_vectorized(W, X, y, reg):
    """
    Softmax classifier loss and its gradient, vectorised.

    W: (D, C), X: (N, D), y: (N,) labels in [0, C), reg: regularisation strength.
    """
    n = X.shape[0]
    z = X.dot(W)
    z = z - z.max(axis=1, keepdims=True)          # shift for stability
    log_norm = np.log(np.exp(z).sum(axis=1, keepdims=True))
    log_p = z - log_norm
    idx = np.arange(n)
    loss = -log_p[idx, y].mean() + 0.5 * reg * (W * W).sum()

    d_scores = np.exp(log_p)
    d_scores[idx, y] -= 1.0
    dW = X.T.dot(d_scores) / n + reg * W
    return loss, dW
