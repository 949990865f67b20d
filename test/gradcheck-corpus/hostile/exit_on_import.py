import sys

print("about to exit")
sys.exit(3)


def mse_loss(pred, target):
    return ((pred - target) ** 2).mean()
