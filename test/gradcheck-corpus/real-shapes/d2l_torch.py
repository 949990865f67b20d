# In the shape of d2l-ai/d2l-en/d2l/torch.py (MIT-0): a generated library module that refers to
# itself as `d2l = sys.modules[__name__]` and calls `d2l.reshape`, an alias assigned at the END of
# the module; `squared_loss(y_hat, y)` returns per-element losses; `MaskedSoftmaxCELoss` subclasses
# nn.CrossEntropyLoss with forward(pred, label, valid_len) (3-D logits, 2-D labels, int lengths),
# sets self.reduction inside forward and returns per-sequence losses. Written for this corpus, not
# copied.

# Generated from the book's notebooks; do not edit by hand.

import sys
d2l = sys.modules[__name__]


import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


# linear regression from scratch
def squared_loss(y_hat, y):
    """Half the squared error, element by element."""
    diff = y_hat - d2l.reshape(y, y_hat.shape)
    return diff * diff / 2


# sequence to sequence
def sequence_mask(X, valid_len, value=0):
    """Overwrite the entries past each row's valid length with `value`."""
    steps = torch.arange(X.size(1), dtype=torch.float32, device=X.device)
    keep = steps.unsqueeze(0) < valid_len.unsqueeze(1)
    X[~keep] = value
    return X


class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    """Softmax cross-entropy that ignores padded time steps."""
    # pred: (batch, steps, vocab); label: (batch, steps); valid_len: (batch,)
    def forward(self, pred, label, valid_len):
        mask = sequence_mask(torch.ones_like(label), valid_len)
        self.reduction = 'none'
        per_step = super(MaskedSoftmaxCELoss, self).forward(pred.permute(0, 2, 1), label)
        return (per_step * mask).mean(dim=1)


# alias from the book's configuration
reshape = lambda t, *shape, **kw: t.reshape(*shape, **kw)
