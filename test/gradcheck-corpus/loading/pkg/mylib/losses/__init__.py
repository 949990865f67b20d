REDUCTION = "mean"
from .scaled import scaled_mse_loss  # noqa: E402,F401
