# In the shape of joelgrus/joelnet/joelnet/loss.py (MIT): an abstract `Loss` whose `loss`/`grad`
# raise NotImplementedError, and a subclass `MSE` with the method pair loss(predicted, actual) /
# grad(predicted, actual) (total squared error, prediction first), importing `joelnet.tensor`
# absolutely from a folder with no __init__.py. Written for this corpus, not copied.
"""
Losses score a batch of predictions against the targets; the network follows `grad` downhill.
"""
import numpy as np

from joelnet.tensor import Tensor


class Loss:
    def loss(self, predicted: Tensor, actual: Tensor) -> float:
        raise NotImplementedError

    def grad(self, predicted: Tensor, actual: Tensor) -> Tensor:
        raise NotImplementedError


class MSE(Loss):
    """
    Called MSE, but it sums the squared errors instead of averaging them.
    """
    def loss(self, predicted: Tensor, actual: Tensor) -> float:
        residual = predicted - actual
        return np.sum(residual * residual)

    def grad(self, predicted: Tensor, actual: Tensor) -> Tensor:
        return (predicted - actual) * 2
