# In the shape of microsoft/archai/archai/trainers/losses.py (MIT): a subclass of
# torch.nn.modules.loss._WeightedLoss with typed Optional constructor parameters (weight=None,
# reduction="mean", smoothing=0.0), a @staticmethod helper that builds smoothed targets under
# torch.no_grad(), and forward(inputs, targets) on logits and int64 labels.
# Written for this corpus, not copied.

from typing import Optional

import torch
import torch.nn.functional as F
from torch.nn.modules.loss import _WeightedLoss


class SmoothCrossEntropyLoss(_WeightedLoss):
    """Cross-entropy against label-smoothed targets."""

    def __init__(
        self, weight: Optional[torch.Tensor] = None, reduction: Optional[str] = "mean", smoothing: Optional[float] = 0.0
    ) -> None:
        """Set up the loss.

        Args:
            weight: optional per-class weights.
            reduction: "mean", "sum" or anything else for none.
            smoothing: probability mass moved off the true class.
        """
        super().__init__(weight=weight, reduction=reduction)
        self.smoothing = smoothing
        self.weight = weight
        self.reduction = reduction

    @staticmethod
    def _smooth_one_hot(targets: torch.Tensor, n_classes: int, smoothing: Optional[float] = 0.0) -> torch.Tensor:
        """Class indices -> rows with 1 - smoothing on the true class and the rest spread evenly.

        Args:
            targets: int64 class indices, shape (N,).
            n_classes: number of classes.
            smoothing: the smoothing factor, in [0, 1).

        Returns:
            Smoothed target rows, shape (N, n_classes).
        """
        assert 0.0 <= smoothing < 1.0
        with torch.no_grad():
            off = smoothing / (n_classes - 1)
            rows = torch.full((targets.size(0), n_classes), off, device=targets.device)
            rows[torch.arange(targets.size(0)), targets] = 1.0 - smoothing
        return rows

    def forward(self, inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Loss of logits `inputs` (N, C) against class indices `targets` (N,).

        Args:
            inputs: logits.
            targets: class indices.

        Returns:
            The reduced loss.
        """
        soft = self._smooth_one_hot(targets, inputs.size(-1), self.smoothing)
        log_p = F.log_softmax(inputs, dim=-1)
        if self.weight is not None:
            log_p = log_p * self.weight.unsqueeze(0)
        per_sample = -(soft * log_p).sum(dim=-1)

        if self.reduction == "mean":
            return per_sample.mean()
        if self.reduction == "sum":
            return per_sample.sum()
        return per_sample
