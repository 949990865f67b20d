# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/soft_ce.py
# (MIT): an nn.Module with `__constants__` whose DEFAULT constructor (smooth_factor=None) builds but
# whose forward then raises TypeError (None reaches label_smoothed_nll_loss's epsilon): a checker
# must pass a smooth_factor. forward(y_pred, y_true) on logits (N, C, H, W) and labels (N, H, W).
# Written for this corpus, not copied.
from typing import Optional
from torch import nn
import torch
import torch.nn.functional as F
from ._functional import label_smoothed_nll_loss

__all__ = ["SoftCrossEntropyLoss"]


class SoftCrossEntropyLoss(nn.Module):
    __constants__ = ["reduction", "ignore_index", "smooth_factor"]

    def __init__(
        self,
        reduction: str = "mean",
        smooth_factor: Optional[float] = None,
        ignore_index: Optional[int] = -100,
        dim: int = 1,
    ):
        """CrossEntropyLoss with label smoothing.

        Args:
            smooth_factor: 0.1 turns [1, 0, 0] into [0.9, 0.05, 0.05].

        Shape
             - **y_pred** - (N, C, H, W)
             - **y_true** - (N, H, W)
        """
        super().__init__()
        self.smooth_factor = smooth_factor
        self.ignore_index = ignore_index
        self.reduction = reduction
        self.dim = dim

    def forward(self, y_pred: torch.Tensor, y_true: torch.Tensor) -> torch.Tensor:
        log_p = F.log_softmax(y_pred, dim=self.dim)
        # epsilon is None unless a smooth_factor was given: label_smoothed_nll_loss fails on it
        return label_smoothed_nll_loss(log_p, y_true, self.smooth_factor, self.ignore_index,
                                       self.reduction, self.dim)
