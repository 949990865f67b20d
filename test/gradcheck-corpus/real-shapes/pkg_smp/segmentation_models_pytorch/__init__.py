# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/__init__.py
# (MIT): a package root that CANNOT be imported here: it pulls in sub-packages that are absent (in
# the repository they need timm, huggingface_hub and other heavy dependencies). A checker must load
# losses/* without running this file. Written for this corpus, not copied.
from . import datasets
from . import encoders
from . import decoders
from . import losses
from . import metrics

from .decoders.unet import Unet
from .decoders.fpn import FPN
from .decoders.deeplabv3 import DeepLabV3, DeepLabV3Plus
from .base.hub_mixin import from_pretrained

from .__version__ import __version__

from typing import Optional as _Optional
import torch as _torch

_ARCHS = {cls.__name__.lower(): cls for cls in (Unet, FPN, DeepLabV3, DeepLabV3Plus)}


def create_model(
    arch: str,
    encoder_name: str = "resnet34",
    encoder_weights: _Optional[str] = "imagenet",
    in_channels: int = 3,
    classes: int = 1,
    **kwargs,
) -> _torch.nn.Module:
    """Build a model from its architecture name."""
    key = arch.lower()
    if key not in _ARCHS:
        raise KeyError("unknown architecture {!r}; known: {}".format(arch, sorted(_ARCHS)))
    return _ARCHS[key](
        encoder_name=encoder_name,
        encoder_weights=encoder_weights,
        in_channels=in_channels,
        classes=classes,
        **kwargs,
    )


__all__ = ["datasets", "encoders", "decoders", "losses", "metrics", "Unet", "FPN",
           "DeepLabV3", "DeepLabV3Plus", "from_pretrained", "create_model", "__version__"]
