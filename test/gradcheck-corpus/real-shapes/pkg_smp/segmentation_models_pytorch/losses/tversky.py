# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/tversky.py
# (MIT): `TverskyLoss(DiceLoss)`, a subclass of a _Loss subclass imported from a SIBLING module
# (`from .dice import DiceLoss`), with a required `mode`, extra alpha/beta/gamma arguments, and
# overrides of aggregate_loss and compute_score; forward is inherited. Written for this corpus, not
# copied.
from typing import List, Optional

import torch
from ._functional import soft_tversky_score
from .constants import BINARY_MODE, MULTICLASS_MODE, MULTILABEL_MODE
from .dice import DiceLoss

__all__ = ["TverskyLoss"]


class TverskyLoss(DiceLoss):
    """Tversky loss for segmentation: false positives weighted by alpha, false negatives by beta
    (alpha = beta = 0.5 is the Dice loss), the mean raised to gamma.

    Args:
        mode: 'binary', 'multiclass' or 'multilabel'.
        classes: channels that count.
        log_loss: -log(score) instead of 1 - score.
        from_logits: apply sigmoid / softmax to y_pred first.
        smooth: smoothing constant.
        ignore_index: target value of pixels left out.
        eps: lower bound of the denominator.
        alpha: weight of false positives.
        beta: weight of false negatives.
        gamma: exponent of the aggregated loss.
        class_weights: per-class weights.

    Return:
        torch.Tensor: loss
    """

    def __init__(
        self,
        mode: str,
        classes: Optional[List[int]] = None,
        log_loss: bool = False,
        from_logits: bool = True,
        smooth: float = 0.0,
        ignore_index: Optional[int] = None,
        eps: float = 1e-7,
        alpha: float = 0.5,
        beta: float = 0.5,
        gamma: float = 1.0,
        class_weights: Optional[List[float]] = None,
    ):
        assert mode in {BINARY_MODE, MULTILABEL_MODE, MULTICLASS_MODE}
        super().__init__(mode, classes, log_loss, from_logits, smooth, ignore_index, eps, class_weights)
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma

    def aggregate_loss(self, loss: torch.Tensor) -> torch.Tensor:
        """The (weighted) mean of the per-class losses, to the power gamma."""
        return super().aggregate_loss(loss) ** self.gamma

    def compute_score(
        self, output, target, smooth=0.0, eps=1e-7, dims=None
    ) -> torch.Tensor:
        return soft_tversky_score(output, target, self.alpha, self.beta, smooth, eps, dims)
