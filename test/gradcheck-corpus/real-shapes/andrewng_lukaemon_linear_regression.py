# In the shape of lukaemon/Coursera-ML-AndrewNg/helper/linear_regression.py (MIT): a NumPy
# `compute_cost(X, y, theta)` with NO gradient function; `batch_update_theta` is an update step
# (it takes a learning rate and returns new parameters), not a gradient, and must not be paired.
# Written for this corpus, not copied.
import numpy as np


# linear regression ------------------------------------------------------------
def compute_cost(X, y, theta):
    """
    X: (m, n) design matrix
    y: (m,) targets
    theta: (n,) parameters
    returns half the mean squared residual
    """
    r = X @ theta - y
    return (r @ r) / (2 * X.shape[0])


def batch_update_theta(X, y, theta, alpha):
    """one full-batch gradient-descent step; returns the updated theta"""
    step = X.T @ (X @ theta - y) / X.shape[0]
    return theta - alpha * step


def batch_gradient_decent(X, y, theta, alpha, epoch):
    """run `epoch` steps; return the final theta and the cost after each step"""
    history = [compute_cost(X, y, theta)]
    current = theta
    for _ in range(epoch):
        current = batch_update_theta(X, y, current, alpha)
        history.append(compute_cost(X, y, current))
    return current, history
