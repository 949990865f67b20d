# In the shape of zfjsail/gae-pytorch/gae/optimizer.py (licence not checked) at the revision issue #4
# of that repository reports: pos_weight arrives from train.py as a NumPy float and PyTorch raises
# a TypeError. A known miss: the number is computed in another file.
# Written for this corpus, not copied.
import torch
import torch.nn.functional as F


def loss_function(preds, labels, mu, logvar, n_nodes, norm, pos_weight):
    cost = norm * F.binary_cross_entropy_with_logits(preds, labels, pos_weight=pos_weight)
    # Appendix B of Kingma and Welling, Auto-Encoding Variational Bayes (ICLR 2014).
    KLD = -0.5 / n_nodes * torch.mean(torch.sum(1 + 2 * logvar - mu.pow(2) - logvar.exp().pow(2), 1))
    return cost + KLD
