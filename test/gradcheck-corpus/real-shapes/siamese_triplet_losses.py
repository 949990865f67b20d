# In the shape of adambielski/siamese-triplet/losses.py (BSD-3-Clause): nn.Module losses with a
# REQUIRED constructor argument `margin` (no default) and more than two tensors:
# ContrastiveLoss.forward(output1, output2, target, size_average=True) with an int 0/1 target cast
# by .float(), and TripletLoss.forward(anchor, positive, negative, size_average=True).
# Written for this corpus, not copied.
import torch
import torch.nn as nn
import torch.nn.functional as F


class ContrastiveLoss(nn.Module):
    """
    Pulls together embeddings labelled 1 (same class), pushes apart those labelled 0 until their
    distance reaches the margin.
    """

    def __init__(self, margin):
        super(ContrastiveLoss, self).__init__()
        self.margin = margin

    def forward(self, output1, output2, target, size_average=True):
        sq_dist = ((output1 - output2) ** 2).sum(dim=1)
        same = target.float()
        hinge = F.relu(self.margin - torch.sqrt(sq_dist))
        per_pair = 0.5 * (same * sq_dist + (1 - same) * hinge ** 2)
        if size_average:
            return per_pair.mean()
        return per_pair.sum()


class TripletLoss(nn.Module):
    """
    The anchor must be closer to the positive than to the negative by at least the margin
    (squared distances).
    """

    def __init__(self, margin):
        super(TripletLoss, self).__init__()
        self.margin = margin

    def forward(self, anchor, positive, negative, size_average=True):
        d_pos = (anchor - positive).pow(2).sum(dim=1)
        d_neg = (anchor - negative).pow(2).sum(dim=1)
        per_triplet = F.relu(self.margin + d_pos - d_neg)
        return per_triplet.mean() if size_average else per_triplet.sum()
