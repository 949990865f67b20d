# In the shape of lukaemon/Coursera-ML-AndrewNg/helper/logistic_regression.py (MIT): a
# model-parameter loss `cost(X, y, theta)` (parameters LAST) beside a bare `gradient(theta, X, y)`
# whose arguments come in ANOTHER order, so the pair only works when called by name; plus a
# `sigmoid` helper. Written for this corpus, not copied.
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def cost(X, y, theta):
    '''mean negative log-likelihood of logistic regression (minimise it)'''
    h = sigmoid(X @ theta)
    return -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))


def gradient(theta, X, y):
    '''full-batch gradient of cost with respect to theta'''
    residual = sigmoid(X @ theta) - y
    return X.T @ residual / X.shape[0]
