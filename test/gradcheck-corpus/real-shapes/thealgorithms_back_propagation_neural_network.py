# In the shape of TheAlgorithms/Python/neural_network/back_propagation_neural_network.py (MIT): a
# model class `BPNN` whose method `cal_loss(self, ydata, ydata_)` stores and returns
# (loss, gradient); the gradient is with respect to the SECOND argument `ydata_` (the prediction),
# and the names do not say so. Written for this corpus, not copied.

"""
A small back-propagation network (BP): stack layers, train, watch the loss fall.

Only the loss method is kept here.
"""
import numpy as np


class BPNN:
    """
    Back-propagation neural network
    """

    def cal_loss(self, ydata, ydata_):
        gap = ydata_ - ydata
        self.loss = np.sum(gap ** 2)
        self.loss_gradient = 2 * gap  # same shape as ydata_
        return self.loss, self.loss_gradient
