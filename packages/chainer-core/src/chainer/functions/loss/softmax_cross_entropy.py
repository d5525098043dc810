"""softmax_cross_entropy: the cross entropy of ``softmax(x)`` and labels or soft targets."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.functions.activation.softmax import softmax
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.array.reshape import reshape
from chainer.functions.loss import _loss_args
from chainer.functions.math.sum import sum as _sum
from chainer.utils import type_check
from chainer.variable import Variable

_SOFT_TARGET_LOSSES = ("cross-entropy", "kl-divergence")
# Added to soft targets inside the logarithm of the KL divergence, so that
# classes of probability 0 contribute 0 and finite gradients.
_KL_EPS = 1e-7


def _log_softmax(x):
    """Log-softmax along axis 1, computed stably in ``x``'s dtype."""
    xp = chainer.backend.get_array_module(x)
    y = x - x.max(axis=1, keepdims=True)
    y -= xp.log(xp.exp(y).sum(axis=1, keepdims=True))
    return y


def _check_class_weight(class_weight):
    if class_weight is None:
        return None
    if isinstance(class_weight, Variable):
        raise TypeError(
            "softmax_cross_entropy: class_weight must be a numpy.ndarray or cupy.ndarray "
            "(constant weights), not a chainer.Variable"
        )
    if not isinstance(class_weight, _array_types.ARRAY_TYPES):
        raise TypeError(
            "softmax_cross_entropy: class_weight must be None or an array of shape "
            f"(x.shape[1],), not {type(class_weight).__name__}"
        )
    if class_weight.ndim != 1:
        raise ValueError(
            "softmax_cross_entropy: class_weight must be 1-dimensional, "
            f"but its shape is {class_weight.shape}"
        )
    if class_weight.dtype.kind != "f":
        raise ValueError(
            "softmax_cross_entropy: class_weight must have a floating-point dtype, "
            f"not {class_weight.dtype}"
        )
    return class_weight


def _check_labels(xp, t, valid, n_class, ignore_label):
    if t.size and bool(xp.any(valid & ((t < 0) | (t >= n_class)))):
        raise ValueError(
            "softmax_cross_entropy: every label t must satisfy "
            f"0 <= t < x.shape[1] = {n_class} or t == ignore_label = {ignore_label}"
        )


class SoftmaxCrossEntropy(FunctionNode):
    """Softmax over axis 1 followed by the cross entropy with the targets ``t``.

    ``t`` holds integer labels (``x``'s shape without axis 1), or soft targets
    (probabilities of ``x``'s shape). The gradient goes to ``x`` only.
    """

    def __init__(
        self,
        normalize=True,
        cache_score=True,
        class_weight=None,
        ignore_label=-1,
        reduce="mean",
        soft_target_loss="cross-entropy",
    ):
        if isinstance(ignore_label, (bool, numpy.bool_)) or not isinstance(
            ignore_label, numbers.Integral
        ):
            raise TypeError(
                "softmax_cross_entropy: ignore_label must be an int, "
                f"not {type(ignore_label).__name__}"
            )
        if soft_target_loss not in _SOFT_TARGET_LOSSES:
            raise ValueError(
                "softmax_cross_entropy: soft_target_loss must be 'cross-entropy' or "
                f"'kl-divergence', not {soft_target_loss!r}"
            )
        self.normalize = bool(normalize)
        self.cache_score = bool(cache_score)
        self.class_weight = _check_class_weight(class_weight)
        self.ignore_label = int(ignore_label)
        self.reduce = _loss_args.check_reduce("softmax_cross_entropy", reduce, ("mean", "no"))
        self.soft_target_loss = soft_target_loss
        self.soft_target = False
        # The softmax of the last forward (cache_score) and the mean's 1 / count.
        self.y = None
        self.coeff = None

    @property
    def label(self):
        return "SoftmaxCrossEntropy"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "t"))
        x_type, t_type = in_types
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim >= 2)
        if type_check.eval(t_type.dtype.kind) == "f":
            # Soft targets: a distribution over the classes at each position.
            type_check.expect(x_type.shape == t_type.shape)
        else:
            type_check.expect(
                t_type.dtype.kind == "i",
                t_type.ndim == x_type.ndim - 1,
                x_type.shape[0] == t_type.shape[0],
                x_type.shape[2:] == t_type.shape[1:],
            )

    def _class_weight(self, xp, dtype, n_class):
        """The class weights as an array of ``xp`` and ``dtype``, checked against ``n_class``."""
        cw = self.class_weight
        if cw.shape[0] != n_class:
            raise ValueError(
                "softmax_cross_entropy: class_weight must have shape (x.shape[1],) = "
                f"({n_class},), but its shape is {cw.shape}"
            )
        if chainer.backend.get_array_module(cw) is not xp:
            if not isinstance(cw, chainer.backend.get_cpu_array_types()):
                raise ValueError(
                    "softmax_cross_entropy: class_weight is on a GPU but x is on the CPU; "
                    "move class_weight to the CPU first (chainer.backend.CpuDevice().send)"
                )
            cw = xp.asarray(cw)
        return cw.astype(dtype, copy=False)

    def forward(self, inputs):
        x, t = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x)
        dtype = _loss_args.accum_dtype(x.dtype)
        self.soft_target = t.dtype.kind == "f"
        if self.soft_target and self.class_weight is not None:
            raise ValueError(
                "softmax_cross_entropy: class_weight applies to integer labels only, "
                "not to soft targets"
            )
        log_y = _log_softmax(x.astype(dtype, copy=False)) if x.size else x.astype(dtype)
        if self.cache_score:
            self.y = xp.exp(log_y)
        if self.soft_target:
            loss = self._soft_target_loss(xp, x, t.astype(dtype, copy=False), log_y)
        else:
            loss = self._label_loss(xp, x, t, log_y, dtype)
        return (xp.asarray(loss).astype(x.dtype, copy=False),)

    def _soft_target_loss(self, xp, x, t, log_y):
        if self.soft_target_loss == "kl-divergence":
            eps = t.dtype.type(_KL_EPS)
            loss = (t * (xp.log(t + eps) - log_y)).sum(axis=1)
        else:
            loss = -(t * log_y).sum(axis=1)
        if self.reduce == "no":
            return loss
        # The mean over the positions (every axis but the class axis).
        self.coeff = _loss_args.mean_coefficient(loss.size, loss.dtype)
        return loss.sum() * self.coeff

    def _label_loss(self, xp, x, t, log_y, dtype):
        n_class = x.shape[1]
        valid = t != self.ignore_label
        _check_labels(xp, t, valid, n_class, self.ignore_label)
        if x.size:
            safe = xp.where(valid, t, 0)
            loss = -xp.take_along_axis(log_y, xp.expand_dims(safe, 1), axis=1)[:, 0]
            if self.class_weight is not None:
                loss = loss * self._class_weight(xp, dtype, n_class)[safe]
            loss = xp.where(valid, loss, dtype.type(0))
        else:
            loss = xp.zeros(t.shape, dtype)
        if self.reduce == "no":
            return loss
        if self.normalize:
            # The count stays on the device (a 0-dim array, not a Python int).
            count = xp.maximum(valid.sum(), 1).astype(dtype)
            self.coeff = 1.0 / count
        else:
            self.coeff = _loss_args.mean_coefficient(x.shape[0], dtype)
        return loss.sum() * self.coeff

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        gx = _SoftmaxCrossEntropyGrad(self, t.array).apply((x, grad_outputs[0]))[0]
        return gx, None


class _SoftmaxCrossEntropyGrad(FunctionNode):
    """The gradient ``gx = (softmax(x) * a - b) * w * gloss`` of :class:`SoftmaxCrossEntropy`.

    For labels, ``a = 1``, ``b`` is the one-hot label and ``w`` the class
    weight (0 at ignored positions); for soft targets ``a`` is the targets'
    sum over the classes, ``b`` the targets and ``w = 1``. With
    ``reduce='mean'`` ``w`` also carries the mean's coefficient.
    """

    def __init__(self, parent, t):
        self.parent = parent
        self.t = t

    @property
    def label(self):
        return "SoftmaxCrossEntropyGrad"

    def _terms(self, xp, dtype, n_class):
        """``(a, b, w)``: arrays of ``dtype`` broadcastable to ``x``; ``a``, ``w`` may be None."""
        parent = self.parent
        t = self.t
        w = None
        if parent.soft_target:
            b = t.astype(dtype, copy=False)
            a = b.sum(axis=1, keepdims=True)
        else:
            a = None
            valid = t != parent.ignore_label
            safe = xp.expand_dims(xp.where(valid, t, 0), 1)
            classes = xp.arange(n_class, dtype=t.dtype).reshape((1, n_class) + (1,) * (t.ndim - 1))
            b = (classes == safe).astype(dtype)
            w = xp.expand_dims(valid, 1).astype(dtype)
            if parent.class_weight is not None:
                w *= parent._class_weight(xp, dtype, n_class)[safe]
        if parent.reduce == "mean":
            coeff = xp.asarray(parent.coeff).astype(dtype)
            w = coeff if w is None else w * coeff
        return a, b, w

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gloss = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = _loss_args.accum_dtype(x.dtype)
        y = self.parent.y
        if y is None:
            y = xp.exp(_log_softmax(x.astype(dtype, copy=False)))
        a, b, w = self._terms(xp, dtype, x.shape[1])
        gx = y - b if a is None else y * a - b
        g = gloss.astype(dtype, copy=False)
        if self.parent.reduce == "no":
            g = xp.expand_dims(g, 1)
        gx *= g if w is None else w * g
        return (gx.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, gloss = self.get_retained_inputs()
        (ggx,) = grad_outputs
        xp = chainer.backend.get_array_module(x.array)
        a, b, w = self._terms(xp, x.dtype, x.shape[1])
        mean = self.parent.reduce == "mean"
        y = softmax(x, axis=1)
        ret = []
        if 0 in indexes:
            # The softmax Jacobian applied to h = ggx * a * w * gloss.
            g = gloss if mean else expand_dims(gloss, 1)
            if w is not None:
                g = g * w
            h = ggx * g
            if a is not None:
                h = h * a
            yh = y * h
            ret.append(yh - y * _sum(yh, axis=1, keepdims=True))
        if 1 in indexes:
            q = y - b if a is None else y * a - b
            q = ggx * q
            if w is not None:
                q = q * w
            ret.append(_sum(q) if mean else reshape(_sum(q, axis=1), gloss.shape))
        return tuple(ret)


def softmax_cross_entropy(
    x,
    t,
    normalize=True,
    cache_score=True,
    class_weight=None,
    ignore_label=-1,
    reduce="mean",
    enable_double_backprop=False,
    soft_target_loss="cross-entropy",
):
    """Cross entropy between ``softmax(x)`` over axis 1 and the targets ``t``.

    With integer labels the loss at a position is ``-log softmax(x)[t]``
    (times ``class_weight[t]`` when given); positions whose label equals
    ``ignore_label`` contribute 0 and are not counted. With soft targets
    (``t`` floating point, of ``x``'s shape) the loss at a position is
    ``-sum_c t_c log softmax(x)_c`` for ``'cross-entropy'``, or
    ``sum_c t_c (log(t_c + 1e-7) - log softmax(x)_c)`` for ``'kl-divergence'``.

    Args:
        x (Variable or array): unnormalized log probabilities of shape
            ``(N, C, d_1, ..., d_k)``, floating point: ``N`` samples, ``C``
            classes; the extra axes (``k >= 0``) are independent positions.
        t (Variable or array): signed integer labels of shape
            ``(N, d_1, ..., d_k)`` with values in ``[0, C)`` or equal to
            ``ignore_label``; or floating-point soft targets of shape
            ``(N, C, d_1, ..., d_k)``. It gets no gradient.
        normalize (bool): for integer labels with ``reduce='mean'``, divide
            the summed loss by the number of non-ignored positions if True,
            by ``N`` if False. Soft-target means are over all positions.
        cache_score (bool): keep the softmax from the forward pass for the
            backward pass (faster, more memory) instead of recomputing it.
        class_weight (array or None): constant per-class weights of shape
            ``(C,)``, floating point, on ``x``'s device (a CPU array is moved to
            it); integer labels only.
        ignore_label (int): the label value of positions to leave out.
        reduce (str): ``'mean'`` for the mean loss (a scalar), ``'no'`` for the
            loss at each position (ignored positions hold 0).
        enable_double_backprop (bool): accepted for compatibility; the backward
            pass is always differentiable, so higher derivatives always work.
        soft_target_loss (str): ``'cross-entropy'`` or ``'kl-divergence'``,
            for soft targets.

    Returns:
        Variable: a 0-dim array (``reduce='mean'``) or an array of shape
        ``(N, d_1, ..., d_k)`` (``reduce='no'``), of ``x``'s dtype. float16
        inputs are computed in float32.

    Raises:
        ValueError: if a label is outside ``[0, C)`` and not ``ignore_label``,
            ``reduce`` or ``soft_target_loss`` is not one of its values,
            ``class_weight`` has the wrong shape or dtype, or is given with
            soft targets.
        TypeError: if ``ignore_label`` is not an int or ``class_weight`` is
            not an array.
    """
    node = SoftmaxCrossEntropy(
        normalize, cache_score, class_weight, ignore_label, reduce, soft_target_loss
    )
    return node.apply((x, t))[0]
