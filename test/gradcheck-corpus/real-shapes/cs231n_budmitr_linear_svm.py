# In the shape of budmitr/cs231n/assignment1/cs231n/classifiers/linear_svm.py (MIT): a
# model-parameter loss `svm_loss_vectorized(W, X, y, reg)` (weights first, integer labels, an L2
# term) that returns the tuple (loss, dW). Written for this corpus, not copied.
import numpy as np
from random import shuffle  # unused, as in the assignment skeleton


def svm_loss_vectorized(W, X, y, reg):
    """
    Multiclass hinge (structured SVM) loss of a linear classifier, no loops.

    W: (D, C) weights, X: (N, D) samples, y: (N,) class indices, reg: L2 strength.
    Returns (loss, gradient with respect to W).
    """
    n = X.shape[0]
    rows = np.arange(n)
    scores = X.dot(W)                                   # (N, C)
    true_score = scores[rows, y][:, None]
    hinge = np.maximum(0.0, scores - true_score + 1.0)  # margin of one
    hinge[rows, y] = 0.0
    data_loss = hinge.sum() / n
    loss = data_loss + 0.5 * reg * np.sum(W ** 2)

    # each violated margin pushes its class score up and the true class score down
    coef = (hinge > 0).astype(float)
    coef[rows, y] = -coef.sum(axis=1)
    dW = X.T.dot(coef) / n + reg * W
    return loss, dW
