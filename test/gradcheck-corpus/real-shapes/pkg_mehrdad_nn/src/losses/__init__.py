# In the shape of mehrdadmoradii/neural-network/src/losses/__init__.py (MIT): a package `losses`
# (its parent src/ has no __init__.py) re-exporting its loss classes through relative imports.
# Written for this corpus, not copied.
from .cross_entropy import CrossEntropyLoss
from .binary_cross_entropy import BinaryCrossEntropyLoss

__all__ = ["CrossEntropyLoss", "BinaryCrossEntropyLoss"]
