# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/lovasz.py
# (MIT): `LovaszLoss(_Loss)` with a REQUIRED `mode`, built on module-level helpers (sorting, a
# generator-friendly `mean`). Piecewise linear in the logits. As in the repository, the Lovasz
# gradient is built with labels.float() (float32), so float64 logits raise RuntimeError in
# torch.dot: it only runs in float32. Written for this corpus, not copied.
"""
Lovasz hinge (binary) and Lovasz-Softmax (multiclass) losses, after Berman et al., CVPR 2018.
"""

from __future__ import print_function, division
from typing import Optional

import torch
import torch.nn.functional as F
from torch.nn.modules.loss import _Loss
from .constants import BINARY_MODE, MULTICLASS_MODE, MULTILABEL_MODE

from itertools import filterfalse

__all__ = ["LovaszLoss"]


def _lovasz_grad(gt_sorted):
    """Gradient of the Lovasz extension of the Jaccard loss with respect to errors sorted in
    decreasing order (Algorithm 1 of the paper)."""
    fg = gt_sorted.float()
    total = gt_sorted.sum()
    inter = total - fg.cumsum(0)
    union = total + (1 - fg).cumsum(0)
    iou_loss = 1.0 - inter / union
    if fg.numel() > 1:
        iou_loss = torch.cat([iou_loss[:1], iou_loss[1:] - iou_loss[:-1]])
    return iou_loss


def _lovasz_hinge(logits, labels, per_image=True, ignore=None):
    """
    Binary Lovasz hinge.
        logits: [B, H, W] scores
        labels: [B, H, W] 0/1 masks
        per_image: average per-image losses instead of one loss over the batch
        ignore: label value left out
    """
    if not per_image:
        return _lovasz_hinge_flat(*_flatten_binary_scores(logits, labels, ignore))
    return mean(
        _lovasz_hinge_flat(*_flatten_binary_scores(img[None], lab[None], ignore))
        for img, lab in zip(logits, labels)
    )


def _lovasz_hinge_flat(logits, labels):
    """Binary Lovasz hinge on flat [P] logits and [P] 0/1 labels."""
    if labels.numel() == 0:
        # nothing left after ignoring: a zero that still has a gradient
        return logits.sum() * 0.0
    margins = 1.0 - logits * (2.0 * labels.float() - 1.0)
    ordered, order = torch.sort(margins, dim=0, descending=True)
    weights = _lovasz_grad(labels[order.data])
    return torch.dot(F.relu(ordered), weights)


def _flatten_binary_scores(scores, labels, ignore=None):
    """Flatten a batch of binary scores and labels, dropping `ignore` labels."""
    scores, labels = scores.reshape(-1), labels.reshape(-1)
    if ignore is not None:
        keep = labels != ignore
        scores, labels = scores[keep], labels[keep]
    return scores, labels


# --------------------------- multiclass ---------------------------


def _lovasz_softmax(probas, labels, classes="present", per_image=False, ignore=None):
    """Multiclass Lovasz-Softmax.
    Args:
        @param probas: [B, C, H, W] class probabilities ([B, H, W] is read as one sigmoid channel)
        @param labels: [B, H, W] class ids
        @param classes: 'all', 'present' (classes in labels) or a list of classes
        @param per_image: average per-image losses
        @param ignore: label value left out
    """
    if not per_image:
        return _lovasz_softmax_flat(*_flatten_probas(probas, labels, ignore), classes=classes)
    return mean(
        _lovasz_softmax_flat(*_flatten_probas(p[None], l[None], ignore), classes=classes)
        for p, l in zip(probas, labels)
    )


def _lovasz_softmax_flat(probas, labels, classes="present"):
    """Multiclass Lovasz-Softmax on [P, C] probabilities and [P] labels."""
    if probas.numel() == 0:
        return probas * 0.0
    n_class = probas.size(1)
    chosen = list(range(n_class)) if classes in ["all", "present"] else classes
    per_class = []
    for c in chosen:
        fg = (labels == c).type_as(probas)
        if classes == "present" and not fg.any():
            continue
        if n_class == 1:
            if len(classes) > 1:
                raise ValueError("a sigmoid output has a single class")
            pred = probas[:, 0]
        else:
            pred = probas[:, c]
        ordered, order = torch.sort((fg - pred).abs(), 0, descending=True)
        per_class.append(torch.dot(ordered, _lovasz_grad(fg[order.data])))
    return mean(per_class)


def _flatten_probas(probas, labels, ignore=None):
    """[B, C, ...] probabilities -> [P, C]; labels -> [P]; `ignore` labels dropped."""
    if probas.dim() == 3:
        probas = probas.unsqueeze(1)       # a sigmoid output
    n_class = probas.size(1)
    probas = torch.movedim(probas, 1, -1).reshape(-1, n_class)
    labels = labels.reshape(-1)
    if ignore is not None:
        keep = labels != ignore
        probas, labels = probas[keep], labels[keep]
    return probas, labels


# --------------------------- helpers ---------------------------
def isnan(x):
    return x != x


def mean(values, ignore_nan=False, empty=0):
    """Mean of any iterable (a generator too), optionally skipping NaNs."""
    it = iter(values)
    if ignore_nan:
        it = filterfalse(isnan, it)
    total, count = None, 0
    for v in it:
        total = v if total is None else total + v
        count += 1
    if count == 0:
        if empty == "raise":
            raise ValueError("mean of nothing")
        return empty
    return total if count == 1 else total / count


class LovaszLoss(_Loss):
    def __init__(
        self,
        mode: str,
        per_image: bool = False,
        ignore_index: Optional[int] = None,
        from_logits: bool = True,
    ):
        """Lovasz loss for segmentation (binary, multiclass or multilabel).

        Args:
            mode: 'binary', 'multiclass' or 'multilabel'.
            ignore_index: label value left out.
            per_image: one loss per image, averaged, instead of one over the batch.

        Shape
             - **y_pred** - (N, C, H, W)
             - **y_true** - (N, H, W) or (N, C, H, W)
        """
        assert mode in {BINARY_MODE, MULTILABEL_MODE, MULTICLASS_MODE}
        super().__init__()
        self.mode = mode
        self.ignore_index = ignore_index
        self.per_image = per_image

    def forward(self, y_pred, y_true):
        if self.mode == MULTICLASS_MODE:
            return _lovasz_softmax(
                y_pred.softmax(dim=1), y_true, per_image=self.per_image, ignore=self.ignore_index
            )
        if self.mode in {BINARY_MODE, MULTILABEL_MODE}:
            return _lovasz_hinge(y_pred, y_true, per_image=self.per_image, ignore=self.ignore_index)
        raise ValueError("unknown mode {}".format(self.mode))
