# In the shape of lukaemon/Coursera-ML-AndrewNg/helper/recommender.py (MIT): collaborative
# filtering `cost(param, Y, R, n_features)` over ONE flat parameter vector whose length is fixed by
# Y.shape and the integer n_features, with `gradient(param, Y, R, n_features)` (same arguments),
# serialize/deserialize helpers, and `regularized_cost(..., l=1)` that has no gradient.
# Written for this corpus, not copied.
import numpy as np


# helpers
def serialize(X, theta):
    """flatten the two factor matrices into one vector"""
    return np.concatenate([np.ravel(X), np.ravel(theta)])


def deserialize(param, n_movie, n_user, n_features):
    """split the vector back into X (n_movie, n_features) and theta (n_user, n_features)"""
    cut = n_movie * n_features
    movies = param[:cut].reshape(n_movie, n_features)
    users = param[cut:].reshape(n_user, n_features)
    return movies, users


# recommender
def cost(param, Y, R, n_features):
    """half the squared error over the rated entries (R == 1)
    Y: (movies, users) ratings, R: (movies, users) 0/1 rated mask
    """
    movies, users = Y.shape
    X, theta = deserialize(param, movies, users, n_features)
    err = (X @ theta.T - Y) * R
    return 0.5 * np.sum(err ** 2)


def gradient(param, Y, R, n_features):
    movies, users = Y.shape
    X, theta = deserialize(param, movies, users, n_features)
    err = (X @ theta.T - Y) * R
    return serialize(err @ theta, err.T @ X)


def regularized_cost(param, Y, R, n_features, l=1):
    penalty = 0.5 * l * np.sum(param ** 2)
    return cost(param, Y, R, n_features) + penalty
