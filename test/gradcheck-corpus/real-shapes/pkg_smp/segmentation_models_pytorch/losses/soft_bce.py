# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/soft_bce.py
# (MIT): an nn.Module with a `__constants__` list, register_buffer'ed optional weights and all
# constructor arguments defaulted (ignore_index=-100, smooth_factor=None, ...); forward(y_pred,
# y_true) on logits. Written for this corpus, not copied.
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["SoftBCEWithLogitsLoss"]


class SoftBCEWithLogitsLoss(nn.Module):
    __constants__ = ["weight", "pos_weight", "reduction", "ignore_index", "smooth_factor"]

    def __init__(
        self,
        weight: Optional[torch.Tensor] = None,
        ignore_index: Optional[int] = -100,
        reduction: str = "mean",
        smooth_factor: Optional[float] = None,
        pos_weight: Optional[torch.Tensor] = None,
    ):
        """BCEWithLogitsLoss plus an ignore index and label smoothing.

        Args:
            ignore_index: target value that contributes nothing.
            smooth_factor: 0.1 turns targets [1, 0] into [0.9, 0.1].

        Shape
             - **y_pred** - (N, C, H, W)
             - **y_true** - (N, H, W) or (N, 1, H, W)
        """
        super().__init__()
        self.ignore_index = ignore_index
        self.reduction = reduction
        self.smooth_factor = smooth_factor
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, y_pred: torch.Tensor, y_true: torch.Tensor) -> torch.Tensor:
        """
        Args:
            y_pred: logits (N, C, H, W)
            y_true: targets (N, H, W) or (N, 1, H, W)

        Returns:
            loss: torch.Tensor
        """
        target = y_true
        if self.smooth_factor is not None:
            s = self.smooth_factor
            target = y_true * (1 - s) + (1 - y_true) * s

        loss = F.binary_cross_entropy_with_logits(
            y_pred, target, self.weight, pos_weight=self.pos_weight, reduction="none"
        )
        if self.ignore_index is not None:
            loss = loss * (y_true != self.ignore_index).type_as(loss)

        if self.reduction == "mean":
            return loss.mean()
        if self.reduction == "sum":
            return loss.sum()
        return loss
