# In the shape of banctilrobitaille/kerosene/kerosene/nn/functional.py (MIT): a one-argument
# functional `jensen_shannon_div(inputs)` on a 3-D tensor of K distributions per sample (B, K, C),
# named with `div` rather than `divergence`. As in the repository, the (B, C) mixture is broadcast
# against the (B, K, C) input from the right, so it only runs when B == 1 or B == K.
# Written for this corpus, not copied.
import torch
import torch.nn.functional as F


def jensen_shannon_div(inputs):
    mixture = inputs.mean(dim=1)                      # (B, C)
    pointwise = F.kl_div(mixture.log(), inputs, reduction='none')
    return pointwise.sum(dim=2).mean()
