# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/dice.py
# (MIT): a torch.nn.modules.loss._Loss subclass with a REQUIRED constructor argument `mode`
# ('binary' | 'multiclass' | 'multilabel', asserted) and typed optional ones, forward(y_pred,
# y_true) on logits (N, C, H, W) and labels (N, H, W) or masks (N, C, H, W), relative imports of
# `._functional` and `.constants`, and overridable `aggregate_loss` / `compute_score` methods.
# Written for this corpus, not copied.
from typing import Optional, List

import torch
import torch.nn.functional as F
from torch.nn.modules.loss import _Loss
from ._functional import soft_dice_score, to_tensor
from .constants import BINARY_MODE, MULTICLASS_MODE, MULTILABEL_MODE

__all__ = ["DiceLoss"]


class DiceLoss(_Loss):
    def __init__(
        self,
        mode: str,
        classes: Optional[List[int]] = None,
        log_loss: bool = False,
        from_logits: bool = True,
        smooth: float = 0.0,
        ignore_index: Optional[int] = None,
        eps: float = 1e-7,
        class_weights: Optional[List[float]] = None,
    ):
        """Dice loss for segmentation (binary, multiclass or multilabel).

        Args:
            mode: 'binary', 'multiclass' or 'multilabel'.
            classes: channels that count (all of them by default).
            log_loss: -log(dice) instead of 1 - dice.
            from_logits: apply sigmoid / softmax to y_pred first.
            smooth: added to numerator and denominator.
            ignore_index: target value of pixels left out.
            eps: lower bound of the denominator.
            class_weights: per-class weights (not with mode='binary').

        Shape
             - **y_pred** - (N, C, H, W)
             - **y_true** - (N, H, W) or (N, C, H, W)
        """
        assert mode in {BINARY_MODE, MULTILABEL_MODE, MULTICLASS_MODE}
        super(DiceLoss, self).__init__()
        if mode == BINARY_MODE and class_weights is not None:
            raise ValueError("class_weights cannot be used with mode=binary")
        if classes is not None:
            assert mode != BINARY_MODE, "classes cannot be selected with mode=binary"
            classes = to_tensor(classes, dtype=torch.long)

        self.mode = mode
        self.classes = classes
        self.from_logits = from_logits
        self.smooth = smooth
        self.eps = eps
        self.log_loss = log_loss
        self.ignore_index = ignore_index
        self.class_weights = None if class_weights is None else to_tensor(class_weights, dtype=torch.float)

    def forward(self, y_pred: torch.Tensor, y_true: torch.Tensor) -> torch.Tensor:
        assert y_pred.size(0) == y_true.size(0)
        n = y_true.size(0)
        c = y_pred.size(1)

        if self.from_logits:
            # probabilities through log-space: stable at the extremes
            y_pred = y_pred.log_softmax(dim=1).exp() if self.mode == MULTICLASS_MODE else F.logsigmoid(y_pred).exp()

        if self.mode == MULTICLASS_MODE:
            y_true = y_true.reshape(n, -1)
            y_pred = y_pred.reshape(n, c, -1)
            if self.ignore_index is None:
                y_true = F.one_hot(y_true, c).permute(0, 2, 1)            # N, C, H*W
            else:
                keep = y_true != self.ignore_index
                y_pred = y_pred * keep.unsqueeze(1)
                y_true = F.one_hot((y_true * keep).to(torch.long), c).permute(0, 2, 1) * keep.unsqueeze(1)
        else:
            channels = 1 if self.mode == BINARY_MODE else c
            y_true = y_true.reshape(n, channels, -1)
            y_pred = y_pred.reshape(n, channels, -1)
            if self.ignore_index is not None:
                keep = y_true != self.ignore_index
                y_pred = y_pred * keep
                y_true = y_true * keep

        dims = (0, 2)
        scores = self.compute_score(y_pred, y_true.type_as(y_pred), smooth=self.smooth, eps=self.eps, dims=dims)
        loss = -torch.log(scores.clamp_min(self.eps)) if self.log_loss else 1.0 - scores

        # a channel with no foreground pixel has no Dice: it contributes zero
        present = y_true.sum(dims) > 0
        loss = loss * present.to(loss.dtype)

        if self.classes is not None:
            loss = loss[self.classes]
        return self.aggregate_loss(loss)

    def aggregate_loss(self, loss: torch.Tensor) -> torch.Tensor:
        """Per-class losses (C,) -> one number: a mean, or a weighted mean with class_weights."""
        if self.class_weights is None:
            return loss.mean()
        w = self.class_weights.to(loss.device)
        if self.classes is not None:
            w = w[self.classes]
        return (loss * w).sum() / w.sum()

    def compute_score(
        self, output, target, smooth=0.0, eps=1e-7, dims=None
    ) -> torch.Tensor:
        return soft_dice_score(output, target, smooth, eps, dims)
