# In the shape of HobbitLong/SupContrast/losses.py (BSD-2-Clause): an nn.Module
# `SupConLoss(temperature=0.07, contrast_mode='all', base_temperature=0.07)` whose
# forward(features, labels=None, mask=None) needs 3-D features [bsz, n_views, dim] (a 2-D input
# raises ValueError) and optional int labels, with a device chosen from features.is_cuda.
# Written for this corpus, not copied.
"""
Supervised contrastive loss (Khosla et al., 2020); with neither labels nor mask it is SimCLR's
unsupervised loss.
"""
from __future__ import print_function

import torch
import torch.nn as nn


class SupConLoss(nn.Module):
    """Supervised contrastive loss: https://arxiv.org/abs/2004.11362 (SimCLR when unlabelled)."""
    def __init__(self, temperature=0.07, contrast_mode='all',
                 base_temperature=0.07):
        super(SupConLoss, self).__init__()
        self.temperature = temperature
        self.contrast_mode = contrast_mode
        self.base_temperature = base_temperature

    def forward(self, features, labels=None, mask=None):
        """
        Args:
            features: [bsz, n_views, ...] embeddings (normalised by the caller).
            labels: [bsz] class ids, or None.
            mask: [bsz, bsz] 0/1, mask[i, j] = 1 when j is a positive of i, or None.
        Returns:
            A scalar loss.
        """
        device = torch.device('cuda') if features.is_cuda else torch.device('cpu')

        if features.dim() < 3:
            raise ValueError('features must be [bsz, n_views, ...]: '
                             'three dimensions at least')
        bsz, n_views = features.shape[0], features.shape[1]
        features = features.reshape(bsz, n_views, -1)

        if labels is not None and mask is not None:
            raise ValueError('give labels or mask, not both')
        if labels is not None:
            labels = labels.reshape(-1, 1)
            if labels.shape[0] != bsz:
                raise ValueError('one label per sample is needed')
            positives = (labels == labels.T).float().to(device)
        elif mask is not None:
            positives = mask.float().to(device)
        else:
            positives = torch.eye(bsz, dtype=torch.float32, device=device)

        # all views stacked view-major: row v * bsz + i is view v of sample i
        every_view = features.transpose(0, 1).reshape(n_views * bsz, -1)
        if self.contrast_mode == 'all':
            anchors, n_anchor_views = every_view, n_views
        elif self.contrast_mode == 'one':
            anchors, n_anchor_views = features[:, 0], 1
        else:
            raise ValueError('contrast_mode must be one or all, not {}'.format(self.contrast_mode))

        sim = anchors @ every_view.T / self.temperature
        sim = sim - sim.max(dim=1, keepdim=True)[0].detach()

        n_rows = n_anchor_views * bsz
        not_self = torch.ones_like(sim)
        not_self[torch.arange(n_rows), torch.arange(n_rows)] = 0
        positives = positives.repeat(n_anchor_views, n_views) * not_self

        log_denominator = torch.log((sim.exp() * not_self).sum(dim=1, keepdim=True))
        log_prob = sim - log_denominator
        mean_pos = (positives * log_prob).sum(dim=1) / positives.sum(dim=1)

        per_anchor = -(self.temperature / self.base_temperature) * mean_pos
        return per_anchor.reshape(n_anchor_views, bsz).mean()
