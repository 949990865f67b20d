# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/jaccard.py
# (MIT): a _Loss subclass with a REQUIRED `mode` and the same optional arguments as DiceLoss,
# forward(y_pred, y_true) on logits, relative imports, no overridable hooks.
# Written for this corpus, not copied.
from typing import Optional, List

import torch
import torch.nn.functional as F
from torch.nn.modules.loss import _Loss
from ._functional import soft_jaccard_score, to_tensor
from .constants import BINARY_MODE, MULTICLASS_MODE, MULTILABEL_MODE

__all__ = ["JaccardLoss"]


class JaccardLoss(_Loss):
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
        """Jaccard (IoU) loss for segmentation (binary, multiclass or multilabel).

        Args:
            mode: 'binary', 'multiclass' or 'multilabel'.
            classes: channels that count (all by default).
            log_loss: -log(iou) instead of 1 - iou.
            from_logits: apply sigmoid / softmax to y_pred first.
            smooth: added to numerator and denominator.
            eps: lower bound of the denominator.
            class_weights: per-class weights (not with mode='binary').

        Shape
             - **y_pred** - (N, C, H, W)
             - **y_true** - (N, H, W) or (N, C, H, W)
        """
        assert mode in {BINARY_MODE, MULTILABEL_MODE, MULTICLASS_MODE}
        super(JaccardLoss, self).__init__()
        if mode == BINARY_MODE and class_weights is not None:
            raise ValueError("class_weights cannot be used with mode=binary")
        if classes is not None:
            assert mode != BINARY_MODE, "classes cannot be selected with mode=binary"
            classes = to_tensor(classes, dtype=torch.long)

        self.mode = mode
        self.classes = classes
        self.from_logits = from_logits
        self.smooth = smooth
        self.ignore_index = ignore_index
        self.eps = eps
        self.log_loss = log_loss
        self.class_weights = None if class_weights is None else to_tensor(class_weights, dtype=torch.float)

    def forward(self, y_pred: torch.Tensor, y_true: torch.Tensor) -> torch.Tensor:
        assert y_pred.size(0) == y_true.size(0)
        n, c = y_true.size(0), y_pred.size(1)

        if self.from_logits:
            # through log-space: no vanishing gradient at the extremes
            log_p = F.log_softmax(y_pred, dim=1) if self.mode == MULTICLASS_MODE else F.logsigmoid(y_pred)
            y_pred = torch.exp(log_p)

        if self.mode == BINARY_MODE or self.mode == MULTILABEL_MODE:
            k = 1 if self.mode == BINARY_MODE else c
            y_pred = y_pred.reshape(n, k, -1)
            y_true = y_true.reshape(n, k, -1)
            if self.ignore_index is not None:
                valid = y_true != self.ignore_index
                y_pred, y_true = y_pred * valid, y_true * valid
        else:
            y_pred = y_pred.reshape(n, c, -1)
            y_true = y_true.reshape(n, -1)
            if self.ignore_index is not None:
                valid = y_true != self.ignore_index
                y_pred = y_pred * valid.unsqueeze(1)
                onehot = F.one_hot((y_true * valid).to(torch.long), c)
                y_true = onehot.permute(0, 2, 1) * valid.unsqueeze(1)
            else:
                y_true = F.one_hot(y_true, c).permute(0, 2, 1)

        dims = (0, 2)
        iou = soft_jaccard_score(y_pred, y_true.type(y_pred.dtype), smooth=self.smooth, eps=self.eps, dims=dims)
        if self.log_loss:
            loss = -torch.log(iou.clamp_min(self.eps))
        else:
            loss = 1.0 - iou

        # channels without any true pixel are left out of the loss
        loss = loss * (y_true.sum(dims) > 0).float()

        if self.classes is not None:
            loss = loss[self.classes]
        if self.class_weights is None:
            return loss.mean()
        w = self.class_weights.to(loss.device)
        if self.classes is not None:
            w = w[self.classes]
        return (loss * w).sum() / w.sum()
