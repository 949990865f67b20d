# In the shape of anovos/anovos/src/main/anovos/drift/distances.py (Apache-2.0): drift measures
# between two probability vectors `(p, q)` in NumPy with empty numpydoc docstrings and no
# gradients: `kl_divergence` and `js_divergence` (loss names: a lens, then skipped), `hellinger`,
# `psi` and `ks` (not loss names: no lens). Written for this corpus, not copied.
import math

import numpy as np


def hellinger(p, q):
    """

    Parameters
    ----------
    p :

    q :


    Returns
    -------

    """
    gap = np.sqrt(p) - np.sqrt(q)
    return math.sqrt(0.5 * np.sum(gap * gap))


def psi(p, q):
    """

    Parameters
    ----------
    p :

    q :


    Returns
    -------

    """
    return np.sum(np.log(p / q) * (p - q))


def kl_divergence(p, q):
    """

    Parameters
    ----------
    p :

    q :


    Returns
    -------

    """
    return np.sum(p * (np.log(p) - np.log(q)))


def js_divergence(p, q):
    """

    Parameters
    ----------
    p :

    q :


    Returns
    -------

    """
    mid = 0.5 * (p + q)
    return 0.5 * (kl_divergence(p, mid) + kl_divergence(q, mid))


def ks(p, q):
    """

    Parameters
    ----------
    p :

    q :


    Returns
    -------

    """
    cdf_gap = np.cumsum(p) - np.cumsum(q)
    return np.abs(cdf_gap).max()
