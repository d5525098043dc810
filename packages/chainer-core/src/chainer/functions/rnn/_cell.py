"""Math shared by the LSTM-type cells (``lstm``, ``slstm``, ``tree_lstm``).

Every such cell has pairs of a cell input ``a_j`` and an input gate ``i_j``
(one pair for ``lstm`` and ``tree_lstm``, one per child for ``slstm``), an
output gate ``o`` and one forget gate ``f_k`` per previous cell state ``c_k``,
and computes::

    c = sum_j tanh(a_j) * sigmoid(i_j) + sum_k sigmoid(f_k) * c_k
    h = sigmoid(o) * tanh(c)

The cells differ only in how their inputs are cut into these gates. This module
holds, once for all of them:

* :func:`sigmoid`: the array sigmoid (through ``tanh``, which never overflows);
* :func:`cell_grad`: the first-order gradient over arrays (what the ``*Grad``
  nodes compute in their forward);
* :func:`cell_grad_grad`: the gradient of :func:`cell_grad` itself, written
  with differentiable functions on Variables (what the ``*Grad`` nodes return
  from their backward, so any order of derivative works).
"""

from __future__ import annotations

import dataclasses

import chainer
from chainer.functions.activation.sigmoid import sigmoid as _sigmoid_var
from chainer.functions.activation.tanh import tanh as _tanh_var


def sigmoid(xp, x, out=None):
    """``1 / (1 + exp(-x))`` over arrays, as ``tanh(x / 2) / 2 + 1 / 2``.

    Args:
        xp: the array module of ``x``.
        x (array): a floating-point array.
        out (array): where to write the result (a new array when None).

    Returns:
        array: the sigmoid of ``x``, of its dtype.
    """
    half = x.dtype.type(0.5)
    y = xp.multiply(x, half, out=out)
    xp.tanh(y, out=y)
    y *= half
    y += half
    return y


def cell_grad(cs, as_, is_, o, fs, co, gc, gh):
    """Gradients of a cell's inputs, over arrays.

    Args:
        cs (list of arrays): the previous cell states ``c_k``.
        as_, is_ (lists of arrays): the *activated* cell inputs ``tanh(a_j)``
            and input gates ``sigmoid(i_j)``.
        o (array): the activated output gate ``sigmoid(o)``.
        fs (list of arrays): the activated forget gates ``sigmoid(f_k)``.
        co (array): ``tanh(c)`` of the new cell state.
        gc (array or None): the gradient of the new cell state.
        gh (array or None): the gradient of the output ``h``.

    Returns:
        tuple: ``(gcs, gas, gis, go, gfs)``: the gradients of the previous cell
        states and of the gate *pre-activations* (all but ``go`` are lists).
    """
    if gh is not None:
        # The gradient that reaches c: through h = o * tanh(c), plus gc.
        gct = gh * o
        go = gct * co
        go *= 1 - o
        gct *= 1 - co * co
        if gc is not None:
            gct += gc
    else:
        gct = gc
        go = chainer.backend.get_array_module(o).zeros_like(o)
    gas = []
    gis = []
    for a, i in zip(as_, is_):
        ga = gct * i
        ga *= 1 - a * a
        gi = gct * a
        gi *= i
        gi *= 1 - i
        gas.append(ga)
        gis.append(gi)
    gfs = []
    gcs = []
    for c_k, f_k in zip(cs, fs):
        gf = gct * c_k
        gf *= f_k
        gf *= 1 - f_k
        gfs.append(gf)
        gcs.append(gct * f_k)
    return gcs, gas, gis, go, gfs


def _mul(*factors):
    """The product of the factors, or None when one of them is None (a zero)."""
    for f in factors:
        if f is None:
            return None
    y = factors[0]
    for f in factors[1:]:
        y = y * f
    return y


def _add(*terms):
    """The sum of the terms that are not None (None when all are)."""
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    y = terms[0]
    for t in terms[1:]:
        y = y + t
    return y


@dataclasses.dataclass
class CellGradGrad:
    """What :func:`cell_grad_grad` returns (each a Variable, or None for zero)."""

    cs: list
    as_: list
    is_: list
    o: object
    fs: list
    c: object
    gc: object
    gh: object


def cell_grad_grad(cs, as_, is_, o, fs, c, gc, gh, ggcs, ggas, ggis, ggo, ggfs):
    """The backward of :func:`cell_grad`, on Variables with differentiable functions.

    :func:`cell_grad` maps the cell's inputs ``(cs, as_, is_, o, fs)`` (gate
    *pre-activations*), the new cell state ``c`` (taken as an input of its
    own) and the output gradients ``(gc, gh)`` to ``(gcs, gas, gis, go, gfs)``.
    Given the gradients of those results, this returns the gradients of every
    argument of :func:`cell_grad`.

    Args:
        cs, fs (lists of Variable): previous cell states, forget-gate
            pre-activations.
        as_, is_ (lists of Variable): cell-input and input-gate pre-activations.
        o, c (Variable): output-gate pre-activation and the new cell state.
        gc, gh (Variable or None): the output gradients :func:`cell_grad` got.
        ggcs, ggas, ggis, ggfs (lists of Variable or None): gradients of
            ``gcs``, ``gas``, ``gis``, ``gfs``.
        ggo (Variable or None): gradient of ``go``.

    Returns:
        CellGradGrad: the gradients of ``cs, as_, is_, o, fs, c, gc, gh``.
    """
    tas = [_tanh_var(a) for a in as_]
    sis = [_sigmoid_var(i) for i in is_]
    so = _sigmoid_var(o)
    sfs = [_sigmoid_var(f) for f in fs]
    co = _tanh_var(c)
    das = [1 - t * t for t in tas]
    dis = [s * (1 - s) for s in sis]
    do = so * (1 - so)
    dfs = [s * (1 - s) for s in sfs]
    dco = 1 - co * co

    gct = _add(gc, _mul(gh, so, dco))
    # big_g: the total gradient of gct, through every result that uses it.
    big_g = _add(
        *[_mul(gg, s) for gg, s in zip(ggcs, sfs)],
        *[_mul(gg, s, d) for gg, s, d in zip(ggas, sis, das)],
        *[_mul(gg, t, d) for gg, t, d in zip(ggis, tas, dis)],
        *[_mul(gg, c_k, d) for gg, c_k, d in zip(ggfs, cs, dfs)],
    )

    g_gc = big_g if gc is not None else None
    g_gh = None
    if gh is not None:
        g_gh = _add(_mul(big_g, so, dco), _mul(ggo, co, do))
    g_c = _mul(_add(_mul(big_g, gh, so, co, -2), _mul(ggo, gh, do)), dco)
    g_o = _mul(_add(_mul(big_g, gh, dco), _mul(ggo, gh, co, 1 - 2 * so)), do)
    g_as = []
    g_is = []
    for gg_a, gg_i, t, s, da, di in zip(ggas, ggis, tas, sis, das, dis):
        g_as.append(_mul(_add(_mul(gg_a, gct, s, t, -2), _mul(gg_i, gct, di)), da))
        g_is.append(_mul(_add(_mul(gg_a, gct, da), _mul(gg_i, gct, t, 1 - 2 * s)), di))
    g_fs = []
    g_cs = []
    for gg_c, gg_f, s, d, c_k in zip(ggcs, ggfs, sfs, dfs, cs):
        g_fs.append(_mul(_add(_mul(gg_c, gct), _mul(gg_f, gct, c_k, 1 - 2 * s)), d))
        g_cs.append(_mul(gg_f, gct, d))
    return CellGradGrad(cs=g_cs, as_=g_as, is_=g_is, o=g_o, fs=g_fs, c=g_c, gc=g_gc, gh=g_gh)


def zeros_var(like, shape=None):
    """A constant zero array on ``like``'s device (for a gradient that is zero)."""
    array = like.array if isinstance(like, chainer.Variable) else like
    device = chainer.backend.get_device_from_array(array)
    with chainer.using_device(device):
        return device.xp.zeros(array.shape if shape is None else shape, dtype=array.dtype)


def or_zeros(value, like):
    """``value``, or zeros shaped like ``like`` when it is None."""
    return zeros_var(like) if value is None else value


def pad_rows(value, rows):
    """``value`` extended with zero rows to ``rows`` rows (None stays None)."""
    if value is None or value.shape[0] == rows:
        return value
    zeros = zeros_var(value, (rows - value.shape[0],) + value.shape[1:])
    return chainer.functions.concat([value, zeros], axis=0)


def head_rows(value, rows):
    """The first ``rows`` rows of ``value`` (a Variable), or None for None."""
    if value is None or value.shape[0] == rows:
        return value
    return chainer.functions.get_item(value, slice(0, rows))


def tail_rows(value, rows):
    """The rows of ``value`` from ``rows`` on, or None for None."""
    if value is None:
        return None
    return chainer.functions.get_item(value, slice(rows, None))
