# In the shape of oreilly-japan/deep-learning-from-scratch/common/functions.py (MIT): a module of a
# namespace package `common` (no __init__.py) mixing activations with `_grad` pairs
# (`sigmoid`/`sigmoid_grad`, `relu`/`relu_grad`), `softmax`, and NumPy losses with no gradient
# (`sum_squared_error(y, t)`, `cross_entropy_error(y, t)` for labels or one-hot, `softmax_loss(X,
# t)`); comments partly in Japanese. Written for this corpus, not copied.
import numpy as np


def identity_function(x):
    return x


def step_function(x):
    return (x > 0).astype(int)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def relu(x):
    return np.where(x > 0, x, 0.0)


def relu_grad(x):
    return (x >= 0).astype(x.dtype)


def softmax(x):
    z = x - x.max(axis=-1, keepdims=True)   # 桁あふれを防ぐ
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def sum_squared_error(y, t):
    return np.sum(np.square(y - t)) / 2


def cross_entropy_error(y, t):
    if y.ndim == 1:
        y = y[np.newaxis, :]
        t = t.reshape(1, -1)

    # ラベルが one-hot ならクラス番号に直す
    if t.size == y.size:
        t = np.argmax(t, axis=1)

    n = y.shape[0]
    picked = y[np.arange(n), t]
    return -np.log(picked + 1e-7).sum() / n


def softmax_loss(X, t):
    return cross_entropy_error(softmax(X), t)
