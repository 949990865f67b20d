# In the shape of knarfamlap/neural_nets_from_scratch/utils/loss.py (MIT): `mse`/`mse_prime` and
# `cross_entropy`/`cross_entropy_prime` taking (y_true, y_pred). Keeps the repository's BUG:
# `cross_entropy` takes PROBABILITIES (base-2 log) but `cross_entropy_prime` returns
# y_pred - y_true, the softmax-logit gradient, instead of -y_true / (y_pred ln 2).
# Written for this corpus, not copied.
import numpy as np

def mse(y_true, y_pred):
    diff = y_pred - y_true
    return np.mean(diff ** 2)

def mse_prime(y_true, y_pred):
    return 2.0 * (y_pred - y_true) / y_pred.size

def cross_entropy(y_true, y_pred):
    return -(y_true * np.log2(y_pred)).sum()

def cross_entropy_prime(y_true, y_pred):
    # wrong for the loss above: this is d/dlogits of softmax + cross-entropy
    return y_pred - y_true
