"""Losses in PyTorch: an nn.Module, a torch.autograd.Function, and a plain function.

The grad-check lens uses the gradient each one really has: the hand-written backward() of the
autograd.Function, and autograd for the others. So the lens also catches a backward() that does
not match its forward().
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    """Binary focal loss on logits (Lin et al., 2017), as torchvision's sigmoid_focal_loss.

    Cross-entropy scaled by (1 - p_t)^gamma, where p_t is the probability given to the true
    class: examples the model already gets right (p_t near 1) fade out, so training focuses on
    the hard ones. alpha weighs positives against negatives; alpha < 0 turns the weighting off.
    """

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0):
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        p = torch.sigmoid(logits)
        # BCE from logits, not from p: log(sigmoid(x)) computed directly stays finite for x = -100.
        ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        p_t = p * targets + (1 - p) * (1 - targets)
        loss = ce * (1 - p_t) ** self.gamma
        if self.alpha >= 0:
            alpha_t = self.alpha * targets + (1 - self.alpha) * (1 - targets)
            loss = alpha_t * loss
        return loss.mean()


class SquaredHingeLoss(torch.autograd.Function):
    """mean(max(0, 1 - y f)^2) for scores f and labels y in {-1, +1}, with backward by hand.

    Squaring the hinge makes it differentiable at the margin, which the plain hinge is not.
    """

    @staticmethod
    def forward(ctx, scores: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        slack = torch.clamp(1 - labels * scores, min=0)
        ctx.save_for_backward(labels, slack)
        return slack.pow(2).mean()

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor):
        labels, slack = ctx.saved_tensors
        # d/df max(0, 1 - y f)^2 = -2 y max(0, 1 - y f); the mean divides by n.
        grad_scores = -2 * labels * slack / slack.numel()
        return grad_output * grad_scores, None  # no gradient for the labels


def log_cosh_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """mean(log(cosh(a - y))): like MSE for small errors, like MAE for large ones.

    No paired gradient: autograd provides it. cosh(800) overflows, so use the identity
    log(cosh(r)) = |r| + log1p(exp(-2|r|)) - log(2), which stays finite.
    """
    r = (pred - target).abs()
    return torch.mean(r + torch.log1p(torch.exp(-2 * r)) - math.log(2.0))


def dice_loss(probs: torch.Tensor, masks: torch.Tensor, smooth: float = 1.0) -> torch.Tensor:
    """1 - Dice coefficient per sample, averaged: the overlap loss of image segmentation.

    `smooth` keeps the ratio defined for empty masks and softens the gradient for tiny ones.
    """
    dims = tuple(range(1, probs.dim()))
    overlap = (probs * masks).sum(dims)
    total = probs.sum(dims) + masks.sum(dims)
    return (1 - (2 * overlap + smooth) / (total + smooth)).mean()
