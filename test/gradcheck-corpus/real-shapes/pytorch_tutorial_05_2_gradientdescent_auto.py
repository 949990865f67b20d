# In the shape of patrickloeber/pytorchTutorial/05_2_gradientdescent_auto.py (MIT): a training
# SCRIPT (top-level tensors, a requires_grad weight, the loop with backward() at top level) with a
# torch `loss(y, y_pred)` whose prediction is the SECOND argument. Written for this corpus, not
# copied.
import torch

# The same one-weight regression, with autograd computing dJ/dw
# model: f(x) = w * x, data from f(x) = 3 * x

X = torch.tensor([1, 2, 3, 4, 5], dtype=torch.float32)
Y = torch.tensor([3, 6, 9, 12, 15], dtype=torch.float32)

w = torch.zeros((), dtype=torch.float32, requires_grad=True)

# the model
def forward(x):
    return x * w

# mean squared error
def loss(y, y_pred):
    return (y - y_pred).pow(2).mean()

print(f'before training: f(6) = {forward(6).item():.3f}')

lr = 0.01
steps = 80

for step in range(steps):
    pred = forward(X)
    value = loss(Y, pred)
    value.backward()
    with torch.no_grad():
        w.sub_(lr * w.grad)
        w.grad = None
    if step % 20 == 0:
        print(f'step {step + 1}: w = {w.item():.3f}, loss = {value.item():.6f}')

print(f'after training: f(6) = {forward(6).item():.3f}')
