"""forget: runs a function without keeping its intermediate arrays; recomputes them in backward."""

from __future__ import annotations

import chainer
from chainer import _backprop
from chainer._backprop_mode import force_backprop_mode, no_backprop_mode
from chainer.configuration import config, using_config
from chainer.function_node import FunctionNode
from chainer.variable import Variable


def _ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return str(n) + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _call(func, xs):
    """``func(*xs)`` as a tuple of Variables (a clear error for anything else)."""
    outs = func(*xs)
    if isinstance(outs, Variable):
        return (outs,)
    if isinstance(outs, tuple) and outs:
        for i, out in enumerate(outs):
            if not isinstance(out, Variable):
                raise RuntimeError(
                    f"forget: the {_ordinal(i + 1)} element of the tuple that func returned "
                    f"is a {type(out).__name__}, not a Variable"
                )
        return outs
    raise RuntimeError(
        "forget: func must return a Variable or a non-empty tuple of Variables, "
        f"not {type(outs).__name__}"
    )


def _leaf(array):
    # A fresh graph root: floating-point inputs are differentiated, others are data.
    return Variable(array, requires_grad=array.dtype.kind == "f")


def _foreign_leaves(outs, leaves):
    """Whether the graph of ``outs`` reaches a differentiable leaf other than ``leaves``."""
    own = {id(v._node) for v in leaves}
    seen = set()
    stack = [y._node for y in outs]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        creator = node.creator_node
        if creator is None:
            if node.requires_grad and id(node) not in own:
                return True
        elif creator.inputs is not None:
            stack.extend(creator.inputs)
    return False


class _GradOfFunc:
    """``(x..., gy...) -> (gx...)``: the vector-Jacobian product of ``func``.

    The function of the nested :class:`Forget` that computes gradients when
    higher-order gradients are wanted; so the gradient too keeps no
    intermediate array, and its own backward recomputes it.
    """

    def __init__(self, func, n_inputs, float_indexes):
        self.func = func
        self.n_inputs = n_inputs
        self.float_indexes = float_indexes
        self.__name__ = f"grad({getattr(func, '__name__', type(func).__name__)})"

    def __call__(self, *args):
        xs = args[: self.n_inputs]
        gys = args[self.n_inputs :]
        # The gradient needs a graph of its own only when it is differentiated
        # in turn, that is, when it is being recomputed.
        double = config.enable_backprop
        with force_backprop_mode():
            outs = _call(self.func, xs)
        if _foreign_leaves(outs, xs):
            raise RuntimeError(
                "forget: higher-order gradients need func to depend only on its inputs, "
                "but it uses other Variables that require gradients (link parameters?); "
                "pass them to forget as inputs: forget(f, x, W) calling f(x, W)"
            )
        pairs = [(y, gy) for y, gy in zip(outs, gys) if y.requires_grad]
        targets = [xs[i] for i in self.float_indexes]
        gxs = [None] * len(targets)
        if pairs:
            gxs = chainer.grad(
                [y for y, _ in pairs],
                targets,
                grad_outputs=[gy for _, gy in pairs],
                enable_double_backprop=double,
            )
        xp = chainer.backend.get_array_module(*[x.array for x in targets])
        return tuple(
            Variable(xp.zeros_like(x.array), requires_grad=False) if gx is None else gx
            for x, gx in zip(targets, gxs)
        )


class Forget(FunctionNode):
    """Applies ``func`` keeping only its inputs; backward runs ``func`` again.

    Args:
        func (callable): takes the inputs as Variables and returns a Variable
            or a tuple of Variables.
    """

    def __init__(self, func):
        if not callable(func):
            raise TypeError(f"forget: func must be callable, not {type(func).__name__}")
        self.func = func

    @property
    def label(self):
        return f"Forget({getattr(self.func, '__name__', type(self.func).__name__)})"

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        with no_backprop_mode(), using_config("_will_recompute", True):
            outs = _call(self.func, [_leaf(x) for x in inputs])
        self._out_templates = [(y.shape, y.dtype) for y in outs]
        xp = chainer.backend.get_array_module(*inputs)
        return tuple(xp.asarray(y.array) for y in outs)

    def backward(self, indexes, grad_outputs):
        xs = self.get_retained_inputs()
        float_indexes = [i for i, x in enumerate(xs) if x.dtype.kind == "f"]
        if config.enable_backprop:
            # Higher-order gradients: the gradient is itself a forgetful
            # function of the inputs and of the output gradients.
            xp = chainer.backend.get_array_module(*[x.array for x in xs])
            gys = [
                Variable(xp.zeros(shape, dtype), requires_grad=False) if gy is None else gy
                for gy, (shape, dtype) in zip(grad_outputs, self._out_templates)
            ]
            grad_of_func = _GradOfFunc(self.func, len(xs), float_indexes)
            gxs = Forget(grad_of_func).apply((*xs, *gys))
            by_input = dict(zip(float_indexes, gxs))
            return tuple(by_input.get(i) for i in indexes)

        # First order: rebuild the graph from fresh roots and backpropagate
        # through it; Variables that func uses besides its inputs (link
        # parameters) get their gradients here, as they would without forget.
        leaves = [_leaf(x.array) for x in xs]
        with force_backprop_mode(), using_config("in_recomputing", True):
            outs = _call(self.func, leaves)
        pairs = [(y, gy) for y, gy in zip(outs, grad_outputs) if gy is not None and y.requires_grad]
        if pairs:
            _backprop.backward([y for y, _ in pairs], [gy for _, gy in pairs])
        return tuple(leaves[i].grad_var for i in indexes)


def forget(func, *xs):
    """Calls ``func(*xs)`` without keeping its intermediate arrays.

    The forward pass runs ``func`` without recording a graph, so only the
    inputs and the outputs stay in memory; the backward pass runs ``func``
    again on the inputs to rebuild the graph and backpropagates through it,
    trading computation for memory. Variables that ``func`` uses besides its
    inputs (such as link parameters) get their gradients as usual.

    Higher-order gradients work too, when ``func`` depends only on its
    inputs (pass parameters as inputs): the gradient is then computed by a
    nested forgetful function. ``func`` must give the same result when run
    again: a function that draws random numbers (such as ``dropout``) would
    draw new ones in the backward pass. While ``func`` runs again,
    ``chainer.config.in_recomputing`` is True.

    Args:
        func (callable): a function of Variables that returns a Variable or a
            tuple of Variables.
        *xs (Variable or array): the inputs of ``func``; arrays become
            Variables (floating-point ones requiring gradients).

    Returns:
        Variable or tuple of Variable: the outputs of ``func`` (a single
        Variable when there is one).

    Raises:
        TypeError: when ``func`` is not callable.
        RuntimeError: when ``func`` returns anything but Variables, or uses
            Variables other than its inputs when higher-order gradients are
            computed.
    """
    xs = tuple(x if isinstance(x, Variable) else _leaf(x) for x in xs)
    ys = Forget(func).apply(xs)
    if len(ys) == 1:
        return ys[0]
    return ys
