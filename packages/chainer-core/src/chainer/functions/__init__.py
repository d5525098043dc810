"""Differentiable functions on Variables (``import chainer.functions as F``).

Each op is a :class:`~chainer.FunctionNode` in ``functions/<category>/<op>.py``;
this module re-exports the public functions flat, as Chainer v7 does.
"""

from chainer.functions.array.broadcast import broadcast_to, sum_to
from chainer.functions.array.cast import cast
from chainer.functions.array.get_item import get_item
from chainer.functions.array.reshape import reshape
from chainer.functions.array.transpose import transpose
from chainer.functions.math.average import average, mean
from chainer.functions.math.basic_math import absolute, add
from chainer.functions.math.exponential import exp, log
from chainer.functions.math.identity import identity
from chainer.functions.math.matmul import matmul
from chainer.functions.math.sum import sum  # noqa: A004 - Chainer's public name

__all__ = [
    "absolute",
    "add",
    "average",
    "broadcast_to",
    "cast",
    "exp",
    "get_item",
    "identity",
    "log",
    "matmul",
    "mean",
    "reshape",
    "sum",
    "sum_to",
    "transpose",
]
