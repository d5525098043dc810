"""VariableNode: the graph's record of a Variable.

The computational graph links :class:`FunctionNode` objects through
VariableNodes, never through the user-facing :class:`~chainer.Variable`. A node
keeps the metadata backprop needs (shape, dtype, rank, creator) and an array
only when a function retained it, so a graph does not keep alive the arrays its
backward pass does not need ("aggressive buffer release").
"""

from __future__ import annotations

import weakref


class VariableNode:
    """Node of the computational graph for one :class:`~chainer.Variable`.

    Args:
        variable: the Variable this node stands for (held by weak reference).
        name: the variable's name, or None.

    Attributes:
        creator_node: the :class:`~chainer.FunctionNode` that produced the
            variable, or None for a leaf (an input or a parameter).
        rank: the node's depth in the graph (a leaf has rank 0); backprop
            visits functions in decreasing rank.
        requires_grad: whether gradients flow to this node.
        data: the array, kept only when a function retained it (else None).
    """

    __slots__ = (
        "_variable",
        "creator_node",
        "rank",
        "requires_grad",
        "data",
        "name",
        "shape",
        "dtype",
        "__weakref__",
    )

    def __init__(self, variable, name=None):
        self._variable = weakref.ref(variable)
        self.creator_node = None
        self.rank = 0
        self.requires_grad = variable._requires_grad
        self.data = None
        self.name = name
        array = variable._data
        if array is None:
            self.shape = None
            self.dtype = None
        else:
            self.shape = array.shape
            self.dtype = array.dtype

    # -- graph structure ---------------------------------------------------

    @property
    def creator(self):
        """The legacy-API creator: the wrapped ``Function`` for adapters, else the node."""
        node = self.creator_node
        if node is None:
            return None
        return getattr(node, "_legacy_function", node)

    @creator.setter
    def creator(self, func):
        self.set_creator(func)

    def set_creator(self, creator):
        """Sets a legacy ``Function`` (or a FunctionNode) as the creator."""
        self.set_creator_node(getattr(creator, "node", creator))

    def set_creator_node(self, creator_node):
        """Makes this node an output of ``creator_node``; rank becomes one more than its."""
        self.creator_node = creator_node
        self.rank = creator_node.rank + 1

    def unchain(self):
        """Cuts the link to the creator, so backprop stops here."""
        self.creator_node = None
        self.rank = 0

    @property
    def label(self):
        """A short text with the node's shape and dtype."""
        if self.shape is None:
            return "None"
        if self.shape == ():
            return str(self.dtype)
        return "({}), {}".format(", ".join(map(str, self.shape)), self.dtype)

    # -- the variable behind the node ---------------------------------------

    def get_variable(self):
        """The Variable of this node, rebuilt from the retained array if it is gone.

        Backward code calls this to reach retained inputs and outputs whose
        user-facing Variable has been garbage-collected.
        """
        variable = self._variable()
        if variable is not None:
            return variable
        from chainer.variable import Variable

        variable = Variable._from_node(self.data, self)
        return variable

    def get_variable_or_none(self):
        """The live Variable of this node, or None when it is gone."""
        return self._variable()

    def retain_data(self):
        """Keeps the variable's current array in the node (for backward)."""
        variable = self._variable()
        if variable is None:
            raise RuntimeError(
                "cannot retain the data of a variable that no longer exists: "
                "retain it while its Variable is alive"
            )
        self.data = variable._data

    def _update_from_array(self, array):
        self.shape = array.shape
        self.dtype = array.dtype

    @property
    def grad(self):
        """The gradient array of the variable, or None."""
        variable = self._variable()
        return None if variable is None else variable.grad

    @property
    def grad_var(self):
        """The gradient Variable of the variable, or None."""
        variable = self._variable()
        return None if variable is None else variable.grad_var

    def __repr__(self):
        return f"<VariableNode name={self.name} {self.label}>"
