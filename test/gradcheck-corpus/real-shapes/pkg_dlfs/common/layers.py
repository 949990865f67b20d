# In the shape of oreilly-japan/deep-learning-from-scratch/common/layers.py (MIT): a plain class
# (not an nn.Module) `SoftmaxWithLoss` with `__init__` (no arguments), `forward(x, t)` that caches
# its inputs, and a stateful `backward(dout=1)` that returns dx from the cache; it imports
# `common.functions` with a star import as a top-level package. Written for this corpus, not copied.
import numpy as np
from common.functions import *


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None  # ソフトマックスの出力
        self.t = None  # 正解ラベル

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        n = self.t.shape[0]
        if self.t.size == self.y.size:  # one-hot の正解
            target = self.t
        else:
            target = np.zeros_like(self.y)
            target[np.arange(n), self.t] = 1
        return (self.y - target) / n
