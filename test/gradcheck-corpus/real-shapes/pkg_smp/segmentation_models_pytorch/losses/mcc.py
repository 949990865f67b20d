# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/mcc.py
# (MIT): a _Loss subclass with one defaulted argument (eps=1e-5) whose forward(y_pred, y_true)
# takes PROBABILITIES (no activation inside) and returns 1 - Matthews correlation.
# Written for this corpus, not copied.
import torch
from torch.nn.modules.loss import _Loss


class MCCLoss(_Loss):
    def __init__(self, eps: float = 1e-5):
        """1 - Matthews correlation coefficient of soft binary predictions.

        Args:
            eps (float): added to every soft count, for batches with a single class.
        """
        super().__init__()
        self.eps = eps

    def forward(self, y_pred: torch.Tensor, y_true: torch.Tensor) -> torch.Tensor:
        """
        Args:
            y_pred (torch.Tensor): probabilities, (N, H, W) or (N, 1, H, W)
            y_true (torch.Tensor): 0/1 labels of the same shape

        Returns:
            torch.Tensor: 1 - mcc
        """
        n = y_true.shape[0]
        p = y_pred.reshape(n, 1, -1)
        t = y_true.reshape(n, 1, -1)

        tp = (p * t).sum() + self.eps
        tn = ((1 - p) * (1 - t)).sum() + self.eps
        fp = (p * (1 - t)).sum() + self.eps
        fn = ((1 - p) * t).sum() + self.eps

        mcc = (tp * tn - fp * fn) / torch.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
        return 1.0 - mcc
