"""connectionist_temporal_classification: the CTC loss of label sequences.

The loss of one sample is ``-log p(t | x)``, the probability summed over
every alignment of the label sequence ``t`` to the ``T`` input steps: the
path through the extended sequence ``l' = (blank, t_1, blank, t_2, ...,
t_L, blank)`` of length ``S = 2L + 1`` that at each step stays, moves one
position on, or skips a blank between two different labels. It is computed
in log space with the forward (alpha) recursion; the gradient uses the
backward (beta) recursion. Both are vectorized over the batch and the
positions of ``l'``, with a loop over time only.
"""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.functions.activation.log_softmax import log_softmax
from chainer.functions.activation.softmax import softmax
from chainer.functions.array.cast import cast
from chainer.functions.array.concat import concat
from chainer.functions.array.get_item import _scatter_add, get_item
from chainer.functions.array.reshape import reshape
from chainer.functions.array.scatter_add import scatter_add
from chainer.functions.array.stack import stack
from chainer.functions.array.where import where
from chainer.functions.loss import _loss_args
from chainer.functions.math.exponential import exp
from chainer.functions.math.logsumexp import logsumexp
from chainer.functions.math.sum import sum as _sum
from chainer.utils import type_check
from chainer.variable import Variable

_FUNC = "connectionist_temporal_classification"
# A finite stand-in for log(0): exp() of it (and of sums of it) is exactly 0,
# and unlike -inf it never produces NaN in differences or gradients.
_LOG_ZERO = -1e30


def _log_softmax(x):
    """Log-softmax over the last axis, in ``x``'s dtype."""
    xp = chainer.backend.get_array_module(x)
    y = x - x.max(axis=-1, keepdims=True)
    y -= xp.log(xp.exp(y).sum(axis=-1, keepdims=True))
    return y


def _lse3(a, b, c, xp):
    m = xp.maximum(xp.maximum(a, b), c)
    return m + xp.log(xp.exp(a - m) + xp.exp(b - m) + xp.exp(c - m))


def _shift(xp, a, k, fill):
    """``a`` moved ``k`` positions along the last axis (right for ``k > 0``), ``fill`` let in."""
    out = xp.full_like(a, fill)
    n = a.shape[-1]
    if abs(k) < n:
        if k > 0:
            out[..., k:] = a[..., : n - k]
        else:
            out[..., :k] = a[..., -k:]
    return out


def _shift_var(xp, a, k, fill):
    """:func:`_shift` for a Variable (differentiable)."""
    n = a.shape[-1]
    if abs(k) >= n:
        return Variable(xp.full(a.shape, fill, dtype=a.dtype), requires_grad=False)
    pad = xp.full(a.shape[:-1] + (abs(k),), fill, dtype=a.dtype)
    if k > 0:
        return concat([pad, get_item(a, (Ellipsis, slice(0, n - k)))], axis=-1)
    return concat([get_item(a, (Ellipsis, slice(-k, None))), pad], axis=-1)


class _Lattice:
    """The extended label sequences and the masks of one batch (constants, no gradient).

    Attributes:
        index: the advanced index ``(:, b, l'[b, s])`` that picks, from a
            ``(T, B, V)`` array, the ``(T, B, S)`` values of the extended labels.
        skip: ``(B, S)`` bool, position ``s`` may be entered from ``s - 2``.
        skip_from: ``(B, S)`` bool, position ``s`` may go on to ``s + 2``.
        start: ``(B, S)`` bool, the positions a path may start at.
        final: ``(B, S)`` bool, the positions a path may end at.
        active: ``(T, B, 1)`` bool, step ``t`` is inside sample ``b``'s input.
        last: ``(T, B, 1)`` bool, step ``t`` is sample ``b``'s last input step.
    """

    def __init__(self, xp, t, blank, input_length, label_length, n_step):
        n_batch, max_label = t.shape
        n_pos = 2 * max_label + 1
        inside = xp.arange(max_label)[None, :] < label_length[:, None]
        labels = xp.where(inside, t, blank).astype(numpy.int32)
        ext = xp.full((n_batch, n_pos), blank, dtype=numpy.int32)
        ext[:, 1::2] = labels
        self.index = (slice(None), xp.arange(n_batch)[:, None], ext)
        self.skip = _shift(xp, ext, 2, -1) != ext
        self.skip[:, :2] = False
        self.skip_from = _shift(xp, self.skip, -2, False)
        pos = xp.arange(n_pos)[None, :]
        end = (2 * label_length + 1)[:, None]
        self.start = pos < 2
        self.final = (pos == end - 1) | (pos == end - 2)
        steps = xp.arange(n_step)[:, None, None]
        self.active = steps < input_length[None, :, None]
        self.last = steps == (input_length - 1)[None, :, None]


def _alpha(lat, lpe, xp):
    """The forward variables ``alpha[t, b, s]`` (frozen after each sample's last step)."""
    neg = lpe.dtype.type(_LOG_ZERO)
    alphas = xp.empty_like(lpe)
    alpha = xp.where(lat.start, lpe[0], neg)
    alphas[0] = alpha
    for t in range(1, lpe.shape[0]):
        prev2 = xp.where(lat.skip, _shift(xp, alpha, 2, neg), neg)
        new = _lse3(alpha, _shift(xp, alpha, 1, neg), prev2, xp) + lpe[t]
        alpha = xp.where(lat.active[t], new, alpha)
        alphas[t] = alpha
    return alphas


def _log_z(lat, alpha_last, xp):
    neg = alpha_last.dtype.type(_LOG_ZERO)
    ends = xp.where(lat.final, alpha_last, neg)
    m = ends.max(axis=1, keepdims=True)
    return (m + xp.log(xp.exp(ends - m).sum(axis=1, keepdims=True)))[:, 0]


class ConnectionistTemporalClassification(FunctionNode):
    """The CTC loss ``-log p(t | x)`` of each sample, for inputs ``x`` of shape ``(T, B, V)``.

    The softmax over ``V`` is taken inside. Only ``x`` gets a gradient.
    """

    def __init__(self, blank_symbol):
        self.blank_symbol = blank_symbol
        self._lattice = None
        self._cache = None

    @property
    def label(self):
        return "ConnectionistTemporalClassification"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "t", "input_length", "label_length"))
        x_type, t_type, in_len_type, label_len_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            x_type.ndim == 3,
            t_type.dtype.kind == "i",
            t_type.ndim == 2,
            in_len_type.dtype.kind == "i",
            in_len_type.ndim == 1,
            label_len_type.dtype.kind == "i",
            label_len_type.ndim == 1,
        )
        n_batch = x_type.shape[1]
        type_check.expect(
            t_type.shape[0] == n_batch,
            in_len_type.shape[0] == n_batch,
            label_len_type.shape[0] == n_batch,
        )

    def _check_values(self, xp, x, t, input_length, label_length):
        n_step, _, n_vocab = x.shape
        if not 0 <= self.blank_symbol < n_vocab:
            raise ValueError(
                f"{_FUNC}: blank_symbol must be in [0, V) = [0, {n_vocab}), not {self.blank_symbol}"
            )
        if input_length.size and bool(xp.any((input_length < 1) | (input_length > n_step))):
            raise ValueError(
                f"{_FUNC}: every input_length must be in [1, T] = [1, {n_step}] (T = len(x))"
            )
        if label_length.size and bool(xp.any((label_length < 0) | (label_length > t.shape[1]))):
            raise ValueError(
                f"{_FUNC}: every label_length must be in [0, t.shape[1]] = [0, {t.shape[1]}]"
            )
        inside = xp.arange(t.shape[1])[None, :] < label_length[:, None]
        if t.size and bool(xp.any(inside & ((t < 0) | (t >= n_vocab)))):
            raise ValueError(f"{_FUNC}: every label in t must be in [0, V) = [0, {n_vocab})")

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, t, input_length, label_length = inputs
        xp = chainer.backend.get_array_module(x)
        self._check_values(xp, x, t, input_length, label_length)
        lat = _Lattice(xp, t, self.blank_symbol, input_length, label_length, x.shape[0])
        self._lattice = lat
        dtype = _loss_args.accum_dtype(x.dtype)
        lpe = _log_softmax(x.astype(dtype, copy=False))[lat.index]
        alphas = _alpha(lat, lpe, xp)
        log_z = _log_z(lat, alphas[-1], xp)
        if chainer.config.enable_backprop:
            # Kept for the gradient, which needs the beta recursion on top of these.
            self._cache = (alphas, log_z)
        return ((-log_z).astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (gy,) = grad_outputs
        dtype = _loss_args.accum_dtype(x.dtype)
        lat = self._lattice
        xa = x if x.dtype == dtype else cast(x, dtype)
        occupancy = _CTCPosterior(lat, self._cache).apply((log_softmax(xa, axis=2),))[0]
        active = lat.active.astype(dtype)
        gxa = (softmax(xa, axis=2) * active - occupancy) * reshape(
            cast(gy, dtype) if gy.dtype != dtype else gy, (1, -1, 1)
        )
        gx = gxa if gxa.dtype == x.dtype else cast(gxa, x.dtype)
        return gx, None, None, None


class _CTCPosterior(FunctionNode):
    """The expected count of each (step, label) over the alignments: ``d log p / d log y``.

    Input: log probabilities ``(T, B, V)``; output of the same shape. Its
    backward is the Hessian of ``log p`` applied to the output gradient,
    computed by differentiating the forward and backward recursions in
    forward mode, with differentiable functions (so it can be differentiated
    again).
    """

    def __init__(self, lattice, cache=None):
        self.lattice = lattice
        self.cache = cache

    @property
    def label(self):
        return "CTCPosterior"

    def forward(self, inputs):
        self.retain_inputs((0,))
        (lp,) = inputs
        xp = chainer.backend.get_array_module(lp)
        lat = self.lattice
        lpe = lp[lat.index]
        if self.cache is not None and self.cache[0].dtype == lp.dtype:
            alphas, log_z = self.cache
        else:
            alphas = _alpha(lat, lpe, xp)
            log_z = _log_z(lat, alphas[-1], xp)
        neg = lp.dtype.type(_LOG_ZERO)
        gamma = xp.empty_like(lpe)
        beta = xp.full(lpe.shape[1:], neg, dtype=lp.dtype)
        for t in range(lpe.shape[0] - 1, -1, -1):
            next2 = xp.where(lat.skip_from, _shift(xp, beta, -2, neg), neg)
            new = _lse3(beta, _shift(xp, beta, -1, neg), next2, xp) + lpe[t]
            new = xp.where(lat.active[t], new, neg)
            beta = xp.where(lat.last[t], xp.where(lat.final, lpe[t], neg), new)
            gamma[t] = xp.exp(alphas[t] + beta - lpe[t] - log_z[:, None])
        occupancy = xp.zeros_like(lp)
        _scatter_add(xp, occupancy, lat.index, gamma)
        return (occupancy,)

    def backward(self, indexes, grad_outputs):
        (lp,) = self.get_retained_inputs()
        return (_posterior_hvp(self.lattice, lp, grad_outputs[0]),)


def _recursion(xp, lat, lpe, ue, reverse):
    """The alpha (or, with ``reverse``, beta) recursion and its tangent along ``ue``, as Variables.

    Returns lists over the steps of ``(value, tangent)``, both ``(B, S)``.
    """
    n_step = lpe.shape[0]
    dtype = lpe.dtype
    neg = dtype.type(_LOG_ZERO)
    zero = dtype.type(0)
    half_neg = dtype.type(_LOG_ZERO / 2)
    one, two = (-1, -2) if reverse else (1, 2)
    skip = lat.skip_from if reverse else lat.skip
    values = [None] * n_step
    tangents = [None] * n_step
    steps = range(n_step - 1, -1, -1) if reverse else range(n_step)
    value = tangent = None
    for t in steps:
        lpe_t = get_item(lpe, t)
        ue_t = get_item(ue, t)
        if value is None:
            # The first step of the recursion (beta: each sample's last step below).
            begin = lat.start if not reverse else lat.final
            value = where(begin, lpe_t, neg)
            tangent = where(begin, ue_t, zero)
            if reverse:
                value = where(lat.last[t], value, neg)
                tangent = where(lat.last[t], tangent, zero)
        else:
            cands = stack(
                [
                    value,
                    _shift_var(xp, value, one, neg),
                    where(skip, _shift_var(xp, value, two, neg), neg),
                ],
                axis=0,
            )
            dcands = stack(
                [
                    tangent,
                    _shift_var(xp, tangent, one, zero),
                    where(skip, _shift_var(xp, tangent, two, zero), zero),
                ],
                axis=0,
            )
            m = logsumexp(cands, axis=0)
            weights = exp(cands - m)
            new = m + lpe_t
            dnew = _sum(weights * dcands, axis=0) + ue_t
            # Unreachable positions (value at log 0) keep a zero tangent.
            dnew = where(new.array > half_neg, dnew, zero)
            if reverse:
                begin_v = where(lat.final, lpe_t, neg)
                begin_d = where(lat.final, ue_t, zero)
                new = where(lat.active[t], new, neg)
                dnew = where(lat.active[t], dnew, zero)
                value = where(lat.last[t], begin_v, new)
                tangent = where(lat.last[t], begin_d, dnew)
            else:
                value = where(lat.active[t], new, value)
                tangent = where(lat.active[t], dnew, tangent)
        values[t] = value
        tangents[t] = tangent
    return values, tangents


def _posterior_hvp(lat, lp, u):
    """``H u`` for the Hessian ``H`` of ``log p`` in the log probabilities ``lp`` (Variables)."""
    xp = chainer.backend.get_array_module(lp)
    lpe = get_item(lp, lat.index)
    ue = get_item(u, lat.index)
    alphas, d_alphas = _recursion(xp, lat, lpe, ue, reverse=False)
    betas, d_betas = _recursion(xp, lat, lpe, ue, reverse=True)
    alpha, d_alpha = stack(alphas, axis=0), stack(d_alphas, axis=0)
    beta, d_beta = stack(betas, axis=0), stack(d_betas, axis=0)
    neg = lp.dtype.type(_LOG_ZERO)
    log_z = logsumexp(where(lat.final, alphas[-1], neg), axis=1)
    gamma = exp(alpha + beta - lpe - reshape(log_z, (1, -1, 1)))
    d_log_z = _sum(gamma * ue, axis=(0, 2))
    d_gamma = gamma * (d_alpha + d_beta - ue - reshape(d_log_z, (1, -1, 1)))
    return scatter_add(xp.zeros(lp.shape, dtype=lp.dtype), lat.index, d_gamma)


def _int_array(name, value):
    if isinstance(value, Variable):
        value = value.array
    if not isinstance(value, _array_types.ARRAY_TYPES):
        raise TypeError(f"{_FUNC}: {name} must be an integer array, not {type(value).__name__}")
    return value


def connectionist_temporal_classification(
    x, t, blank_symbol, input_length=None, label_length=None, reduce="mean"
):
    """Connectionist temporal classification (CTC) loss.

    For sample ``b`` with inputs ``x[0][b], ..., x[T_b - 1][b]`` and labels
    ``t[b, :L_b]``, the loss is ``-log p``, ``p`` the sum over all alignments
    (the paths that emit ``t[b, :L_b]`` after removing repeats and then the
    blanks) of ``prod_i softmax(x[i][b])[path_i]``. The softmax is applied
    inside: give unnormalized scores.

    Args:
        x (list or tuple of Variable or array): ``T`` floating-point arrays of
            shape ``(B, V)`` (``B`` samples, ``V`` labels including the blank),
            one per input step.
        t (Variable or array): signed integer labels of shape ``(B, L)``; the
            first ``label_length[b]`` of row ``b`` count and must be in
            ``[0, V)``, the rest is padding (any value).
        blank_symbol (int): the index of the blank label, in ``[0, V)``.
        input_length (Variable or array or None): signed integers of shape
            ``(B,)`` in ``[1, T]``, the number of input steps of each sample;
            None means ``T`` for all.
        label_length (Variable or array or None): signed integers of shape
            ``(B,)`` in ``[0, L]``, the number of labels of each sample; None
            means ``L`` for all.
        reduce (str): ``'mean'`` for the mean of the losses over the batch (a
            scalar), ``'no'`` for each sample's loss.

    Returns:
        Variable: of ``x``'s dtype, a 0-dim array (``reduce='mean'``) or of
        shape ``(B,)`` (``reduce='no'``). float16 inputs are computed in
        float32. Only ``x`` gets a gradient. A label sequence that no
        alignment fits into the input steps gets a loss of about ``1e30``.

    Raises:
        TypeError: if ``x`` is not a list or tuple, or ``blank_symbol`` is not
            an int.
        ValueError: if ``reduce`` is not ``'mean'`` or ``'no'``, ``x`` is
            empty or its arrays differ in shape, or a length, label or
            ``blank_symbol`` is out of range.
    """
    reduce = _loss_args.check_reduce(_FUNC, reduce, ("mean", "no"))
    if not isinstance(x, (list, tuple)):
        raise TypeError(
            f"{_FUNC}: x must be a list or tuple of (B, V) Variables or arrays, "
            f"not {type(x).__name__}"
        )
    if not x:
        raise ValueError(f"{_FUNC}: x must hold at least one input step")
    if isinstance(blank_symbol, (bool, numpy.bool_)) or not isinstance(
        blank_symbol, numbers.Integral
    ):
        raise TypeError(f"{_FUNC}: blank_symbol must be an int, not {type(blank_symbol).__name__}")
    for i, xi in enumerate(x):
        if not isinstance(xi, (Variable,) + _array_types.ARRAY_TYPES):
            raise TypeError(
                f"{_FUNC}: x[{i}] must be a Variable or an array, not {type(xi).__name__}"
            )
        if xi.ndim != 2 or xi.shape != x[0].shape:
            raise ValueError(
                f"{_FUNC}: every x[i] must have the shape (B, V) of x[0], {x[0].shape}, "
                f"but x[{i}] has shape {xi.shape}"
            )
    xp = chainer.backend.get_array_module(*x)
    n_step = len(x)
    n_batch = x[0].shape[0]
    t = _int_array("t", t)
    if input_length is None:
        input_length = xp.full((n_batch,), n_step, dtype=numpy.int32)
    input_length = _int_array("input_length", input_length)
    if label_length is None:
        label_length = xp.full((n_batch,), t.shape[1] if t.ndim == 2 else 0, dtype=numpy.int32)
    label_length = _int_array("label_length", label_length)
    node = ConnectionistTemporalClassification(int(blank_symbol))
    loss = node.apply((stack(list(x), axis=0), t, input_length, label_length))[0]
    if reduce == "mean":
        return _sum(loss) * loss.dtype.type(1.0 / max(n_batch, 1))
    return loss
