"""A loss that starts a process in a session of its own, which would outlive the check and keep
the CLI from exiting: it must be ended with the check."""
import subprocess
import sys

import numpy as np


_started = []


def spawning_mse_loss(pred, target):
    if not _started:
        _started.append(1)
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)  # lossplayground-escapee"], start_new_session=True)
    return np.mean((pred - target) ** 2)


def spawning_mse_loss_grad(pred, target):
    return 2 * (pred - target) / pred.size
