# In the shape of the case pytorch/pytorch issue #55902 describes ("Warn users when cross entropy is
# called after softmax"; PyTorch is BSD-3-Clause): a classifier's training step that applies
# softmax before nn.CrossEntropyLoss, once directly and once through a view — the case its
# maintainers note a runtime warning on grad_fn would miss, and a reading of the code does not.
# Written for this corpus, not copied.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, n_in, n_classes):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU())
        self.head = nn.Linear(256, n_classes)

    def forward(self, x):
        return self.head(self.body(x))


def train_step(model, optimizer, x, y):
    criterion = nn.CrossEntropyLoss()
    optimizer.zero_grad()
    scores = model(x)
    probs = F.softmax(scores, dim=1)
    loss = criterion(probs, y)  # expect: softmax-before-logits-loss
    loss.backward()
    optimizer.step()
    return loss.item()


def sequence_step(model, optimizer, x, y, n_classes):
    optimizer.zero_grad()
    probs = torch.softmax(model(x), dim=-1)
    loss = F.cross_entropy(probs.view(-1, n_classes), y.view(-1))  # expect: softmax-before-logits-loss
    loss.backward()
    optimizer.step()
    return loss.item()
