# In the shape of pytorch/examples/vae/main.py (BSD-3-Clause): a VAE `loss_function(recon_x, x, mu,
# logvar)` with four tensors, where x is flattened with x.view(-1, 784) (so the data axis must be
# exactly 784) and recon_x must be a probability (binary_cross_entropy), plus the continuous
# Bernoulli log-normaliser helpers `atanh` and `cont_bern_log_norm(lam, l_lim=0.49, u_lim=0.51)`
# (a Taylor branch inside [0.49, 0.51]). Written for this corpus, not copied.
from __future__ import print_function
import torch
import torch.utils.data
from torch import nn, optim
from torch.nn import functional as F


def atanh(x):
    # artanh(x) = log((1 + x) / (1 - x)) / 2
    return (torch.log1p(x) - torch.log1p(-x)) / 2

def cont_bern_log_norm(lam, l_lim=0.49, u_lim=0.51):
    # log C(lam) of the continuous Bernoulli: the closed form away from 1/2, a Taylor series
    # around 1/2 (inside [l_lim, u_lim]) where the closed form is 0/0.
    outside = (lam <= l_lim) | (lam > u_lim)
    safe = torch.where(outside, lam, torch.full_like(lam, l_lim))
    k = 1.0 - 2.0 * safe
    closed = torch.log(torch.abs(2.0 * atanh(k))) - torch.log(torch.abs(k))
    d = lam - 0.5
    series = torch.log(torch.tensor(2.0)) + (4.0 / 3.0) * d ** 2 + (104.0 / 45.0) * d ** 4
    return torch.where(outside, closed, series)

# reconstruction term + normaliser correction + KL term, summed over the batch
def loss_function(recon_x, x, mu, logvar):
    recon = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction='sum')

    # the continuous Bernoulli correction for non-binary data (Loaiza-Ganem & Cunningham, 2019)
    correction = -cont_bern_log_norm(recon_x).sum()

    # KL(N(mu, sigma^2) || N(0, 1)), Kingma & Welling appendix B
    kl = 0.5 * torch.sum(mu ** 2 + logvar.exp() - logvar - 1)

    return recon + correction + kl
