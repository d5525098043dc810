"""dropout: zeroes elements at random while training and scales up the rest."""

from __future__ import annotations

import numbers

import chainer
from chainer import _array_types
from chainer.configuration import config
from chainer.function_node import FunctionNode
from chainer.utils import type_check
from chainer.variable import Variable

_TRAIN_REMOVED = (
    "the train argument is not supported anymore; use chainer.using_config('train', False) instead"
)


def parse_kwargs(func_name, kwargs, defaults, train_removed=False):
    """The values of the keyword-only options of a noise function, in ``defaults``' order.

    Args:
        func_name (str): the public function's name, for messages.
        kwargs (dict): the keyword arguments it received.
        defaults (dict): the accepted names and their default values.
        train_removed (bool): whether ``train=`` gets the message that it was
            replaced by ``chainer.config.train``.

    Raises:
        ValueError: for ``train=`` when ``train_removed``.
        TypeError: for any other name not in ``defaults``.
    """
    if train_removed and "train" in kwargs:
        raise ValueError(f"{func_name}: {_TRAIN_REMOVED}")
    unknown = sorted(set(kwargs) - set(defaults))
    if unknown:
        accepted = ", ".join(defaults) or "none"
        raise TypeError(
            f"{func_name}() got unexpected keyword argument(s) {', '.join(unknown)}; "
            f"accepted keyword options: {accepted}"
        )
    return tuple(kwargs.get(name, value) for name, value in defaults.items())


def check_ratio(func_name, ratio, upper_inclusive=False):
    """Raises unless ``ratio`` is a real number in [0, 1) (or [0, 1])."""
    if isinstance(ratio, bool) or not isinstance(ratio, numbers.Real):
        raise TypeError(f"{func_name}: ratio must be a real number, not {ratio!r}")
    if upper_inclusive:
        if not 0.0 <= ratio <= 1.0:
            raise ValueError(f"{func_name}: ratio must be in [0, 1], not {ratio}")
    elif not 0.0 <= ratio < 1.0:
        raise ValueError(f"{func_name}: ratio must be in [0, 1), not {ratio}")
    return float(ratio)


def given_array(func_name, name, value, like, shapes):
    """``value`` (an array or a Variable's array) checked to be on ``like``'s backend
    and of one of ``shapes``."""
    if isinstance(value, Variable):
        value = value.array
    if not isinstance(value, _array_types.ARRAY_TYPES):
        raise TypeError(
            f"{func_name}: {name} must be an array (or None), not {type(value).__name__}"
        )
    if type(value) is not type(like):
        raise TypeError(
            f"{func_name}: {name} is a {type(value).__module__}.{type(value).__name__} "
            f"but the input is a {type(like).__module__}.{type(like).__name__}; "
            "move it to the input's device"
        )
    if value.shape not in shapes:
        expected = " or ".join(str(s) for s in shapes)
        raise ValueError(f"{func_name}: {name} must have shape {expected}, not {value.shape}")
    return value


class Dropout(FunctionNode):
    """Multiplies ``x`` by a mask of zeros and ``1 / (1 - ratio)``.

    Attributes:
        mask (array): the scaled mask, of ``x``'s shape and dtype (set by the
            forward pass when not given).
    """

    def __init__(self, dropout_ratio, mask=None):
        self.dropout_ratio = check_ratio("dropout", dropout_ratio)
        self.mask = mask

    @property
    def label(self):
        return "Dropout"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        if self.mask is None:
            keep = xp.random.random_sample(x.shape) >= self.dropout_ratio
            scale = x.dtype.type(1.0 / (1.0 - self.dropout_ratio))
            self.mask = xp.asarray(keep * scale, dtype=x.dtype)
        else:
            mask = given_array("dropout", "mask", self.mask, x, (x.shape,))
            self.mask = mask.astype(x.dtype, copy=False)
        return (xp.asarray(x * self.mask),)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0] * self.mask,)


def dropout(x, ratio=0.5, **kwargs):
    """Drops elements of ``x`` at random while training (``chainer.config.train``).

    Each element is kept with probability ``1 - ratio`` and then multiplied by
    ``1 / (1 - ratio)``, so the expected value is unchanged; the others become
    0. Outside training the input is returned unchanged. The random draws come
    from the global generator of ``x``'s array module (``numpy.random`` or
    ``cupy.random``), so seeding it makes them reproducible.

    Args:
        x (Variable or array): the input, floating point.
        ratio (float): the probability of dropping an element, in [0, 1).
        mask (array, keyword only): a mask to use instead of a random one, of
            ``x``'s shape, holding the multipliers (0 or ``1 / (1 - ratio)``).
        return_mask (bool, keyword only): also return the mask used.

    Returns:
        Variable or tuple: the output, of ``x``'s shape and dtype; with
        ``return_mask=True``, ``(output, mask)``, where ``mask`` is the scaled
        mask of ``x``'s dtype, or None outside training.

    Raises:
        ValueError: for ``ratio`` outside [0, 1), a ``mask`` of another
            shape, or the removed ``train=`` argument (use
            ``chainer.using_config('train', False)``).
    """
    mask, return_mask = parse_kwargs(
        "dropout", kwargs, {"mask": None, "return_mask": False}, train_removed=True
    )
    check_ratio("dropout", ratio)
    if config.train:
        func = Dropout(ratio, mask)
        out = func.apply((x,))[0]
        mask = func.mask
    else:
        out = chainer.as_variable(x)
        mask = None
    if return_mask:
        return out, mask
    return out
