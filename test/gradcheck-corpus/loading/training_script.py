"""A training script with a loss and no `if __name__ == "__main__":` guard: checking the loss must
not create the output folder, delete the checkpoint, read the data or start training."""
import os
import shutil

import numpy as np

EPOCHS = 3
SCALE = 0.5 * 2
LOG = os.path.join(os.path.dirname(__file__), "runs")


def mse_loss(pred, target):
    return SCALE * np.mean((pred - target) ** 2)


def mse_loss_grad(pred, target):
    return SCALE * 2 * (pred - target) / pred.size


os.makedirs(LOG, exist_ok=True)
if os.path.exists("checkpoint.pt"):
    shutil.rmtree("checkpoint.pt")
data = np.loadtxt("train.csv", delimiter=",")
for epoch in range(EPOCHS):
    print("epoch", epoch)
