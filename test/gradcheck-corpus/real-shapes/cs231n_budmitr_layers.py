# In the shape of budmitr/cs231n/assignment2/cs231n/layers.py (MIT): layer-library losses
# `svm_loss(x, y)` and `softmax_loss(x, y)` on class scores that return (loss, dx), written with
# two-space indentation like the assignment code. Written for this corpus, not copied.
import numpy as np


def svm_loss(x, y):
  """
  Multiclass SVM loss on scores.

  Inputs:
  - x: scores, shape (N, C)
  - y: labels, shape (N,), each in [0, C)

  Returns a tuple (loss, dx) where dx has the shape of x.
  """
  count = x.shape[0]
  pick = np.arange(count)
  viol = x - x[pick, y].reshape(-1, 1) + 1.0
  viol[pick, y] = 0.0
  active = viol > 0
  loss = np.where(active, viol, 0.0).sum() / count
  dx = active.astype(x.dtype)
  dx[pick, y] = -active.sum(axis=1)
  return loss, dx / count


def softmax_loss(x, y):
  """
  Softmax cross-entropy on scores.

  Inputs:
  - x: scores, shape (N, C)
  - y: labels, shape (N,)

  Returns a tuple (loss, dx).
  """
  count = x.shape[0]
  shifted = x - x.max(axis=1, keepdims=True)
  e = np.exp(shifted)
  p = e / e.sum(axis=1, keepdims=True)
  loss = -np.mean(np.log(p[np.arange(count), y]))
  dx = p
  dx[np.arange(count), y] = dx[np.arange(count), y] - 1.0
  dx = dx / count
  return loss, dx
