# In the shape of KaiyangZhou/pytorch-center-loss/center_loss.py (MIT): an nn.Module
# `CenterLoss(num_classes=10, feat_dim=2, use_gpu=True)` that calls .cuda() in its constructor by
# default, owns a float32 nn.Parameter of class centres (float64 features then fail in addmm_ unless
# the module is converted with .double()), and uses the deprecated positional
# addmm_(beta, alpha, mat1, mat2) signature in forward(x, labels). Written for this corpus, not
# copied.
import torch
import torch.nn as nn

class CenterLoss(nn.Module):
    """Centre loss (Wen et al., ECCV 2016): squared distance of each feature to its class centre.

    Args:
        num_classes (int): how many classes.
        feat_dim (int): feature size.
        use_gpu (bool): keep the centres on CUDA.
    """
    def __init__(self, num_classes=10, feat_dim=2, use_gpu=True):
        super(CenterLoss, self).__init__()
        self.num_classes = num_classes
        self.feat_dim = feat_dim
        self.use_gpu = use_gpu

        start = torch.randn(num_classes, feat_dim)
        if use_gpu:
            start = start.cuda()
        self.centers = nn.Parameter(start)

    def forward(self, x, labels):
        """
        Args:
            x: features, (batch_size, feat_dim).
            labels: class ids, (batch_size,).
        """
        n = x.size(0)
        x_sq = (x * x).sum(dim=1, keepdim=True).expand(n, self.num_classes)
        c_sq = (self.centers * self.centers).sum(dim=1).unsqueeze(0).expand(n, self.num_classes)
        dists = x_sq + c_sq
        # ||x||^2 + ||c||^2 - 2 x.c, in place (old beta, alpha positional form)
        dists.addmm_(1, -2, x, self.centers.t())

        ids = torch.arange(self.num_classes).long()
        if self.use_gpu:
            ids = ids.cuda()
        own = labels.unsqueeze(1).expand(n, self.num_classes).eq(ids.expand(n, self.num_classes))

        picked = dists * own.float()
        return picked.clamp(min=1e-12, max=1e+12).sum() / n
