# In the shape of CoinCheung/pytorch-loss/pytorch_loss/label_smooth.py (MIT): version-suffixed
# nn.Module losses `(lb_smooth=0.1, reduction='mean', ignore_index=-100)` on (logits, label) with
# an ignore index: LabelSmoothSoftmaxCEV1 casts to float32 inside and builds its smoothed one-hot
# under torch.no_grad(); LSRCrossEntropyFunctionV2 is a torch.autograd.Function whose static
# forward/backward are decorated with torch.cuda.amp's custom_fwd(cast_inputs=torch.float32) /
# custom_bwd and returns per-sample losses; LabelSmoothSoftmaxCEV2 wraps it (its forward argument is
# `labels`). Written for this corpus, not copied.


import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.cuda.amp as amp


##
# first version: autograd does the backward pass
class LabelSmoothSoftmaxCEV1(nn.Module):
    '''
    Label-smoothed softmax cross-entropy; see LabelSmoothSoftmaxCEV2 for the hand-written gradient.
    '''

    def __init__(self, lb_smooth=0.1, reduction='mean', ignore_index=-100):
        super(LabelSmoothSoftmaxCEV1, self).__init__()
        self.lb_smooth = lb_smooth
        self.reduction = reduction
        self.lb_ignore = ignore_index
        self.log_softmax = nn.LogSoftmax(dim=1)

    def forward(self, logits, label):
        '''
        Called like nn.CrossEntropyLoss:
            >>> crit = LabelSmoothSoftmaxCEV1()
            >>> scores = torch.randn(2, 5, 8, 8)        # n, c, h, w
            >>> target = torch.randint(0, 5, (2, 8, 8))  # n, h, w, int64
            >>> value = crit(scores, target)
        '''
        logits = logits.float()  # fp32 keeps the log-softmax finite
        n_class = logits.size(1)
        with torch.no_grad():
            skipped = label == self.lb_ignore
            n_valid = (~skipped).sum()
            safe_label = label.masked_fill(skipped, 0)
            on = 1.0 - self.lb_smooth
            off = self.lb_smooth / n_class
            smooth = torch.full_like(logits, off)
            smooth.scatter_(1, safe_label.unsqueeze(1), on)

        per_item = -(self.log_softmax(logits) * smooth).sum(dim=1)
        per_item = per_item.masked_fill(skipped, 0.0)
        if self.reduction == 'mean':
            return per_item.sum() / n_valid
        if self.reduction == 'sum':
            return per_item.sum()
        return per_item



##
# second version: the gradient written by hand
class LSRCrossEntropyFunctionV2(torch.autograd.Function):

    @staticmethod
    @amp.custom_fwd(cast_inputs=torch.float32)
    def forward(ctx, logits, label, lb_smooth, lb_ignore):
        n_class = logits.size(1)
        on, off = 1.0 - lb_smooth, lb_smooth / n_class
        skipped = label == lb_ignore
        safe_label = label.masked_fill(skipped, 0)
        smooth = torch.full_like(logits, off)
        smooth.scatter_(1, safe_label.unsqueeze(1), on)
        smooth = smooth.masked_fill(skipped.unsqueeze(1), 0.0)
        row_mass = on + (n_class - 1) * off   # total target mass of a kept row

        ctx.save_for_backward(logits, smooth, skipped)
        ctx.row_mass = row_mass

        return -(torch.log_softmax(logits, dim=1) * smooth).sum(dim=1)

    @staticmethod
    @amp.custom_bwd
    def backward(ctx, grad_output):
        logits, smooth, skipped = ctx.saved_tensors
        grad = torch.softmax(logits, dim=1) * ctx.row_mass - smooth
        grad = grad * grad_output.unsqueeze(1)
        grad = grad.masked_fill(skipped.unsqueeze(1), 0.0)
        return grad, None, None, None


class LabelSmoothSoftmaxCEV2(nn.Module):

    def __init__(self, lb_smooth=0.1, reduction='mean', ignore_index=-100):
        super(LabelSmoothSoftmaxCEV2, self).__init__()
        self.lb_smooth = lb_smooth
        self.reduction = reduction
        self.lb_ignore = ignore_index

    def forward(self, logits, labels):
        '''
        Called like nn.CrossEntropyLoss, e.g. crit(torch.randn(2, 5, 8, 8), torch.randint(0, 5, (2, 8, 8))).
        '''
        per_item = LSRCrossEntropyFunctionV2.apply(logits, labels, self.lb_smooth, self.lb_ignore)
        if self.reduction == 'mean':
            return per_item.sum() / (labels != self.lb_ignore).sum()
        if self.reduction == 'sum':
            return per_item.sum()
        return per_item
