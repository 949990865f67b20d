# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/__init__.py
# (MIT): the losses sub-package re-exporting its mode constants and loss classes through relative
# imports (its parent package's __init__.py cannot run). Written for this corpus, not copied.
from .constants import BINARY_MODE, MULTICLASS_MODE, MULTILABEL_MODE

from .jaccard import JaccardLoss
from .dice import DiceLoss
from .focal import FocalLoss
from .lovasz import LovaszLoss
from .soft_bce import SoftBCEWithLogitsLoss
from .soft_ce import SoftCrossEntropyLoss
from .tversky import TverskyLoss
from .mcc import MCCLoss

__all__ = [
    "BINARY_MODE", "MULTICLASS_MODE", "MULTILABEL_MODE",
    "JaccardLoss", "DiceLoss", "FocalLoss", "LovaszLoss", "SoftBCEWithLogitsLoss",
    "SoftCrossEntropyLoss", "TverskyLoss", "MCCLoss",
]
