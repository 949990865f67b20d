"""Framework misuse the loss lint finds as you type: each loss call below has a squiggle, a reason
that names both lines involved, a link to the playground scene that shows why, and, where one is
safe, a quick fix (Ctrl+. on the line).

The lint reads the code; nothing here is run.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, n_in: int, n_classes: int):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, 128), nn.ReLU())
        self.head = nn.Linear(128, n_classes)

    def forward(self, x):
        return self.head(self.body(x))


criterion = nn.CrossEntropyLoss()
distill = nn.KLDivLoss()


def train_step(model, optimizer, x, y):
    optimizer.zero_grad()
    logits = model(x)
    probs = F.softmax(logits, dim=1)
    loss = criterion(probs, y)
    loss.backward()
    optimizer.step()
    return loss.item()


def distillation_loss(student_logits, teacher_logits, T=4.0):
    return distill(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1)) * T * T


def multilabel_loss(scores, targets):
    return F.binary_cross_entropy_with_logits(torch.sigmoid(scores), targets)
