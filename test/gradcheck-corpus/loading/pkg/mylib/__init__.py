# The package's own __init__ imports a dependency that is not installed: a check of one of its
# loss files must not need it (as with mmdet, transformers, segmentation_models_pytorch).
import a_framework_that_is_not_installed  # noqa: F401
from .losses import *  # noqa: F401,F403
