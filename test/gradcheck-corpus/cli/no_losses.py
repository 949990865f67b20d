"""A module without any loss function: gradcheck must not pass on nothing."""


def relu(x):
    return max(0.0, x)
