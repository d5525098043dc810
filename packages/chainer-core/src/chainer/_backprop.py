"""The backward pass: reverse-mode differentiation over the recorded graph.

Function nodes are visited in decreasing rank (a node's rank exceeds the rank
of every node it depends on), from a heap, so each node runs once, after all
the gradients of its outputs have arrived; there is no recursion, so graphs of
any depth work. Gradients arriving at one variable from several branches are
kept in a list and summed when the variable's creator runs (lazy grad sum).
"""

from __future__ import annotations

import heapq
import itertools

import chainer
from chainer import _function_hooks
from chainer.configuration import config, using_config
from chainer.variable import Variable


def _initial_grad(y, gy, loss_scale):
    """The gradient that starts backprop at output ``y``."""
    if gy is not None:
        if not isinstance(gy, Variable):
            gy = Variable(gy, requires_grad=False)
        return gy
    if y.grad_var is not None:
        return y.grad_var
    if y.array is None or y.array.size != 1:
        raise ValueError(
            f"backward from {y.summary()} needs an initial gradient: only a variable "
            "with exactly one element gets ones by default; set its .grad first"
        )
    xp = chainer.backend.get_array_module(y.array)
    g = xp.ones_like(y.array)
    if loss_scale is not None:
        g *= loss_scale
    gy = Variable(g, requires_grad=False)
    y.grad_var = gy
    return gy


def _sum_grads(grads):
    if len(grads) == 1:
        return grads[0]
    if config.enable_backprop:
        return chainer.functions.add(*grads)
    first = grads[0]._data
    total = first + grads[1]._data
    for g in grads[2:]:
        total = total + g._data
    # Adding 0-dim arrays gives a NumPy scalar; Variables hold arrays.
    return Variable(chainer.backend.get_array_module(first).asarray(total), requires_grad=False)


def _writable(gx):
    """``gx``, or a fresh copy of it when its array is a broadcast or read-only view.

    A leaf's ``grad`` is updated in place by users and optimizer hooks
    (``param.grad *= ...``); a zero-stride view (what ``broadcast_to`` gives
    ``sum``'s backward) must not be handed out as that array.
    """
    array = gx._data
    flags = getattr(array, "flags", None)
    if 0 not in array.strides and (flags is None or flags.writeable):
        return gx
    return _Materialize().apply((gx,))[0]


class _Materialize(chainer.FunctionNode):
    """A copy of the input in its own buffer; the gradient passes through."""

    @property
    def label(self):
        return "materialize"

    def forward(self, inputs):
        return (inputs[0].copy(),)

    def backward(self, indexes, grad_outputs):
        return grad_outputs


def _accumulate_leaf(variable, gx, loss_scale, owned):
    """Adds ``gx`` to a leaf's gradient.

    Without double backprop, the second gradient arriving at a leaf is added
    into a new buffer that this backward pass owns (``owned`` holds the ids of
    such leaves, mapped to the leaf to keep each id taken), and later ones are
    added into it in place: a weight used at
    every time step of an RNN then costs one buffer, not one per step.
    """
    current = variable._grad_var
    if current is None:
        variable._grad_var = _writable(gx)
    elif config.enable_backprop:
        variable._grad_var = _sum_grads([current, gx])
    elif id(variable) in owned:
        current._data += gx._data
    else:
        total = current._data + gx._data
        # Adding 0-dim arrays gives a NumPy scalar; Variables hold arrays.
        total = chainer.backend.get_array_module(total).asarray(total)
        variable._grad_var = Variable(total, requires_grad=False)
        owned[id(variable)] = variable
    if loss_scale is not None:
        variable._loss_scale = loss_scale


def _run(root_grads, retain_grad, loss_scale, targets=None):
    """Propagates gradients from ``root_grads`` (node -> list of grad Variables).

    Args:
        root_grads (dict): initial gradients of the output nodes.
        retain_grad (bool): store the gradients of intermediate variables.
        loss_scale (float or None): recorded on the leaves' variables.
        targets (dict or None): when given (``chainer.grad``), a dict from the
            nodes to differentiate by to lists collecting their gradients;
            leaves are then left untouched.
    """
    grads = {node: list(gs) for node, gs in root_grads.items()}
    roots = set(root_grads)
    counter = itertools.count()
    heap = []
    queued = set()

    def push(func):
        if func not in queued:
            queued.add(func)
            heapq.heappush(heap, (-func.rank, next(counter), func))

    for node in root_grads:
        if node.creator_node is not None:
            push(node.creator_node)

    debug = config.debug
    owned = {}  # leaves whose gradient buffer this pass allocated, by id
    pop = heapq.heappop
    while heap:
        func = pop(heap)[2]
        grad_outputs = []
        any_grad = False
        for ref in func.outputs:
            node = ref()
            g = None
            if node is not None:
                node_grads = grads.pop(node, None)
                if node_grads:
                    g = node_grads[0] if len(node_grads) == 1 else _sum_grads(node_grads)
                    any_grad = True
                    if retain_grad and node not in roots:
                        variable = node._variable()
                        if variable is not None:
                            variable._grad_var = g
            grad_outputs.append(g)
        if not any_grad:
            continue

        inputs = func.inputs
        target_indexes = tuple([i for i, x in enumerate(inputs) if x.requires_grad])
        if not target_indexes:
            continue
        grad_outputs = tuple(grad_outputs)

        if _function_hooks._state.hooks or func._local_function_hooks:
            hooks = _function_hooks.active_hooks(func)
            in_data = tuple([x.data for x in inputs])
            out_grad = tuple([None if g is None else g._data for g in grad_outputs])
            for hook in hooks:
                hook.backward_preprocess(func, in_data, out_grad)
            gxs = func._backward_targets(target_indexes, grad_outputs)
            for hook in hooks:
                hook.backward_postprocess(func, in_data, out_grad)
        else:
            gxs = func._backward_targets(target_indexes, grad_outputs)
        if debug:
            chainer.function_node.check_nan_backward(func, gxs)

        for index, gx in zip(target_indexes, gxs):
            if gx is None:
                continue
            x = inputs[index]
            if targets is not None and x in targets:
                targets[x].append(gx)
            creator = x.creator_node
            if creator is None:
                if targets is None:
                    variable = x._variable()
                    if variable is not None:
                        _accumulate_leaf(variable, gx, loss_scale, owned)
                continue
            pending = grads.get(x)
            if pending is None:
                grads[x] = [gx]
            else:
                pending.append(gx)
            if creator not in queued:
                queued.add(creator)
                heapq.heappush(heap, (-creator.rank, next(counter), creator))


def backward(
    outputs, grad_outputs=None, *, retain_grad=False, enable_double_backprop=False, loss_scale=None
):
    """Runs backprop from several outputs at once (``chainer.backward``).

    Args:
        outputs (list of Variable): where backprop starts.
        grad_outputs (list of Variable or array or None): their initial
            gradients; None entries (or None) use each output's ``grad`` or ones.
        retain_grad (bool): keep the gradients of intermediate variables.
        enable_double_backprop (bool): record the backward pass.
        loss_scale (float): scale of default initial gradients.
    """
    outputs = list(outputs)
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    elif len(grad_outputs) != len(outputs):
        raise ValueError(
            f"grad_outputs has {len(grad_outputs)} entries but outputs has {len(outputs)}"
        )
    with using_config("enable_backprop", enable_double_backprop):
        root_grads = {}
        for y, gy in zip(outputs, grad_outputs):
            g = _initial_grad(y, gy, loss_scale)
            if y.creator_node is None:
                # Backward from a leaf: its gradient is the initial one (as in Chainer v7).
                y.grad_var = g
                continue
            root_grads.setdefault(y._node, []).append(g)
        if root_grads:
            _run(root_grads, retain_grad, loss_scale)


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
    """Implementation of :func:`chainer.grad`."""
    if not isinstance(outputs, (tuple, list)):
        raise TypeError(f"outputs must be a tuple or a list, not {type(outputs).__name__}")
    if not isinstance(inputs, (tuple, list)):
        raise TypeError(f"inputs must be a tuple or a list, not {type(inputs).__name__}")
    for what, seq in (("outputs", outputs), ("inputs", inputs)):
        for v in seq:
            if not isinstance(v, Variable):
                raise TypeError(
                    f"every element of {what} must be a Variable, not {type(v).__name__}"
                )
    if grad_outputs is not None and len(grad_outputs) != len(outputs):
        raise ValueError(
            f"grad_outputs has {len(grad_outputs)} entries but outputs has {len(outputs)}"
        )
    if grad_inputs is not None and len(grad_inputs) != len(inputs):
        raise ValueError(f"grad_inputs has {len(grad_inputs)} entries but inputs has {len(inputs)}")

    with using_config("enable_backprop", enable_double_backprop):
        targets = {x._node: [] for x in inputs}
        root_grads = {}
        for i, y in enumerate(outputs):
            gy = None if grad_outputs is None else grad_outputs[i]
            if gy is None:
                if y.array.size != 1:
                    raise ValueError(
                        f"grad: output {i} ({y.summary()}) needs a gradient in grad_outputs: "
                        "only single-element outputs get ones by default"
                    )
                xp = chainer.backend.get_array_module(y.array)
                g = xp.ones_like(y.array)
                if loss_scale is not None:
                    g *= loss_scale
                gy = Variable(g, requires_grad=False)
            elif not isinstance(gy, Variable):
                gy = Variable(gy, requires_grad=False)
            root_grads.setdefault(y._node, []).append(gy)
            if y._node in targets:
                targets[y._node].append(gy)
        _run(root_grads, retain_grad, loss_scale, targets=targets)

        results = []
        for i, x in enumerate(inputs):
            collected = targets[x._node]
            if grad_inputs is not None and grad_inputs[i] is not None:
                extra = grad_inputs[i]
                collected = [
                    *collected,
                    extra if isinstance(extra, Variable) else Variable(extra, requires_grad=False),
                ]
            results.append(_sum_grads(collected) if collected else None)
    if set_grad:
        for x, gx in zip(inputs, results):
            x.grad_var = gx
    return results
