"""Helpers of the link hooks that replace a link's weight during its forward.

:class:`~chainer.link_hooks.SpectralNormalization` and
:class:`~chainer.link_hooks.WeightStandardization` both set the weight
attribute of the link to a normalized :class:`~chainer.Variable` (computed
from the :class:`~chainer.Parameter`, so gradients reach it) just before the
forward, and put the parameter back just after.
"""

from __future__ import annotations

import math

from chainer.parameter import Parameter


def links_module():
    """``chainer.links`` when it can be imported, else None (imported lazily)."""
    try:
        from chainer import links
    except ImportError:
        return None
    return links


def link_classes(*names):
    """The classes of ``chainer.links`` with these names that exist (maybe none)."""
    links = links_module()
    if links is None:
        return ()
    return tuple(cls for cls in (getattr(links, name, None) for name in names) if cls is not None)


def check_weight(hook, link):
    """Checks that ``link`` has the hook's weight parameter and returns it.

    Raises:
        ValueError: when the hook is used as a global hook (``link`` is None)
            or the link has no attribute named ``hook.weight_name``.
        TypeError: when that attribute is not a :class:`~chainer.Parameter`.
    """
    kind = type(hook).__name__
    if link is None:
        raise ValueError(f"{kind} works on one link: register it with link.add_hook(hook)")
    if not hasattr(link, hook.weight_name):
        raise ValueError(
            f"{kind}: {type(link).__name__} has no weight named {hook.weight_name!r} "
            "(set weight_name to the name of its weight parameter)"
        )
    weight = getattr(link, hook.weight_name)
    if not isinstance(weight, Parameter):
        raise TypeError(
            f"{kind}: {type(link).__name__}.{hook.weight_name} must be a Parameter, "
            f"not {type(weight).__name__}"
        )
    return weight


def initialize_lazy_weight(hook, link, args):
    """Initializes the link's uninitialized weight from the first input.

    Like Chainer v7, the link's ``_initialize_params(in_size)`` is called with
    the input's size along axis 1 (for :class:`~chainer.links.Linear`, the
    product of all axes but the first).

    Raises:
        ValueError: when the call has no input or the link cannot initialize
            its weight.
    """
    kind = type(hook).__name__
    name = f"{type(link).__name__}.{hook.weight_name}"
    if not args or args[0] is None:
        raise ValueError(
            f"{kind}: {name} is not initialized and the call has no input to infer its shape from"
        )
    initialize = getattr(link, "_initialize_params", None)
    if initialize is None:
        raise ValueError(
            f"{kind}: {name} is not initialized and {type(link).__name__} has no "
            "_initialize_params(in_size) method; initialize the weight before the first call"
        )
    shape = args[0].shape
    if len(shape) < 2:
        raise ValueError(
            f"{kind}: cannot infer the shape of {name} from an input of shape {tuple(shape)}: "
            "expected at least 2 axes (batch, features, ...)"
        )
    if isinstance(link, link_classes("Linear")):
        in_size = math.prod(shape[1:])
    else:
        in_size = shape[1]
    initialize(in_size)
    if getattr(link, hook.weight_name).array is None:
        raise ValueError(
            f"{kind}: {type(link).__name__}._initialize_params did not initialize {name}"
        )


def current_weight(hook, link):
    """The link's weight parameter, putting it back if a failed forward left a replacement."""
    weight = getattr(link, hook.weight_name)
    replaced = getattr(hook, "_replacement", None)
    if replaced is not None and weight is replaced:
        # The previous forward raised before forward_postprocess could restore it.
        weight = hook.original_weight
        setattr(link, hook.weight_name, weight)
    hook._replacement = None
    return weight


def replace_weight(hook, link, weight, normalized):
    """Sets the normalized weight on the link, remembering the parameter."""
    hook.original_weight = weight
    hook._replacement = normalized
    setattr(link, hook.weight_name, normalized)


def restore_weight(hook, link):
    """Puts the weight parameter back after the forward."""
    if getattr(hook, "_replacement", None) is not None:
        setattr(link, hook.weight_name, hook.original_weight)
        hook._replacement = None
