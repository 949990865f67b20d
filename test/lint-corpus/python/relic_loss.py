# In the shape of NightShade99/Self-Supervised-Vision's RelicLoss (no licence file found), as issue
# #5 of that repository describes it: F.kl_div's input is a softmax where log_softmax is meant
# (the target is log-probabilities with log_target=True, which is right).
# Written for this corpus, not copied.
import torch
import torch.nn as nn
import torch.nn.functional as F


class RelicLoss(nn.Module):
    def __init__(self, normalization=True, temperature=1.0, alpha=0.5):
        super().__init__()
        self.normalization = normalization
        self.temperature = temperature
        self.alpha = alpha

    def forward(self, zi, zj, z_orig):
        bs = zi.shape[0]
        labels = torch.zeros((2 * bs,)).long().to(zi.device)
        mask = torch.ones((bs, bs), dtype=torch.bool).fill_diagonal_(0)
        if self.normalization:
            zi, zj, z_orig = F.normalize(zi, dim=-1), F.normalize(zj, dim=-1), F.normalize(z_orig, dim=-1)
        logits_io = torch.mm(zi, z_orig.t()) / self.temperature
        logits_jo = torch.mm(zj, z_orig.t()) / self.temperature
        probs_io = F.softmax(logits_io[torch.logical_not(mask)], -1)
        probs_jo = F.log_softmax(logits_jo[torch.logical_not(mask)], -1)
        kl_div_loss = F.kl_div(probs_io, probs_jo, log_target=True, reduction="sum")  # expect: log-probability-input
        logits = torch.cat([torch.mm(zi, zj.t()), torch.mm(zj, zi.t())], dim=0) / self.temperature
        contrastive = F.cross_entropy(logits, labels)
        return contrastive + self.alpha * kl_div_loss
