# In the shape of NVIDIA/DeepLearningExamples/TensorFlow2/Segmentation/UNet_Medical's loss function
# (Apache-2.0), as issue #468 of that repository describes it: the U-Net's last line applies
# softmax (in another file, model/unet.py) and this file gives its output to
# tf.nn.softmax_cross_entropy_with_logits. A known miss: the lint reads one file at a time.
# Written for this corpus, not copied.
import tensorflow as tf


def partial_losses(predict, target):
    n_classes = predict.shape[-1]
    flat_logits = tf.reshape(tf.cast(predict, tf.float32), [tf.shape(predict)[0], -1, n_classes])
    flat_labels = tf.reshape(target, [tf.shape(predict)[0], -1, n_classes])
    crossentropy_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=flat_logits, labels=flat_labels), name="cross_loss_ref")
    dice_loss = tf.reduce_mean(1 - dice_coef(flat_logits, flat_labels), name="dice_loss_ref")
    return crossentropy_loss, dice_loss


def dice_coef(predict, target, axis=1, eps=1e-6):
    intersection = tf.reduce_sum(predict * target, axis=axis)
    union = tf.reduce_sum(predict * predict + target * target, axis=axis)
    dice = (2.0 * intersection + eps) / (union + eps)
    return tf.reduce_mean(dice, axis=0)
