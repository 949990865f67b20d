# In the shape of google/flax/examples/ppo/ppo_lib.py (Apache-2.0): a library importing absent
# sibling modules (agent, models, test_episodes) and flax/jax/optax, with a PPO
# `loss_fn(params, apply_fn, minibatch, clip_param, vf_coeff, entropy_coeff)` (a parameter pytree, a
# model function and a batch tuple) and a `train_step` decorated with
# functools.partial(jax.jit, static_argnums=(2,)) with keyword-only arguments. Nothing here is a
# loss a checker should run. Written for this corpus, not copied.

"""PPO training pieces."""

import functools
from typing import Any
from collections.abc import Callable

from absl import logging
import flax
from flax import linen as nn
import agent
import models
import test_episodes
from flax.training import train_state
import jax
import jax.numpy as jnp
import numpy as np
import optax


def loss_fn(
    params: flax.core.FrozenDict,
    apply_fn: Callable[..., Any],
    minibatch: tuple,
    clip_param: float,
    vf_coeff: float,
    entropy_coeff: float,
):
  """PPO objective to minimise: clipped policy loss + vf_coeff * value loss - entropy_coeff * entropy.

  Args:
    params: actor-critic parameters.
    apply_fn: the actor-critic apply function.
    minibatch: (states, actions, old_log_probs, returns, advantages).
    clip_param: ratio clipping range.
    vf_coeff: value-loss weight.
    entropy_coeff: entropy-bonus weight.

  Returns:
    the scalar loss.
  """
  obs, acts, old_logp, rets, advs = minibatch
  logp, value = agent.policy_action(apply_fn, params, obs)
  value = value[:, 0]

  value_loss = jnp.square(rets - value).mean()
  entropy = -(jnp.exp(logp) * logp).sum(axis=1).mean()

  taken = jnp.take_along_axis(logp, acts[:, None], axis=1)[:, 0]
  ratio = jnp.exp(taken - old_logp)
  adv = (advs - advs.mean()) / (advs.std() + 1e-8)
  surrogate = jnp.minimum(ratio * adv, jnp.clip(ratio, 1.0 - clip_param, 1.0 + clip_param) * adv)
  policy_loss = -surrogate.mean()

  return policy_loss + vf_coeff * value_loss - entropy_coeff * entropy


@functools.partial(jax.jit, static_argnums=(2,))
def train_step(
    state: train_state.TrainState,
    trajectories: tuple,
    batch_size: int,
    *,
    clip_param: float,
    vf_coeff: float,
    entropy_coeff: float,
):
  """One epoch of minibatch updates over the collected trajectories.

  Returns:
    the new state and the summed loss.
  """
  steps = trajectories[0].shape[0] // batch_size
  batches = jax.tree_util.tree_map(
      lambda a: a.reshape((steps, batch_size) + a.shape[1:]), trajectories
  )
  total = 0.0
  for minibatch in zip(*batches):
    value, g = jax.value_and_grad(loss_fn)(
        state.params, state.apply_fn, minibatch, clip_param, vf_coeff, entropy_coeff
    )
    total += value
    state = state.apply_gradients(grads=g)
  return state, total
