# In the shape of pytorch/vision/torchvision/ops/focal_loss.py (BSD-3-Clause): a typed functional
# loss `sigmoid_focal_loss(inputs, targets, alpha: float = 0.25, gamma: float = 2, reduction: str =
# "none")` on logits and 0/1 float targets that returns PER-ELEMENT losses by default.
# Written for this corpus, not copied.
import torch
import torch.nn.functional as F


def sigmoid_focal_loss(
    inputs: torch.Tensor,
    targets: torch.Tensor,
    alpha: float = 0.25,
    gamma: float = 2,
    reduction: str = "none",
):
    """
    Focal loss for dense detection (Lin et al., 2017) on raw scores.

    Args:
        inputs: logits of any shape.
        targets: 0/1 floats, the shape of inputs.
        alpha: weight of the positive class in (0, 1); a negative value turns weighting off.
        gamma: focusing exponent on (1 - p_t).
        reduction: 'none' (per element), 'mean' or 'sum'.
    Returns:
        The loss, reduced as asked.
    """
    prob = inputs.sigmoid()
    bce = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_true = targets * prob + (1 - targets) * (1 - prob)
    out = bce * (1 - p_true).pow(gamma)
    if alpha >= 0:
        out = out * (targets * alpha + (1 - targets) * (1 - alpha))

    if reduction == "sum":
        return out.sum()
    if reduction == "mean":
        return out.mean()
    return out
