"""Numerical gradient checks: does an op's backward agree with finite differences?

:func:`check_backward` compares a *directional* derivative: it draws a random
unit direction over all inputs and parameters, differentiates the function
along it by central differences, and compares that with the inner product of
the direction and the gradients backprop computes. One direction costs two (or,
with non-differentiability detection, four) forward evaluations, whatever the
input size, yet a wrong gradient component shows up with probability one.
"""

from __future__ import annotations

import numpy

import chainer
from chainer.testing.array import assert_allclose
from chainer.variable import Variable

# Chainer v7 exposed this ``__future__`` feature object here.
absolute_import = __import__("__future__").absolute_import

__all__ = [
    "NondifferentiableError",
    "assert_allclose",
    "check_backward",
    "check_double_backward",
    "numerical_grad",
]


class NondifferentiableError(Exception):
    """The function is not differentiable at the point being checked."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else tuple(x) if isinstance(x, list) else (x,)


def _to_cpu_float64(array):
    return numpy.asarray(chainer.backend.CpuDevice().send(array), dtype=numpy.float64)


def numerical_grad(
    f,
    inputs,
    grad_outputs,
    eps=1e-3,
    detect_nondifferentiable=False,
    diff_atol=0,
    diff_rtol=1e-2,
    center_outputs=None,
):
    """Gradients of ``sum(f(inputs) * grad_outputs)`` by central differences.

    Each input array is perturbed in place, element by element, and restored.

    Args:
        f (callable): takes no arguments, reads ``inputs`` and returns a tuple
            of output arrays.
        inputs (tuple of arrays): the arrays ``f`` reads (perturbed in place).
        grad_outputs (tuple of arrays or None): weights of the outputs (None
            entries skip that output).
        eps (float or list of floats): the step, per input if a list.
        detect_nondifferentiable (bool): raise
            :class:`NondifferentiableError` where the left and right slopes
            disagree.
        diff_atol (float): absolute tolerance of that detection.
        diff_rtol (float): relative tolerance of that detection.
        center_outputs (tuple of arrays): outputs at the unperturbed point
            (computed when needed and not given).

    Returns:
        tuple of arrays: one gradient per input (float64, on the CPU).
    """
    if numpy.isscalar(eps):
        eps = [eps] * len(inputs)
    grad_outputs = [None if g is None else _to_cpu_float64(g) for g in grad_outputs]

    def weighted():
        outputs = _as_tuple(f())
        total = 0.0
        for y, gy in zip(outputs, grad_outputs):
            if gy is not None and y is not None:
                total += float((_to_cpu_float64(y) * gy).sum())
        return total

    center = None
    if detect_nondifferentiable:
        if center_outputs is not None:
            center = sum(
                float((_to_cpu_float64(y) * gy).sum())
                for y, gy in zip(center_outputs, grad_outputs)
                if gy is not None
            )
        else:
            center = weighted()

    grads = []
    for x, step in zip(inputs, eps):
        gx = numpy.zeros(x.shape, dtype=numpy.float64)
        host = x if isinstance(x, numpy.ndarray) else None
        for index in numpy.ndindex(x.shape):
            original = x[index].copy() if host is None else host[index].copy()
            x[index] = original + step
            plus = weighted()
            x[index] = original - step
            minus = weighted()
            if detect_nondifferentiable:
                x[index] = original + 2 * step
                plus2 = weighted()
                x[index] = original - 2 * step
                minus2 = weighted()
                _check_differentiable(
                    center, plus, minus, plus2, minus2, step, diff_atol, diff_rtol
                )
            x[index] = original
            gx[index] = (plus - minus) / (2 * step)
        grads.append(gx)
    return tuple(grads)


def _check_differentiable(center, plus, minus, plus2, minus2, step, atol, rtol):
    # Slopes over four adjacent intervals; a kink makes the left and right
    # pairs disagree while each pair agrees with itself, and a jump inside one
    # interval makes that interval's slope stand out from the three others.
    slopes = numpy.array(
        [
            (minus - minus2) / step,
            (center - minus) / step,
            (plus - center) / step,
            (plus2 - plus) / step,
        ]
    )
    left = slopes[:2].mean()
    right = slopes[2:].mean()
    scale = numpy.abs(slopes).max()
    if abs(left - right) > atol + rtol * scale and abs(left - right) > 4 * (
        abs(slopes[0] - slopes[1]) + abs(slopes[2] - slopes[3])
    ):
        raise NondifferentiableError(
            f"the function looks non-differentiable here: left slope {left:.6g}, "
            f"right slope {right:.6g} (step {step})"
        )
    for i in range(4):
        others = numpy.delete(slopes, i)
        gap = abs(slopes[i] - others.mean())
        if gap > atol + rtol * scale and gap > 10 * (others.max() - others.min()):
            raise NondifferentiableError(
                f"the function looks discontinuous here: slope {slopes[i]:.6g} over one "
                f"interval against {others.mean():.6g} around it (step {step})"
            )


def _directional_numerical(
    f, arrays, directions, eps, dtype, grad_outputs, detect_nondifferentiable, diff_atol, diff_rtol
):
    """Derivative of ``sum(f(arrays + t * directions) * grad_outputs)`` at t = 0."""
    base = [None if a is None else a.copy() for a in arrays]

    def at(t):
        for a, b, d in zip(arrays, base, directions):
            if d is None:
                continue
            xp = chainer.backend.get_array_module(a)
            moved = b.astype(numpy.float64) + t * xp.asarray(d, dtype=numpy.float64)
            a[...] = moved.astype(a.dtype)
        outputs = f()
        total = 0.0
        for y, gy in zip(outputs, grad_outputs):
            if gy is not None and y is not None:
                total += float((_to_cpu_float64(y) * _to_cpu_float64(gy)).sum())
        return total

    try:
        plus = at(eps)
        minus = at(-eps)
        if detect_nondifferentiable:
            center = at(0.0)
            plus2 = at(2 * eps)
            minus2 = at(-2 * eps)
            _check_differentiable(center, plus, minus, plus2, minus2, eps, diff_atol, diff_rtol)
    finally:
        for a, b in zip(arrays, base):
            if a is not None:
                a[...] = b
    return (plus - minus) / (2 * eps)


def _is_float(array):
    return array is not None and numpy.dtype(array.dtype).kind == "f"


def check_backward(
    func,
    x_data,
    y_grad,
    params=(),
    eps=1e-3,
    atol=1e-5,
    rtol=1e-4,
    no_grads=None,
    dtype=None,
    detect_nondifferentiable=False,
):
    """Checks ``func``'s backward against a numerical directional derivative.

    Args:
        func (callable): takes Variables (one per ``x_data`` entry) and returns
            a Variable or a tuple of Variables.
        x_data (array or tuple of arrays): the input arrays.
        y_grad (array or tuple of arrays or None): gradients of the outputs
            (None for a single-element output, meaning ones).
        params (Parameter or tuple of Parameters): parameters ``func`` uses,
            whose gradients are checked too.
        eps (float): the finite-difference step.
        atol (float): absolute tolerance.
        rtol (float): relative tolerance.
        no_grads (list of bool): inputs not to check (non-float ones are
            skipped automatically).
        dtype (dtype): compute the numerical gradient with inputs and
            parameters cast to this dtype (e.g. float64 for float16 ops).
        detect_nondifferentiable (bool): raise
            :class:`NondifferentiableError` when the point looks like a kink.

    Raises:
        AssertionError: when the gradients disagree (the message shows both).
    """
    x_data = _as_tuple(x_data)
    params = _as_tuple(params)
    if no_grads is None:
        no_grads = [not _is_float(x) for x in x_data]
    elif len(no_grads) != len(x_data):
        raise ValueError(f"no_grads has {len(no_grads)} entries but x_data has {len(x_data)}")

    xs = [Variable(x, requires_grad=not skip) for x, skip in zip(x_data, no_grads)]
    for p in params:
        p.cleargrad()
    ys = _as_tuple(func(*xs))
    _check_outputs(ys)
    # An output may be an input itself (identity-like functions); a fresh node
    # in between gives backprop a function to start from.
    ys = _as_tuple(chainer.functions.identity(*ys))
    if y_grad is None:
        y_grad = (None,) * len(ys)
    else:
        y_grad = _as_tuple(y_grad)
    if len(y_grad) != len(ys):
        raise ValueError(f"y_grad has {len(y_grad)} entries but func returned {len(ys)} outputs")
    grads = []
    for y, gy in zip(ys, y_grad):
        if gy is None:
            if y.array.size != 1:
                raise ValueError(
                    "y_grad is None but an output has more than one element; give y_grad"
                )
            gy = y.xp.ones_like(y.array)
        grads.append(gy)

    chainer.backward([y for y in ys], [Variable(g, requires_grad=False) for g in grads])

    analytic = []
    checked = []
    for x, skip in zip(xs, no_grads):
        if skip:
            if x.grad is not None:
                raise AssertionError("gradient computed for an input listed in no_grads")
            checked.append(None)
            continue
        analytic.append(x.grad)
        checked.append(x)
    for p in params:
        analytic.append(p.grad)

    # Numerical side: inputs (cast to dtype if asked) and parameters perturbed together.
    work_inputs = []
    for x, skip in zip(x_data, no_grads):
        if dtype is not None and not skip and _is_float(x):
            x = x.astype(dtype)
        else:
            x = x.copy()
        work_inputs.append(x)
    param_arrays = []
    original_params = []
    for p in params:
        original_params.append(p.array)
        array = p.array.astype(dtype) if dtype is not None else p.array.copy()
        param_arrays.append(array)

    targets = [x for x, skip in zip(work_inputs, no_grads) if not skip] + param_arrays
    rng = numpy.random
    directions = []
    for t in targets:
        d = rng.normal(size=t.shape)
        directions.append(d)
    norm = numpy.sqrt(sum(float((d * d).sum()) for d in directions)) or 1.0
    directions = [d / norm for d in directions]
    device_directions = [
        chainer.backend.get_device_from_array(t).send(d) for t, d in zip(targets, directions)
    ]

    def forward_arrays():
        # The graph is built (a function may itself differentiate, as in the
        # double-backward check) and thrown away.
        outs = _as_tuple(
            func(*[Variable(x, requires_grad=not skip) for x, skip in zip(work_inputs, no_grads)])
        )
        return [None if y is None else y.array for y in outs]

    try:
        for p, array in zip(params, param_arrays):
            p.array = array
        numerical = _directional_numerical(
            forward_arrays,
            targets,
            device_directions,
            eps,
            dtype,
            grads,
            detect_nondifferentiable,
            0,
            1e-2,
        )
    finally:
        for p, array in zip(params, original_params):
            p.array = array

    analytical = 0.0
    for g, d in zip(analytic, directions):
        if g is not None:
            analytical += float((_to_cpu_float64(g) * d).sum())

    try:
        assert_allclose(numpy.float64(numerical), numpy.float64(analytical), atol=atol, rtol=rtol)
    except AssertionError as error:
        lines = [
            "check_backward failed: the directional derivative by finite differences differs "
            "from the one by backprop.",
            f"  numerical:  {numerical!r}",
            f"  analytical: {analytical!r}",
        ]
        for i, (x, skip) in enumerate(zip(x_data, no_grads)):
            if not skip:
                lines.append(f"  input {i}: shape {x.shape}, dtype {x.dtype}")
        for p in params:
            lines.append(f"  param {p.name}: shape {p.shape}, dtype {p.dtype}")
        raise AssertionError("\n".join(lines) + "\n" + str(error)) from None


def _check_outputs(ys):
    for y in ys:
        if not isinstance(y, Variable):
            raise TypeError(f"the checked function must return Variables, not {type(y).__name__}")


def check_double_backward(
    func,
    x_data,
    y_grad,
    x_grad_grad,
    params=(),
    params_grad_grad=(),
    eps=1e-3,
    atol=1e-4,
    rtol=1e-3,
    no_grads=None,
    dtype=None,
    detect_nondifferentiable=False,
):
    """Checks the second-order gradients of ``func`` numerically.

    The first-order gradient map ``(x, gy) -> gx`` (computed by backprop with
    double backprop enabled) is itself checked with :func:`check_backward`,
    using ``x_grad_grad`` (and ``params_grad_grad``) as its output gradients.

    Args:
        func (callable): as in :func:`check_backward`.
        x_data (array or tuple of arrays): the inputs.
        y_grad (array or tuple of arrays or None): output gradients (inputs of
            the checked map, so their gradients are checked too).
        x_grad_grad (array or tuple of arrays): gradients of the input
            gradients.
        params (Parameter or tuple): parameters of ``func``.
        params_grad_grad (array or tuple of arrays): gradients of the
            parameter gradients.
        eps, atol, rtol, no_grads, dtype, detect_nondifferentiable: as in
            :func:`check_backward`.
    """
    x_data = _as_tuple(x_data)
    params = _as_tuple(params)
    n_x = len(x_data)
    if no_grads is None:
        no_grads = [not _is_float(x) for x in x_data]
    y_grad_tuple = None if y_grad is None else _as_tuple(y_grad)
    x_grad_grad = _as_tuple(x_grad_grad)
    params_grad_grad = _as_tuple(params_grad_grad)
    differentiated = [i for i in range(n_x) if not no_grads[i]]
    if len(x_grad_grad) != len(differentiated):
        # Chainer also accepts one entry per input.
        if len(x_grad_grad) == n_x:
            x_grad_grad = tuple(x_grad_grad[i] for i in differentiated)
        else:
            raise ValueError(
                f"x_grad_grad has {len(x_grad_grad)} entries; expected one per differentiated "
                f"input ({len(differentiated)})"
            )

    def first_order(*args):
        xs = args[:n_x]
        gys = args[n_x:]
        ys = _as_tuple(func(*xs))
        if not gys:
            gys = tuple(None for _ in ys)
        targets = [xs[i] for i in differentiated] + list(params)
        gxs = chainer.grad(list(ys), targets, grad_outputs=list(gys), enable_double_backprop=True)
        ret = []
        for t, g in zip(targets, gxs):
            if g is None:
                g = Variable(t.xp.zeros_like(t.array), requires_grad=False)
            ret.append(g)
        return tuple(ret)

    inputs = x_data + (() if y_grad_tuple is None else y_grad_tuple)
    no_grads_2 = list(no_grads) + [False] * (0 if y_grad_tuple is None else len(y_grad_tuple))
    grad_grads = tuple(x_grad_grad) + tuple(params_grad_grad)
    check_backward(
        first_order,
        inputs,
        grad_grads,
        params=params,
        eps=eps,
        atol=atol,
        rtol=rtol,
        no_grads=no_grads_2,
        dtype=dtype,
        detect_nondifferentiable=detect_nondifferentiable,
    )
