# In the shape of tolotrasamuel/nlp-final-project/losses.py (MIT): Keras-order `mse(y_true,
# y_pred)` with `mse_prime`; a one-word `crossentropyloss` that is a loss only through its
# `crossentropyloss_prime` (defined further down, after another function; it adds 1e-10 to the
# denominator); `cross_entropy_loss_function(Y, P)` with capital argument names and no pair.
# Written for this corpus, not copied.
import numpy as np


# losses and their derivatives
def mse(y_true, y_pred):
    return np.square(y_pred - y_true).mean()


def mse_prime(y_true, y_pred):
    return (y_pred - y_true) * (2.0 / y_true.size)


def crossentropyloss(y_true, y_pred):
    return -(y_true * np.log(y_pred)).sum()


def cross_entropy_loss_function(Y, P):
    tiny = 1e-10
    per_row = (Y * np.log(P + tiny)).sum(axis=1)
    return -per_row.mean()


def crossentropyloss_prime(y_true, y_pred):
    tiny = 1e-10
    # derivative of -sum(t * log p) with respect to p
    return -(y_true / (y_pred + tiny))
