# -*- coding: latin-1 -*-
"""A file in Latin-1 (PEP 263): its text must be decoded as it declares."""


def café_unready_loss(pred, target):
    raise ValueError("café not open yet")


def café_unready_loss_grad(pred, target):
    return pred
