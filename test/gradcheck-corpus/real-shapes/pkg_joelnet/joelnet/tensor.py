# In the shape of joelgrus/joelnet/joelnet/tensor.py (MIT): the one-name module a sibling imports
# absolutely (`from joelnet.tensor import Tensor`) inside a namespace package with no __init__.py.
# Written for this corpus, not copied.
"""The library's tensor type: a plain NumPy array under another name."""
import numpy

Tensor = numpy.ndarray
