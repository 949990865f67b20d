# In the shape of yuanli2333/Teacher-free-Knowledge-Distillation/my_loss_function.py (licence file
# present, not read): the KD and self-regularisation losses use nn.KLDivLoss() with its default
# 'mean' reduction (issues #5 and #41 of that repository).
# Written for this corpus, not copied.
import torch
import torch.nn as nn
import torch.nn.functional as F


def loss_kd(outputs, labels, teacher_outputs, params):
    alpha = params.alpha
    T = params.temperature
    loss_ce = F.cross_entropy(outputs, labels)
    d_kl = nn.KLDivLoss()(F.log_softmax(outputs / T, dim=1), F.softmax(teacher_outputs / T, dim=1)) * (T * T)  # expect: kl-div-reduction
    return (1.0 - alpha) * loss_ce + alpha * d_kl


def loss_kd_regularization(outputs, labels, params):
    alpha = params.reg_alpha
    T = params.reg_temperature
    correct_prob = 0.99
    K = outputs.size(1)
    teacher_soft = torch.ones_like(outputs).cuda()
    teacher_soft = teacher_soft * (1 - correct_prob) / (K - 1)
    for i in range(outputs.shape[0]):
        teacher_soft[i, labels[i]] = correct_prob
    loss_ce = F.cross_entropy(outputs, labels)
    kl = nn.KLDivLoss()  # expect: kl-div-reduction
    d_kl = kl(F.log_softmax(outputs, dim=1), F.softmax(teacher_soft / T, dim=1)) * params.multiplier
    return (1.0 - alpha) * loss_ce + alpha * d_kl
