"""The legacy ``chainer.Function`` API, as a thin adapter over FunctionNode.

Old-style functions compute gradients on arrays, so they cannot be
differentiated twice; new code should subclass :class:`~chainer.FunctionNode`.
"""

from __future__ import annotations

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.variable import Variable


class FunctionAdapter(FunctionNode):
    """The FunctionNode that runs a legacy :class:`Function` inside the graph.

    Args:
        function (Function): the legacy function.
    """

    def __init__(self, function):
        self._function = function
        self._legacy_function = function

    @property
    def function(self):
        """The wrapped legacy function."""
        return self._function

    @property
    def label(self):
        return self._function.label

    def check_type_forward(self, in_types):
        self._function.check_type_forward(in_types)

    def forward(self, inputs):
        # Old-style functions keep every input unless they say otherwise.
        function = self._function
        retained = function._input_indexes_to_retain
        self.retain_inputs(range(len(inputs)) if retained is None else retained)
        outputs = function.forward(inputs)
        if function._output_indexes_to_retain is not None:
            self.retain_outputs(function._output_indexes_to_retain)
        return tuple(outputs)

    def backward(self, target_input_indexes, grad_outputs):
        in_data = [None] * len(self.inputs)
        for index in self._input_indexes_to_retain or ():
            in_data[index] = self.inputs[index].data
        grad_out_data = []
        for ref, g in zip(self.outputs, grad_outputs):
            if g is not None:
                grad_out_data.append(g.array)
                continue
            # Old-style backward code expects arrays: a missing gradient is zeros.
            node = ref()
            xp = chainer.backend.get_array_module(*[x for x in in_data if x is not None])
            grad_out_data.append(None if node is None else xp.zeros(node.shape, node.dtype))
        with chainer.using_config("enable_backprop", False):
            gxs = self._function.backward(tuple(in_data), tuple(grad_out_data))
        if not isinstance(gxs, (tuple, list)):
            raise TypeError(
                f"{self.label}.backward must return a tuple of arrays, not {type(gxs).__name__}"
            )
        ret = []
        for i in target_input_indexes:
            gx = gxs[i]
            if gx is None:
                ret.append(None)
            else:
                if not isinstance(gx, _array_types.ARRAY_TYPES):
                    gx = chainer.backend.get_array_module(*in_data).asarray(gx)
                ret.append(Variable(gx, requires_grad=False))
        return tuple(ret)


class Function:
    """Base class of old-style (array-level) differentiable functions.

    Implement ``forward`` (or ``forward_cpu``/``forward_gpu``) and ``backward``
    (or ``backward_cpu``/``backward_gpu``) on arrays; calling the function on
    Variables applies it through a :class:`FunctionAdapter`. Every input is
    retained for backward unless :meth:`retain_inputs` says otherwise.
    """

    _input_indexes_to_retain = None
    _output_indexes_to_retain = None
    _node = None

    def __call__(self, *inputs):
        self._node = FunctionAdapter(self)
        ret = self._node.apply(inputs)
        return ret[0] if len(ret) == 1 else ret

    @property
    def node(self):
        """The FunctionAdapter of the latest call."""
        if self._node is None:
            self._node = FunctionAdapter(self)
        return self._node

    @property
    def label(self):
        return type(self).__name__

    @property
    def inputs(self):
        """The input Variables of the latest call (rebuilt from retained data if needed)."""
        return tuple(x.get_variable() for x in self.node.inputs)

    @property
    def outputs(self):
        """Weak references to the output Variables of the latest call."""
        import weakref

        refs = []
        for ref in self.node.outputs:
            node = ref()
            variable = None if node is None else node.get_variable_or_none()
            refs.append(weakref.ref(variable) if variable is not None else (lambda: None))
        return tuple(refs)

    @property
    def rank(self):
        return self.node.rank

    @property
    def stack(self):
        return self.node.stack

    @property
    def output_data(self):
        return self.node.output_data

    @property
    def local_function_hooks(self):
        return self.node.local_function_hooks

    def check_type_forward(self, in_types):
        """Checks input types (override with ``type_check.expect``)."""

    def forward(self, inputs):
        """Array forward; dispatches to forward_cpu or forward_gpu by the array type."""
        if inputs and not isinstance(inputs[0], _array_types.CPU_ARRAY_TYPES):
            return self.forward_gpu(inputs)
        return self.forward_cpu(inputs)

    def forward_cpu(self, inputs):
        """NumPy forward."""
        raise NotImplementedError(f"{self.label} implements neither forward nor forward_cpu")

    def forward_gpu(self, inputs):
        """CuPy forward."""
        raise NotImplementedError(f"{self.label} implements neither forward nor forward_gpu")

    def backward(self, inputs, grad_outputs):
        """Array backward; dispatches to backward_cpu or backward_gpu by the array type."""
        arrays = [x for x in inputs + grad_outputs if x is not None]
        if arrays and not isinstance(arrays[0], _array_types.CPU_ARRAY_TYPES):
            return self.backward_gpu(inputs, grad_outputs)
        return self.backward_cpu(inputs, grad_outputs)

    def backward_cpu(self, inputs, grad_outputs):
        """NumPy backward (no gradients by default)."""
        return tuple(None for _ in inputs)

    def backward_gpu(self, inputs, grad_outputs):
        """CuPy backward (no gradients by default)."""
        return tuple(None for _ in inputs)

    def retain_inputs(self, indexes):
        """Keeps only these inputs for backward (call in forward)."""
        self._input_indexes_to_retain = tuple(indexes)

    def retain_outputs(self, indexes, retain_after_backward=False):
        """Keeps these outputs for backward (call in forward)."""
        self._output_indexes_to_retain = tuple(indexes)

    def unchain(self):
        """Removes references to inputs and outputs of the latest call."""
        self.node.unchain()

    def add_hook(self, hook, name=None):
        """Registers a function hook on the latest call's node."""
        self.node.add_hook(hook, name)

    def delete_hook(self, name):
        """Removes a local hook."""
        self.node.delete_hook(name)
