# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/focal.py
# (MIT): a _Loss subclass with a REQUIRED `mode` whose loss function is a functools.partial of
# `focal_loss_with_logits` built in __init__; forward(y_pred, y_true) on logits, per-class losses
# stacked in the multiclass / multilabel modes. Written for this corpus, not copied.
from typing import Optional, List
from functools import partial

import torch
from torch.nn.modules.loss import _Loss
from ._functional import focal_loss_with_logits, to_tensor
from .constants import BINARY_MODE, MULTICLASS_MODE, MULTILABEL_MODE

__all__ = ["FocalLoss"]


class FocalLoss(_Loss):
    def __init__(
        self,
        mode: str,
        alpha: Optional[float] = None,
        gamma: Optional[float] = 2.0,
        ignore_index: Optional[int] = None,
        from_logits: bool = True,
        eps: float = 1e-7,
        reduction: Optional[str] = "mean",
        normalized: bool = False,
        reduced_threshold: Optional[float] = None,
        class_weights: Optional[List[float]] = None,
    ):
        """Focal loss for segmentation.

        Args:
            mode: 'binary', 'multiclass' or 'multilabel'.
            alpha: prior of the positive class, or None.
            gamma: focusing exponent.
            ignore_index: target value of pixels left out.
            from_logits: y_pred holds logits (else probabilities, turned back into logits).
            eps: clamp for probabilities.
            normalized: normalised focal loss.
            reduced_threshold: reduced focal loss (use reduction="sum" with it).
            class_weights: per-class weights (not with mode='binary').

        Shape
             - **y_pred** - (N, C, H, W)
             - **y_true** - (N, H, W) or (N, C, H, W)
        """
        assert mode in {BINARY_MODE, MULTILABEL_MODE, MULTICLASS_MODE}
        super().__init__()
        if mode == BINARY_MODE and class_weights is not None:
            raise ValueError("class_weights cannot be used with mode=binary")

        self.mode = mode
        self.from_logits = from_logits
        self.ignore_index = ignore_index
        self.reduction = reduction
        self.eps = eps
        self.focal_loss_fn = partial(
            focal_loss_with_logits, gamma=gamma, alpha=alpha, reduction=reduction,
            normalized=normalized, reduced_threshold=reduced_threshold,
        )
        self.class_weights = None if class_weights is None else to_tensor(class_weights, dtype=torch.float)

    def forward(self, y_pred: torch.Tensor, y_true: torch.Tensor) -> torch.Tensor:
        if not self.from_logits:
            y_pred = y_pred.clamp(self.eps, 1 - self.eps)
            if self.mode == MULTICLASS_MODE:
                y_pred = y_pred.log()                       # log-probabilities
            else:
                y_pred = (y_pred / (1 - y_pred)).log()      # back to logits

        if self.mode == BINARY_MODE:
            flat_true = y_true.reshape(-1)
            flat_pred = y_pred.reshape(-1)
            if self.ignore_index is not None:
                keep = flat_true != self.ignore_index
                flat_true, flat_pred = flat_true[keep], flat_pred[keep]
            return self.focal_loss_fn(flat_pred, flat_true)

        keep = None if self.ignore_index is None else y_true != self.ignore_index
        per_class = []
        for k in range(y_pred.size(1)):
            if self.mode == MULTICLASS_MODE:
                t = (y_true == k).long()
            else:
                t = y_true[:, k, ...]
            p = y_pred[:, k, ...]
            if keep is not None:
                t, p = t[keep], p[keep]
            per_class.append(self.focal_loss_fn(p, t))
        per_class = torch.stack(per_class)

        if self.class_weights is None:
            return per_class.mean()
        w = self.class_weights.to(per_class.device)
        return (per_class * w).sum() / w.sum()
