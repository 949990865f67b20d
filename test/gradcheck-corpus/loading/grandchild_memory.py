"""A loss whose subprocess holds a lot of memory: the limit counts the whole process tree."""
import subprocess
import sys

import numpy as np


def hungry_mse_loss(pred, target):
    # Called many times by the finite differences; the first call is enough.
    subprocess.run([sys.executable, "-c", "import time; x = bytearray(600 * 1024 * 1024); time.sleep(30)"])
    return np.mean((pred - target) ** 2)


def hungry_mse_loss_grad(pred, target):
    return 2 * (pred - target) / pred.size
