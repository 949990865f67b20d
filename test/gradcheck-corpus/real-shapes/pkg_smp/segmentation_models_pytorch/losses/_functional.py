# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/_functional.py
# (MIT): typed functional losses of a package module with an `__all__`: focal losses on logits
# (binary and softmax), SCORES named after losses (`soft_dice_score`, `soft_jaccard_score`,
# `soft_tversky_score` with REQUIRED alpha and beta, computed through an L1 norm of output -
# target), `wing_loss`, and `label_smoothed_nll_loss(lprobs, target, epsilon, ...)` whose `epsilon`
# has no default. Written for this corpus, not copied.
import math
import numpy as np

from typing import Optional

import torch
import torch.nn.functional as F

__all__ = [
    "focal_loss_with_logits",
    "softmax_focal_loss_with_logits",
    "soft_jaccard_score",
    "soft_dice_score",
    "wing_loss",
]


def to_tensor(x, dtype=None) -> torch.Tensor:
    if isinstance(x, (list, tuple)):
        x = np.array(x)
    if isinstance(x, np.ndarray):
        x = torch.from_numpy(x)
    if isinstance(x, torch.Tensor):
        return x if dtype is None else x.type(dtype)
    return None


def focal_loss_with_logits(
    output: torch.Tensor,
    target: torch.Tensor,
    gamma: float = 2.0,
    alpha: Optional[float] = 0.25,
    reduction: str = "mean",
    normalized: bool = False,
    reduced_threshold: Optional[float] = None,
    eps: float = 1e-6,
) -> torch.Tensor:
    """Binary focal loss of logits `output` against 0/1 `target` (same shape).

    Args:
        output: logits, any shape.
        target: 0/1 targets, the shape of output.
        gamma: focusing exponent.
        alpha: weight of positives in [0, 1], or None for no weighting.
        reduction: 'none' | 'mean' | 'sum' | 'batchwise_mean' (sum over the first axis).
        normalized: divide by the sum of the focal terms (arXiv:1909.07829).
        reduced_threshold: reduced focal loss (arXiv:1903.01347).
    """
    target = target.to(output)
    bce = F.binary_cross_entropy_with_logits(output, target, reduction="none")
    p_true = torch.exp(-bce)

    if reduced_threshold is not None:
        focal = ((1.0 - p_true) / reduced_threshold).pow(gamma)
        focal = torch.where(p_true < reduced_threshold, torch.ones_like(focal), focal)
    else:
        focal = (1.0 - p_true).pow(gamma)

    loss = focal * bce
    if alpha is not None:
        loss = loss * (target * alpha + (1 - target) * (1 - alpha))
    if normalized:
        loss = loss / focal.sum().clamp_min(eps)

    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "batchwise_mean":
        return loss.sum(0)
    return loss


def softmax_focal_loss_with_logits(
    output: torch.Tensor,
    target: torch.Tensor,
    gamma: float = 2.0,
    reduction="mean",
    normalized=False,
    reduced_threshold: Optional[float] = None,
    eps: float = 1e-6,
) -> torch.Tensor:
    """Softmax focal loss: `output` [B, C, *] logits, `target` [B, *] class ids (as nn.CrossEntropyLoss).

    Args:
        reduction: 'none' | 'mean' | 'sum' | 'batchwise_mean'.
        normalized: divide by the sum of the focal terms.
        reduced_threshold: reduced focal loss threshold.
    """
    nll = F.nll_loss(F.log_softmax(output, dim=1), target, reduction="none")
    p_true = torch.exp(-nll)

    if reduced_threshold is not None:
        focal = ((1.0 - p_true) / reduced_threshold).pow(gamma)
        focal = torch.where(p_true < reduced_threshold, torch.ones_like(focal), focal)
    else:
        focal = (1.0 - p_true).pow(gamma)

    loss = focal * nll
    if normalized:
        loss = loss / focal.sum().clamp_min(eps)

    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "batchwise_mean":
        return loss.sum(0)
    return loss


def soft_jaccard_score(
    output: torch.Tensor,
    target: torch.Tensor,
    smooth: float = 0.0,
    eps: float = 1e-7,
    dims=None,
) -> torch.Tensor:
    assert output.size() == target.size()
    return soft_tversky_score(output, target, 1.0, 1.0, smooth, eps, dims)


def soft_dice_score(
    output: torch.Tensor,
    target: torch.Tensor,
    smooth: float = 0.0,
    eps: float = 1e-7,
    dims=None,
) -> torch.Tensor:
    assert output.size() == target.size()
    return soft_tversky_score(output, target, 0.5, 0.5, smooth, eps, dims)


def soft_tversky_score(
    output: torch.Tensor,
    target: torch.Tensor,
    alpha: float,
    beta: float,
    smooth: float = 0.0,
    eps: float = 1e-7,
    dims=None,
) -> torch.Tensor:
    """Tversky loss

    TP / (TP + alpha FP + beta FN) with soft counts; alpha = beta = 0.5 gives Dice, 1 and 1
    Jaccard. TP comes from the L1 distance: (sum o + sum t - |o - t|_1) / 2.
    """
    assert output.size() == target.size()
    if dims is None:
        o_sum, t_sum = output.sum(), target.sum()
        l1 = (output - target).abs().sum()
    else:
        o_sum, t_sum = output.sum(dim=dims), target.sum(dim=dims)
        l1 = (output - target).abs().sum(dim=dims)

    tp = 0.5 * (o_sum + t_sum - l1)
    fp = o_sum - tp
    fn = t_sum - tp
    denominator = (tp + alpha * fp + beta * fn + smooth).clamp_min(eps)
    return (tp + smooth) / denominator


def wing_loss(
    output: torch.Tensor, target: torch.Tensor, width=5, curvature=0.5, reduction="mean"
):
    """Wing loss (arXiv:1711.06753): logarithmic for small errors, linear beyond `width`."""
    err = (output - target).abs()
    offset = width - width * math.log(1 + width / curvature)
    loss = torch.where(err < width, width * torch.log1p(err / curvature), err - offset)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def label_smoothed_nll_loss(
    lprobs: torch.Tensor,
    target: torch.Tensor,
    epsilon: float,
    ignore_index=None,
    reduction="mean",
    dim=-1,
) -> torch.Tensor:
    """Negative log-likelihood with label smoothing, from log-probabilities `lprobs` (after a
    log_softmax) and class ids `target`; the fairseq criterion.
    """
    if target.ndim + 1 == lprobs.ndim:
        target = target.unsqueeze(dim)

    if ignore_index is None:
        nll = -lprobs.gather(dim=dim, index=target).squeeze(dim)
        spread = -lprobs.sum(dim=dim)
    else:
        padded = target == ignore_index
        picked = lprobs.gather(dim=dim, index=target.masked_fill(padded, 0))
        nll = (-picked).masked_fill(padded, 0.0)
        spread = (-lprobs.sum(dim=dim, keepdim=True)).masked_fill(padded, 0.0)

    if reduction == "mean":
        nll, spread = nll.mean(), spread.mean()
    elif reduction == "sum":
        nll, spread = nll.sum(), spread.sum()

    per_class = epsilon / lprobs.size(dim)
    return (1.0 - epsilon) * nll + per_class * spread
