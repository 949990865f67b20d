# In the shape of midas-research/man-sf-emnlp/train.py (no licence file found), as issue #2 of
# that repository reads it: the test loop turns the output into softmax probabilities and gives
# them to F.nll_loss, which wants log-probabilities.
# Written for this corpus, not copied.
import argparse
import pickle

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

from models import GAT
from utils import accuracy, load_data

parser = argparse.ArgumentParser()
parser.add_argument("--hidden", type=int, default=64)
parser.add_argument("--lr", type=float, default=5e-4)
args = parser.parse_args()

adj = load_data()
cross_entropy = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 1.0]))


def train(model, optimizer, text, price, label):
    model.train()
    optimizer.zero_grad()
    output = model(text, price, adj)
    loss_train = cross_entropy(output, torch.max(label, 1)[1])
    loss_train.backward()
    optimizer.step()
    return loss_train.item()


def test_dict(model, features, texts, true_label):
    model.eval()
    losses, accs = [], []
    for dates in features.keys():
        test_text = torch.tensor(texts[dates], dtype=torch.float32)
        test_price = torch.tensor(features[dates], dtype=torch.float32)
        test_label = torch.LongTensor(true_label[dates])
        output = model(test_text, test_price, adj)
        output = F.softmax(output, dim=1)
        loss_test = F.nll_loss(output, torch.max(test_label, 1)[0])  # expect: log-probability-input
        losses.append(loss_test.item())
        accs.append(accuracy(output, torch.max(test_label, 1)[1]).item())
    with open("pred_dict.p", "wb") as fp:
        pickle.dump(losses, fp)
    return np.mean(losses), np.mean(accs)


model = GAT(nfeat=64, nhid=args.hidden, nclass=2)
optimizer = optim.Adam(model.parameters(), lr=args.lr)
