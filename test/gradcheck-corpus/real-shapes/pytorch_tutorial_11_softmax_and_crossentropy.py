# In the shape of patrickloeber/pytorchTutorial/11_softmax_and_crossentropy.py (MIT): a SCRIPT that
# prints at top level and defines a NumPy `softmax(x)`, a NumPy `cross_entropy(actual, predicted)`
# on two probability vectors (clipped, no gradient), a module-level `loss = nn.CrossEntropyLoss()`
# instance, and two nn.Module MODELS (`NeuralNet1`, `NeuralNet2`) that are not losses.
# Written for this corpus, not copied.
import torch
import torch.nn as nn
import numpy as np

# scores (logits) --softmax--> probabilities that sum to one --> cross-entropy against a one-hot

# softmax: exponentiate, then normalise
def softmax(x):
    e = np.exp(x)
    return e / e.sum(axis=0)

scores = np.array([1.5, 0.3, -0.4])
print('numpy softmax:', softmax(scores))

scores_t = torch.tensor([1.5, 0.3, -0.4])
print('torch softmax:', torch.softmax(scores_t, dim=0))

# cross-entropy between a one-hot target and predicted probabilities:
# it grows as the probability of the true class falls
def cross_entropy(actual, predicted):
    eps = 1e-15
    p = np.clip(predicted, eps, 1 - eps)
    return -(actual * np.log(p)).sum()

target = np.array([0, 1, 0])
good = np.array([0.15, 0.75, 0.10])
bad = np.array([0.55, 0.15, 0.30])
print(f'numpy CE good: {cross_entropy(target, good):.4f}')
print(f'numpy CE bad:  {cross_entropy(target, bad):.4f}')

# PyTorch's CrossEntropyLoss = LogSoftmax + NLLLoss, on raw scores and class indices
loss = nn.CrossEntropyLoss()

labels = torch.tensor([1, 2])
logits_good = torch.tensor([[0.2, 2.5, 0.1], [0.3, 0.1, 1.9]])
logits_bad = torch.tensor([[1.8, 0.2, 0.4], [2.0, 0.6, 0.1]])
print(f'torch CE good: {loss(logits_good, labels).item():.4f}')
print(f'torch CE bad:  {loss(logits_bad, labels).item():.4f}')
print('predicted:', torch.argmax(logits_good, 1), torch.argmax(logits_bad, 1))

# binary problem: a sigmoid output and BCELoss
class NeuralNet1(nn.Module):
    def __init__(self, input_size, hidden_size):
        super(NeuralNet1, self).__init__()
        self.hidden = nn.Linear(input_size, hidden_size)
        self.act = nn.ReLU()
        self.out = nn.Linear(hidden_size, 1)

    def forward(self, x):
        return torch.sigmoid(self.out(self.act(self.hidden(x))))

model = NeuralNet1(input_size=28 * 28, hidden_size=5)
criterion = nn.BCELoss()

# multiclass problem: raw scores, the softmax lives in CrossEntropyLoss
class NeuralNet2(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super(NeuralNet2, self).__init__()
        self.hidden = nn.Linear(input_size, hidden_size)
        self.act = nn.ReLU()
        self.out = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        return self.out(self.act(self.hidden(x)))

model = NeuralNet2(input_size=28 * 28, hidden_size=5, num_classes=3)
criterion = nn.CrossEntropyLoss()
