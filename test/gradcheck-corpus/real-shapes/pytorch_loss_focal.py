# In the shape of CoinCheung/pytorch-loss/pytorch_loss/focal_loss.py (MIT): version-suffixed
# nn.Module losses with defaulted constructor arguments (alpha=0.25, gamma=2, reduction='mean')
# taking (logits, label) with int64 0/1 labels: FocalLossV1 casts the logits to float32 inside
# (logits.float()) and uses autograd; FocalSigmoidLossFuncV2 is a torch.autograd.Function with
# static forward(ctx, logits, label, alpha, gamma) (float32 inside, per-element losses) and a
# hand-written backward; FocalLossV2 calls it through .apply. Written for this corpus, not copied.

import torch
import torch.nn as nn
import torch.nn.functional as F


##
# first version: plain autograd
class FocalLossV1(nn.Module):

    def __init__(self,
                 alpha=0.25,
                 gamma=2,
                 reduction='mean',):
        super(FocalLossV1, self).__init__()
        self.alpha = alpha
        self.gamma = gamma
        self.reduction = reduction
        self.crit = nn.BCEWithLogitsLoss(reduction="none")

    def forward(self, logits, label):
        '''
        logits: (N, ...) scores; label: (N, ...) 0/1 of the same shape
        '''
        logits = logits.float()  # work in fp32 even for fp16 input
        positive = label == 1
        with torch.no_grad():
            weight = torch.where(positive, torch.full_like(logits, self.alpha),
                                 torch.full_like(logits, 1 - self.alpha))

        p = logits.sigmoid()
        p_true = torch.where(positive, p, 1 - p)
        bce = self.crit(logits, label.to(torch.float64))
        loss = weight * (1 - p_true).pow(self.gamma) * bce
        if self.reduction == 'sum':
            return loss.sum()
        if self.reduction == 'mean':
            return loss.mean()
        return loss


##
# second version: the gradient derived by hand
class FocalSigmoidLossFuncV2(torch.autograd.Function):
    '''
    forward and backward written out for numerical stability
    '''
    @staticmethod
    def forward(ctx, logits, label, alpha, gamma):
        logits = logits.float()
        positive = label == 1
        weight = torch.where(positive, torch.full_like(logits, alpha),
                             torch.full_like(logits, 1 - alpha))

        p = torch.sigmoid(logits)
        log_p = F.logsigmoid(logits)        # log p
        log_1mp = F.logsigmoid(-logits)     # log (1 - p)

        ctx.save_for_backward(logits, weight, positive)
        ctx.gamma = gamma

        pos_term = (1 - p).pow(gamma) * log_p
        neg_term = p.pow(gamma) * log_1mp
        return -weight * torch.where(positive, pos_term, neg_term)

    @staticmethod
    def backward(ctx, grad_output):
        '''
        d loss / d logits, element by element
        '''
        logits, weight, positive = ctx.saved_tensors
        g = ctx.gamma
        p = torch.sigmoid(logits)
        log_p = F.logsigmoid(logits)
        log_1mp = F.logsigmoid(-logits)

        # positives: -(1-p)^g (1 - p - g p log p);  negatives: p^g (p - g (1-p) log(1-p))
        d_pos = -(1 - p).pow(g) * (1 - p - g * p * log_p)
        d_neg = p.pow(g) * (p - g * (1 - p) * log_1mp)
        grads = weight * torch.where(positive, d_pos, d_neg) * grad_output
        return grads, None, None, None


class FocalLossV2(nn.Module):
    '''
    the same loss through the hand-derived gradient
    '''
    def __init__(self,
                 alpha=0.25,
                 gamma=2,
                 reduction='mean'):
        super(FocalLossV2, self).__init__()
        self.alpha = alpha
        self.gamma = gamma
        self.reduction = reduction

    def forward(self, logits, label):
        per_elem = FocalSigmoidLossFuncV2.apply(logits, label, self.alpha, self.gamma)
        if self.reduction == 'sum':
            return per_elem.sum()
        if self.reduction == 'mean':
            return per_elem.mean()
        return per_elem
