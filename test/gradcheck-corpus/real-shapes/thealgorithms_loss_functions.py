# In the shape of TheAlgorithms/Python/machine_learning/loss_functions.py (MIT): typed NumPy losses
# `(y_true: np.ndarray, y_pred: np.ndarray, ...) -> float` with doctests and no gradients; they
# validate their inputs and raise ValueError (`categorical_cross_entropy` wants one-hot targets
# and rows of y_pred summing to 1 within epsilon=1e-15, so it raises on perturbed inputs;
# `hinge_loss` wants labels in {-1, 1}; `huber_loss` has a required `delta`).
# Written for this corpus, not copied.
import numpy as np


def binary_cross_entropy(
    y_true: np.ndarray, y_pred: np.ndarray, epsilon: float = 1e-15
) -> float:
    """
    Mean binary cross-entropy of predicted probabilities against 0/1 labels.

    BCE = mean(-(y ln p + (1 - y) ln(1 - p)))

    >>> labels = np.array([1, 0, 1, 1])
    >>> probs = np.array([0.9, 0.4, 0.6, 0.8])
    >>> round(float(binary_cross_entropy(labels, probs)), 6)
    0.337539
    >>> binary_cross_entropy(labels, np.array([0.5, 0.5]))
    Traceback (most recent call last):
        ...
    ValueError: y_true and y_pred differ in length.
    """
    if y_pred.shape[0] != y_true.shape[0]:
        raise ValueError("y_true and y_pred differ in length.")
    p = np.clip(y_pred, epsilon, 1 - epsilon)
    per_item = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return per_item.mean()


def categorical_cross_entropy(
    y_true: np.ndarray, y_pred: np.ndarray, epsilon: float = 1e-15
) -> float:
    """
    Categorical cross-entropy, summed over samples: -sum(y ln p).

    >>> labels = np.array([[0, 1, 0], [1, 0, 0]])
    >>> probs = np.array([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]])
    >>> round(float(categorical_cross_entropy(labels, probs)), 6)
    1.049822
    >>> categorical_cross_entropy(np.array([[0, 2, 0]]), np.array([[0.2, 0.7, 0.1]]))
    Traceback (most recent call last):
        ...
    ValueError: y_true is not one-hot.
    >>> categorical_cross_entropy(np.array([[0, 1, 0]]), np.array([[0.2, 0.7, 0.2]]))
    Traceback (most recent call last):
        ...
    ValueError: rows of y_pred must sum to 1.
    """
    if y_pred.shape != y_true.shape:
        raise ValueError("y_true and y_pred differ in shape.")
    is_binary = np.all((y_true == 0) | (y_true == 1))
    if not is_binary or np.any(np.sum(y_true, axis=1) != 1):
        raise ValueError("y_true is not one-hot.")
    row_sums = y_pred.sum(axis=1)
    if not np.allclose(row_sums, 1.0, rtol=epsilon, atol=epsilon):
        raise ValueError("rows of y_pred must sum to 1.")
    p = np.clip(y_pred, epsilon, 1)
    return -(y_true * np.log(p)).sum()


def hinge_loss(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """
    Mean hinge loss max(0, 1 - y * f) for labels in {-1, 1}.

    >>> round(float(hinge_loss(np.array([1, -1, 1, -1]), np.array([0.5, -2.0, -1.0, 0.25]))), 6)
    0.9375
    >>> hinge_loss(np.array([1, 0]), np.array([0.5, 0.5]))
    Traceback (most recent call last):
        ...
    ValueError: y_true must hold only -1 and 1.
    """
    if y_pred.shape[0] != y_true.shape[0]:
        raise ValueError("y_true and y_pred differ in length.")
    if not np.all(np.isin(y_true, (-1, 1))):
        raise ValueError("y_true must hold only -1 and 1.")
    margins = 1.0 - y_true * y_pred
    return np.maximum(margins, 0).mean()


def huber_loss(y_true: np.ndarray, y_pred: np.ndarray, delta: float) -> float:
    """
    Mean Huber loss: quadratic within `delta` of the target, linear beyond.

    >>> a = np.array([1.0, 2.0, 3.0, 4.0])
    >>> b = np.array([1.5, 2.0, 0.5, 4.25])
    >>> round(float(huber_loss(a, b, 1.0)), 6)
    0.539062
    """
    if y_pred.shape[0] != y_true.shape[0]:
        raise ValueError("y_true and y_pred differ in length.")
    gap = np.abs(y_pred - y_true)
    quadratic = 0.5 * gap ** 2
    linear = delta * gap - 0.5 * delta ** 2
    return np.mean(np.where(gap <= delta, quadratic, linear))
