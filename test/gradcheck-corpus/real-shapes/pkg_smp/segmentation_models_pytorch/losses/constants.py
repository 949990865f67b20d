# In the shape of qubvel-org/segmentation_models.pytorch/segmentation_models_pytorch/losses/constants.py
# (MIT): annotated string constants (`NAME: str = "..."`) that the losses use as defaults and in
# asserts. Written for this corpus, not copied.

#: one foreground class: target (N, H, W) or (N, 1, H, W), output (N, 1, H, W)
BINARY_MODE: str = "binary"

#: mutually exclusive classes: target (N, H, W) of class ids, output (N, C, H, W)
MULTICLASS_MODE: str = "multiclass"

#: independent classes, one channel each: target and output (N, C, H, W)
MULTILABEL_MODE: str = "multilabel"
