"""The benchmark's PyTorch loss: 1,000 inputs, checked by autograd."""
import torch


# gradcheck: pred=randn(1000) target=randn(1000)
def huber_loss(pred, target, delta=1.0):
    r = pred - target
    a = r.abs()
    return torch.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta)).mean()
