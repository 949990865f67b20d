# In the shape of itakurah/focal-loss-pytorch's binary focal loss (licence not checked), as pull
# request #5 describes it ("F.binary_cross_entropy_with_logits already applies a sigmoid"): the
# BCE term is computed on probabilities.
# Written for this corpus, not copied.
import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, gamma=2.0, alpha=None, reduction="mean", task_type="binary"):
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha
        self.reduction = reduction
        self.task_type = task_type

    def forward(self, inputs, targets):
        if self.task_type == "binary":
            return self.binary_focal_loss(inputs, targets)
        raise ValueError(f"unsupported task type {self.task_type}")

    def binary_focal_loss(self, inputs, targets):
        probs = torch.sigmoid(inputs)
        targets = targets.float()
        bce_loss = F.binary_cross_entropy_with_logits(probs, targets, reduction="none")  # expect: sigmoid-before-logits-loss
        p_t = probs * targets + (1 - probs) * (1 - targets)
        loss = bce_loss * ((1 - p_t) ** self.gamma)
        if self.alpha is not None:
            alpha_t = self.alpha * targets + (1 - self.alpha) * (1 - targets)
            loss = alpha_t * loss
        if self.reduction == "mean":
            return loss.mean()
        if self.reduction == "sum":
            return loss.sum()
        return loss
