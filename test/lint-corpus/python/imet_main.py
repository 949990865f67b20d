# In the shape of lopuhin/kaggle-imet-2019/imet/main.py (MIT; issue #3 of that repository asked about
# the missing sigmoid): BCEWithLogitsLoss on the logits; the sigmoid is applied only for
# predictions. Correct: nothing to report.
# Written for this corpus, not copied.
import numpy as np
import torch
from torch import nn


def train(model, criterion, optimizer, train_loader, n_epochs):
    for epoch in range(n_epochs):
        model.train()
        for inputs, targets in train_loader:
            outputs = model(inputs)
            loss = criterion(outputs, targets)
            batch_size = inputs.size(0)
            (batch_size * loss.mean()).backward()
            optimizer.step()
            optimizer.zero_grad()


def validation(model, criterion, valid_loader):
    model.eval()
    all_losses, all_predictions, all_targets = [], [], []
    with torch.no_grad():
        for inputs, targets in valid_loader:
            outputs = model(inputs)
            loss = criterion(outputs, targets)
            all_losses.append(loss.mean(1).cpu().numpy())
            all_predictions.append(torch.sigmoid(outputs).cpu().numpy())
            all_targets.append(targets.cpu().numpy())
    return np.concatenate(all_predictions), np.concatenate(all_targets), np.mean(np.concatenate(all_losses))


def main(model, optimizer, loaders, n_epochs=10):
    criterion = nn.BCEWithLogitsLoss(reduction="none")
    train(model, criterion, optimizer, loaders["train"], n_epochs)
    return validation(model, criterion, loaders["valid"])
