"""identity: returns its inputs (a node for hooks and graph surgery)."""

from __future__ import annotations

from chainer.function_node import FunctionNode


class Identity(FunctionNode):
    """Passes every input through unchanged."""

    def forward(self, xs):
        return xs

    def backward(self, indexes, gys):
        return gys


def identity(*inputs):
    """Returns the inputs unchanged, as new Variables of the graph.

    Args:
        *inputs (Variable or array): any inputs.

    Returns:
        Variable or tuple of Variable: one output per input (a single
        Variable for a single input).
    """
    ret = Identity().apply(inputs)
    return ret[0] if len(ret) == 1 else ret
