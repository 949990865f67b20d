# In the shape of patrickloeber/pytorchTutorial/05_1_gradientdescent_manually.py (MIT): a
# training SCRIPT (data, a module-level weight and the loop at top level, no __main__ guard) with a
# NumPy `loss(y, y_pred)` (prediction second) and a `gradient(x, y, y_pred)` that is dJ/dw of the
# model w*x: it takes an argument the loss does not have and must not be paired with it.
# Written for this corpus, not copied.
import numpy as np

# Gradient descent by hand on a one-weight linear model
# model: f(x) = w * x, and the data follow f(x) = 3 * x

X = np.array([1, 2, 3, 4, 5], dtype=np.float32)
Y = np.array([3, 6, 9, 12, 15], dtype=np.float32)

w = 0.0

# the model
def forward(x):
    return x * w

# mean squared error
def loss(y, y_pred):
    return np.mean((y - y_pred) ** 2)

# dJ/dw for J = mean((w*x - y)^2): mean(2 * x * (w*x - y))
def gradient(x, y, y_pred):
    return (2 * x * (y_pred - y)).mean()

print(f'before training: f(6) = {forward(6):.3f}')

lr = 0.01
steps = 25

for step in range(steps):
    pred = forward(X)
    value = loss(Y, pred)
    w = w - lr * gradient(X, Y, pred)
    if step % 5 == 0:
        print(f'step {step + 1}: w = {w:.3f}, loss = {value:.6f}')

print(f'after training: f(6) = {forward(6):.3f}')
