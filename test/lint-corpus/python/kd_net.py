# In the shape of haitongli/knowledge-distillation-pytorch/model/net.py (MIT): the KD loss keeps
# KLDivLoss's default reduction (issue #48 of that repository suggests 'batchmean'). Its sigmoid
# variant gives BCEWithLogitsLoss a sigmoid as the *target*, which is right.
# Written for this corpus, not copied.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, params):
        super(Net, self).__init__()
        self.num_channels = params.num_channels
        self.conv1 = nn.Conv2d(3, self.num_channels, 3, stride=1, padding=1)
        self.bn1 = nn.BatchNorm2d(self.num_channels)
        self.conv2 = nn.Conv2d(self.num_channels, self.num_channels * 2, 3, stride=1, padding=1)
        self.bn2 = nn.BatchNorm2d(self.num_channels * 2)
        self.fc1 = nn.Linear(8 * 8 * self.num_channels * 2, self.num_channels * 4)
        self.fcbn1 = nn.BatchNorm1d(self.num_channels * 4)
        self.fc2 = nn.Linear(self.num_channels * 4, 10)
        self.dropout_rate = params.dropout_rate

    def forward(self, s):
        s = F.relu(F.max_pool2d(self.bn1(self.conv1(s)), 2))
        s = F.relu(F.max_pool2d(self.bn2(self.conv2(s)), 2))
        s = s.view(-1, 8 * 8 * self.num_channels * 2)
        s = F.dropout(F.relu(self.fcbn1(self.fc1(s))), p=self.dropout_rate, training=self.training)
        return self.fc2(s)


def loss_fn(outputs, labels):
    return nn.CrossEntropyLoss()(outputs, labels)


def bce_loss_fn(outputs, labels):
    return nn.BCEWithLogitsLoss()(outputs, labels)


def loss_fn_kd(outputs, labels, teacher_outputs, params):
    alpha = params.alpha
    T = params.temperature
    soft = nn.KLDivLoss()(F.log_softmax(outputs / T, dim=1), F.softmax(teacher_outputs / T, dim=1))  # expect: kl-div-reduction
    return soft * (alpha * T * T) + F.cross_entropy(outputs, labels) * (1.0 - alpha)


def loss_fn_kd_sigmoid(outputs, labels, teacher_outputs, params):
    alpha = params.alpha
    T = params.temperature
    soft = nn.BCEWithLogitsLoss()(outputs / T, torch.sigmoid(teacher_outputs / T))
    return alpha * soft + nn.BCEWithLogitsLoss()(outputs, labels) * (1 - alpha)


def accuracy(outputs, labels):
    outputs = np.argmax(outputs, axis=1)
    return np.sum(outputs == labels) / float(labels.size)
