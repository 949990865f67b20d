# In the shape of google/flax/examples/mnist/train.py (Apache-2.0): a linen CNN ending in
# nn.Dense(10) trained with optax's integer-label softmax cross-entropy on the logits. Correct.
# Written for this corpus, not copied.
import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import linen as nn
from flax.training import train_state


class CNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.Conv(features=32, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = nn.Conv(features=64, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = x.reshape((x.shape[0], -1))
        x = nn.Dense(features=256)(x)
        x = nn.relu(x)
        x = nn.Dense(features=10)(x)
        return x


@jax.jit
def apply_model(state, images, labels):
    def loss_fn(params):
        logits = state.apply_fn({"params": params}, images)
        loss = jnp.mean(optax.softmax_cross_entropy_with_integer_labels(logits=logits, labels=labels))
        return loss, logits

    grad_fn = jax.value_and_grad(loss_fn, has_aux=True)
    (loss, logits), grads = grad_fn(state.params)
    accuracy = jnp.mean(jnp.argmax(logits, -1) == labels)
    return grads, loss, accuracy


def create_train_state(rng, config):
    cnn = CNN()
    params = cnn.init(rng, jnp.ones([1, 28, 28, 1]))["params"]
    tx = optax.sgd(config.learning_rate, config.momentum)
    return train_state.TrainState.create(apply_fn=cnn.apply, params=params, tx=tx)


def train_epoch(state, train_ds, batch_size, rng):
    perms = jax.random.permutation(rng, len(train_ds["image"]))
    epoch_loss = []
    for perm in perms.reshape((-1, batch_size)):
        grads, loss, _ = apply_model(state, train_ds["image"][perm, ...], train_ds["label"][perm, ...])
        state = state.apply_gradients(grads=grads)
        epoch_loss.append(loss)
    return state, np.mean(epoch_loss)
