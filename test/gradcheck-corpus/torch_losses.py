"""PyTorch losses: autograd, custom autograd.Function backward passes and nn.Module losses."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * (1 - p_t) ** gamma
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return (alpha_t * loss).mean()


def smooth_l1_loss(pred: torch.Tensor, target: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    diff = torch.abs(pred - target)
    return torch.where(diff < beta, 0.5 * diff ** 2 / beta, diff - 0.5 * beta).mean()


class SquaredError(torch.autograd.Function):
    """A hand-written backward that is right."""

    @staticmethod
    def forward(ctx, pred, target):
        ctx.save_for_backward(pred, target)
        return ((pred - target) ** 2).mean()

    @staticmethod
    def backward(ctx, grad_output):
        pred, target = ctx.saved_tensors
        g = 2.0 * (pred - target) / pred.numel()
        return grad_output * g, -grad_output * g


class BrokenSquaredError(torch.autograd.Function):
    """A hand-written backward with the sign flipped."""

    @staticmethod
    def forward(ctx, pred, target):
        ctx.save_for_backward(pred, target)
        return ((pred - target) ** 2).mean()

    @staticmethod
    def backward(ctx, grad_output):
        pred, target = ctx.saved_tensors
        g = 2.0 * (target - pred) / pred.numel()
        return grad_output * g, None


class DiceLoss(nn.Module):
    def __init__(self, smooth=1.0):
        super().__init__()
        self.smooth = smooth

    def forward(self, probs, masks):
        inter = (probs * masks).sum()
        return 1 - (2 * inter + self.smooth) / (probs.sum() + masks.sum() + self.smooth)


def float32_mse_loss(pred, target):
    # Forces float32: the check says so and widens the tolerance.
    return ((pred.float() - target.float()) ** 2).mean()


def nll_from_logits(logits, labels):
    return F.cross_entropy(logits, labels)


class Net(nn.Module):
    """Not a loss: never instantiated."""

    def __init__(self):
        super().__init__()
        raise RuntimeError("Net must not be built")

    def forward(self, x):
        return x
