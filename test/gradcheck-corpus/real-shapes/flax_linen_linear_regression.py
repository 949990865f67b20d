# In the shape of google/flax/examples/linen_design_test/linear_regression.py (Apache-2.0): a JAX
# SCRIPT that imports an absent sibling module (`from dense import Dense`), builds its model and data
# at top level, defines @jit `predict(params)`, @jit `loss_fn(params)` (a parameter pytree, the data
# closed over) and @jit `init_params(rng)`, then trains at top level. `loss_fn` is not a loss a
# checker can feed. Written for this corpus, not copied.

import jax
from jax import numpy as jnp, jit
from dense import Dense


X = jnp.full((1, 8), 0.5)
Y = jnp.zeros((4,))

model = Dense(features=4)


@jit
def predict(params):
  return model.apply({"params": params}, X)


@jit
def loss_fn(params):
  return jnp.abs(predict(params) - Y).mean()


@jit
def init_params(rng):
  return model.init({"params": rng}, X)["params"]


params = init_params(jax.random.key(0))
print("start:", params)

for step in range(40):
  value, grads = jax.value_and_grad(loss_fn)(params)
  print(step, "loss", value)
  params = jax.tree_util.tree_map(lambda p, g: p - 0.05 * g, params, grads)
