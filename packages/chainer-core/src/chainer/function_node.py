"""FunctionNode: one differentiable operation, and the graph record it leaves.

An op is a subclass that writes ``forward`` (over arrays, once for every
array module through ``xp``) and ``backward`` (over Variables, with other
differentiable functions, so that higher-order gradients come for free).
:meth:`FunctionNode.apply` runs the forward pass at once and, when a gradient
may be needed, links the node into the graph.
"""

from __future__ import annotations

import traceback
import weakref

import numpy

import chainer
from chainer import _array_types, _function_hooks, _kernels, _static_trace
from chainer.configuration import config
from chainer.utils import type_check
from chainer.variable import Variable


class FunctionNode:
    """Base class of differentiable operations (Chainer v7's FunctionNode).

    Subclasses implement :meth:`forward` (or :meth:`forward_cpu` and
    :meth:`forward_gpu` where the two must differ), :meth:`backward` and,
    optionally, :meth:`check_type_forward`. A node is used once: create a
    new instance per call of :meth:`apply`.

    Attributes:
        inputs (tuple of VariableNode): the input nodes, once applied.
        outputs (tuple of weakref): weak references to the output nodes.
        rank (int): the largest rank among the inputs.
        stack: the Python stack at :meth:`apply`, kept in debug mode only.
    """

    inputs = None
    outputs = None
    rank = 0
    stack = None
    _input_indexes_to_retain = None
    _output_indexes_to_retain = None
    _retained_output_data = None
    _local_function_hooks = None

    def __call__(self, *args, **kwargs):
        raise TypeError(
            f"{type(self).__name__} (a FunctionNode) is not callable: "
            "use its apply(inputs) method instead"
        )

    @property
    def label(self):
        """A short name for messages and graphs (the class name by default)."""
        return type(self).__name__

    @property
    def local_function_hooks(self):
        """The hooks registered on this node only (an ordered dict by name)."""
        if self._local_function_hooks is None:
            self._local_function_hooks = {}
        return self._local_function_hooks

    @property
    def output_data(self):
        """The retained output arrays, in output order (None where not retained)."""
        if self._retained_output_data is None:
            raise RuntimeError(
                f"{self.label}: output_data is available only after retain_outputs()"
            )
        ret = [None] * len(self.outputs)
        for index, data in zip(self._output_indexes_to_retain, self._retained_output_data):
            ret[index] = data
        return tuple(ret)

    # -- applying ------------------------------------------------------------

    def apply(self, inputs):
        """Computes the outputs and records this node in the graph.

        Args:
            inputs (tuple of Variable or array): the inputs. Arrays are
                wrapped in Variables that need no gradient.

        Returns:
            tuple of Variable: the outputs.
        """
        if _static_trace.state.recorder is not None:
            return _static_trace.state.recorder.apply(self, inputs)
        input_vars = [x if isinstance(x, Variable) else _wrap_input(x) for x in inputs]
        in_data = tuple([x._data for x in input_vars])
        requires_grad = any([x._requires_grad for x in input_vars])

        if config.type_check and type(self).check_type_forward is not _NO_TYPE_CHECK:
            self._check_data_type_forward(in_data)

        if _function_hooks._state.hooks or self._local_function_hooks:
            hooks = _function_hooks.active_hooks(self)
            for hook in hooks:
                hook.forward_preprocess(self, in_data)
        else:
            hooks = None

        self._input_indexes_to_retain = None
        self._output_indexes_to_retain = None
        if _kernels._registry:
            outputs = _kernels.run_forward(self, in_data)
        else:
            outputs = self.forward(in_data)
        if type(outputs) is not tuple:
            if not isinstance(outputs, tuple):
                raise TypeError(
                    f"{self.label}.forward must return a tuple of arrays, "
                    f"not {type(outputs).__name__}"
                )
            outputs = tuple(outputs)
        for y in outputs:
            if not isinstance(y, _array_types.ARRAY_TYPES):
                outputs = _normalize_outputs(self, outputs)
                break

        if hooks:
            for hook in hooks:
                hook.forward_postprocess(self, in_data)

        if config.debug:
            self.stack = traceback.extract_stack()[:-1]
            _check_nan_forward(self, outputs)

        make_output = Variable._for_output
        ret = tuple([make_output(y, requires_grad) for y in outputs])

        if requires_grad and config.enable_backprop:
            input_nodes = tuple([x._node for x in input_vars])
            self.inputs = input_nodes
            rank = max([x.rank for x in input_nodes]) if input_nodes else 0
            self.rank = rank
            rank += 1
            for y in ret:
                node = y._node
                node.creator_node = self
                node.rank = rank
            self.outputs = tuple([weakref.ref(y._node) for y in ret])

            if self._input_indexes_to_retain is not None:
                for index in self._input_indexes_to_retain:
                    input_nodes[index].data = in_data[index]
            if self._output_indexes_to_retain is not None:
                self._retained_output_data = tuple(
                    [outputs[index] for index in self._output_indexes_to_retain]
                )
        return ret

    def _check_data_type_forward(self, in_data):
        # A quick check on concrete shapes first; only when it fails is the
        # symbolic check run, to build a message that names the expression.
        try:
            # Arrays carry shape, dtype, ndim and size: they serve as light types.
            with type_check.light_mode:
                self.check_type_forward(type_check.LightTypeInfoTuple(in_data))
            return
        except type_check.InvalidType:
            pass
        in_types = type_check.get_types(in_data, "in_types", False)
        with type_check.get_function_check_context(self):
            self.check_type_forward(in_types)

    # -- what subclasses write --------------------------------------------------

    def check_type_forward(self, in_types):
        """Checks the types of the inputs (override with ``type_check.expect``).

        Args:
            in_types (TypeInfoTuple): symbolic shapes and dtypes of the inputs.
        """

    def forward(self, inputs):
        """Computes the output arrays from the input arrays.

        The default calls :meth:`forward_cpu` or :meth:`forward_gpu` by the
        inputs' array type; most ops override this method instead, once for
        every array module.

        Args:
            inputs (tuple of arrays): the input arrays.

        Returns:
            tuple of arrays: the outputs.
        """
        if inputs and not isinstance(inputs[0], _array_types.CPU_ARRAY_TYPES):
            return self.forward_gpu(inputs)
        return self.forward_cpu(inputs)

    def forward_cpu(self, inputs):
        """Forward pass on NumPy arrays (only used when :meth:`forward` is not overridden)."""
        raise NotImplementedError(f"{self.label} implements neither forward nor forward_cpu")

    def forward_gpu(self, inputs):
        """Forward pass on CuPy arrays (only used when :meth:`forward` is not overridden)."""
        raise NotImplementedError(f"{self.label} implements neither forward nor forward_gpu")

    def forward_chainerx(self, inputs):
        """ChainerX is not supported; kept for API compatibility (always falls back)."""
        return chainer.Fallback

    def backward(self, target_input_indexes, grad_outputs):
        """Computes gradients of the inputs from gradients of the outputs.

        Args:
            target_input_indexes (tuple of int): the inputs whose gradients are
                needed, in increasing order.
            grad_outputs (tuple of Variable or None): the output gradients
                (None where an output got no gradient).

        Returns:
            tuple of Variable or None: gradients for every input, or for the
            targets only, in the order of ``target_input_indexes``.
        """
        raise NotImplementedError(f"{self.label} does not implement backward")

    def backward_accumulate(self, target_input_indexes, grad_outputs, grad_inputs):
        """Backward plus accumulation into gradients the inputs already have.

        Args:
            target_input_indexes (tuple of int): as in :meth:`backward`.
            grad_outputs (tuple of Variable or None): as in :meth:`backward`.
            grad_inputs (tuple of Variable or None): gradients accumulated so
                far for the targets.

        Returns:
            tuple of Variable or None: the accumulated gradients of the targets.
        """
        gxs = self._backward_targets(target_input_indexes, grad_outputs)
        return tuple(
            gx if g_in is None else g_in if gx is None else gx + g_in
            for gx, g_in in zip(gxs, grad_inputs)
        )

    def _backward_targets(self, target_input_indexes, grad_outputs):
        """Runs :meth:`backward` and returns one gradient Variable (or None) per target."""
        gxs = self.backward(target_input_indexes, grad_outputs)
        if type(gxs) is not tuple:
            gxs = tuple(gxs)
        n_targets = len(target_input_indexes)
        if len(gxs) != n_targets:
            if len(gxs) != len(self.inputs):
                raise ValueError(
                    f"{self.label}.backward returned {len(gxs)} gradients; expected one per "
                    f"input ({len(self.inputs)}) or one per target ({n_targets})"
                )
            gxs = tuple([gxs[i] for i in target_input_indexes])
        for g in gxs:
            if g is not None and type(g) is not Variable and not isinstance(g, Variable):
                return tuple([_as_grad_variable(g) for g in gxs])
        return gxs

    # -- retaining -------------------------------------------------------------

    def retain_inputs(self, indexes):
        """Declares which inputs backward needs; call from :meth:`forward`.

        Args:
            indexes (tuple of int): the indexes of the inputs to keep.
        """
        self._input_indexes_to_retain = tuple(indexes)

    def retain_outputs(self, indexes):
        """Declares which outputs backward needs; call from :meth:`forward`.

        Args:
            indexes (tuple of int): the indexes of the outputs to keep.
        """
        self._output_indexes_to_retain = tuple(indexes)

    def get_retained_inputs(self):
        """The retained inputs as Variables (graph-connected, for double backprop)."""
        if self._input_indexes_to_retain is None:
            return ()
        inputs = self.inputs
        return tuple([inputs[index].get_variable() for index in self._input_indexes_to_retain])

    def get_retained_outputs(self):
        """The retained outputs as Variables (rebuilt if their Variables are gone)."""
        if self._output_indexes_to_retain is None:
            return ()
        ret = []
        for index, data in zip(self._output_indexes_to_retain, self._retained_output_data):
            node = self.outputs[index]()
            if node is None:
                variable = Variable(data, requires_grad=True)
                node = variable._node
                node.creator_node = self
                node.rank = self.rank + 1
                outputs = list(self.outputs)
                outputs[index] = weakref.ref(node)
                self.outputs = tuple(outputs)
            else:
                variable = node._variable()
                if variable is None:
                    variable = Variable._from_node(data, node)
            ret.append(variable)
        return tuple(ret)

    # -- graph surgery and hooks --------------------------------------------

    def unchain(self):
        """Removes the references to the inputs and the retained outputs."""
        if self.outputs is not None:
            for ref in self.outputs:
                node = ref()
                if node is not None:
                    node.unchain()
        self.inputs = None
        self._retained_output_data = None

    def add_hook(self, hook, name=None):
        """Registers a :class:`~chainer.FunctionHook` on this node only.

        Args:
            hook (FunctionHook): the hook.
            name (str): its key; the hook's own name by default.
        """
        if not isinstance(hook, chainer.FunctionHook):
            raise TypeError(f"hook must be a FunctionHook, not {type(hook).__name__}")
        name = hook.name if name is None else name
        hooks = self.local_function_hooks
        if name in hooks:
            raise KeyError(f"hook {name!r} already exists")
        hooks[name] = hook
        hook.added(self)

    def delete_hook(self, name):
        """Removes the local hook registered under ``name``."""
        if name not in self.local_function_hooks:
            raise KeyError(f"hook {name!r} does not exist")
        hook = self.local_function_hooks.pop(name)
        hook.deleted(self)

    # -- legacy/compatibility members ------------------------------------------

    def check_layout_forward(self, layouts):
        """Memory layouts are not used; kept for API compatibility."""

    @property
    def input_layouts(self):
        return None if self.inputs is None else (None,) * len(self.inputs)

    @property
    def output_layouts(self):
        return None if self.outputs is None else (None,) * len(self.outputs)


_NO_TYPE_CHECK = FunctionNode.check_type_forward


def _wrap_input(x):
    if not isinstance(x, _array_types.ARRAY_TYPES):
        raise TypeError(
            "a function's inputs must be Variables or arrays (numpy.ndarray or cupy.ndarray), "
            f"but {type(x).__module__}.{type(x).__name__} was given"
        )
    return Variable(x, requires_grad=False)


def _normalize_outputs(node, outputs):
    normalized = []
    for index, y in enumerate(outputs):
        if not isinstance(y, _array_types.ARRAY_TYPES):
            if isinstance(y, numpy.generic):
                # NumPy reductions give scalars; the graph needs 0-dim arrays.
                y = numpy.asarray(y)
            else:
                raise TypeError(
                    f"{node.label}.forward returned {type(y).__name__} as output {index}; "
                    "every output must be a numpy.ndarray or cupy.ndarray"
                )
        normalized.append(y)
    return tuple(normalized)


def _as_grad_variable(g):
    if g is None or isinstance(g, Variable):
        return g
    return Variable(g, requires_grad=False)


def _format_stack(stack):
    if stack is None:
        return "(the stack was not recorded: enable debug mode before the forward pass)"
    return "".join(traceback.format_list(stack))


def _has_nan(xp, array):
    if array is None or array.dtype.kind not in "fc":
        return False
    return bool(xp.isnan(array).any())


def _check_nan_forward(node, outputs):
    for y in outputs:
        xp = chainer.backend.get_array_module(y)
        if _has_nan(xp, y):
            raise RuntimeError(
                f"NaN is detected on forward computation of {node.label}\n"
                f"The function was called at:\n{_format_stack(node.stack)}"
            )


def check_nan_backward(node, gxs):
    """Raises if a gradient computed by ``node``'s backward holds NaN (debug mode)."""
    for gx in gxs:
        if gx is None:
            continue
        xp = chainer.backend.get_array_module(gx._data)
        if _has_nan(xp, gx._data):
            raise RuntimeError(
                f"NaN is detected on backward computation of {node.label}\n"
                f"The function was called (forward) at:\n{_format_stack(node.stack)}"
            )


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    grad_inputs=None,
    set_grad=False,
    retain_grad=False,
    enable_double_backprop=False,
    loss_scale=None,
):
    """Gradients of ``outputs`` with respect to ``inputs``, without touching other grads.

    Args:
        outputs (tuple or list of Variable): the variables to differentiate.
        inputs (tuple or list of Variable): the variables to differentiate by.
        grad_outputs (tuple or list of Variable or None): initial gradients of
            the outputs; None means ones for single-element outputs.
        grad_inputs (tuple or list of Variable or None): gradients to add to
            the results.
        set_grad (bool): also store the results in ``inputs[i].grad_var``.
        retain_grad (bool): keep gradients of the intermediate variables.
        enable_double_backprop (bool): record the computation for higher-order
            gradients.
        loss_scale (float): scale of the initial gradients.

    Returns:
        list of Variable or None: one gradient per input (None when an input
        does not depend on the outputs).
    """
    from chainer import _backprop

    return _backprop.grad(
        outputs,
        inputs,
        grad_outputs=grad_outputs,
        grad_inputs=grad_inputs,
        set_grad=set_grad,
        retain_grad=retain_grad,
        enable_double_backprop=enable_double_backprop,
        loss_scale=loss_scale,
    )
