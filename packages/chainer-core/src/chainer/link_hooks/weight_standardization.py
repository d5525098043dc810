"""Weight standardization of a link's weight (Qiao et al., 2019)."""

from __future__ import annotations

import numbers

import chainer
import chainer.functions as F
from chainer import backend, link_hook
from chainer.link_hooks import _weight_hook


def _standardize(W, eps):
    """``(W - mean) / (std + eps)`` with the statistics over all axes but the first.

    The standard deviation is the biased one. A row whose elements are all
    equal (zero deviation) has a finite gradient: the derivative of the
    standard deviation there is taken as zero.
    """
    xp = backend.get_array_module(W.array)
    axes = tuple(range(1, W.ndim))
    mean = F.mean(W, axis=axes, keepdims=True)
    centered = W - F.broadcast_to(mean, W.shape)
    var = F.mean(F.square(centered), axis=axes, keepdims=True)
    positive = var.array > 0
    # sqrt has an infinite derivative at 0: feed it 1 where the variance is 0
    # and take 0 there instead, so that no NaN reaches the gradients.
    safe_var = F.where(positive, var, xp.ones_like(var.array))
    std = F.where(positive, F.sqrt(safe_var), xp.zeros_like(var.array))
    return centered / F.broadcast_to(std + eps, W.shape)


class WeightStandardization(link_hook.LinkHook):
    """Link hook that standardizes a weight per output unit.

    During each forward of the link it is registered on, the weight
    :math:`W` (at least 2 axes, output units first) is replaced by

    .. math::

        \\hat W_{o} = \\frac{W_{o} - \\mu_o}{\\sigma_o + \\epsilon},

    where :math:`\\mu_o` and :math:`\\sigma_o` are the mean and the (biased)
    standard deviation of :math:`W_o = W[o, ...]` over all its elements.
    The gradient flows to :math:`W` through :math:`\\hat W`. The weight
    attribute holds the :class:`~chainer.Parameter` again once the forward
    returns, and its data is never modified by the hook. A link whose weight
    is not initialized yet is initialized from the first input through its
    ``_initialize_params(in_size)``, as in Chainer v7.

    Weight standardization is meant for convolutions followed by group (or
    batch) normalization; it also works on linear and embedding layers.

    See: S. Qiao et al., `Micro-Batch Training with Batch-Channel
    Normalization and Weight Standardization <https://arxiv.org/abs/1903.10520>`_.

    Args:
        eps (float): the constant added to the standard deviation.
        weight_name (str): the name of the link's weight parameter.
        name (str or None): the name of the hook;
            ``'WeightStandardization'`` by default.
    """

    name = "WeightStandardization"

    def __init__(self, *, eps=1e-5, weight_name="W", name=None):
        if not isinstance(eps, numbers.Real) or eps < 0:
            raise ValueError(f"WeightStandardization: eps must be a number >= 0, got {eps!r}")
        if not isinstance(weight_name, str) or not weight_name:
            raise ValueError(
                f"WeightStandardization: weight_name must be a non-empty string, "
                f"got {weight_name!r}"
            )
        self.eps = eps
        self.weight_name = weight_name
        self.original_weight = None
        self._replacement = None
        if name is not None:
            self.name = name

    def __enter__(self):
        raise NotImplementedError(
            "WeightStandardization works on one link: register it with link.add_hook(hook) "
            "instead of using it in a with statement"
        )

    def __exit__(self, *exc_info):
        raise NotImplementedError("WeightStandardization cannot be used as a context manager")

    def added(self, link):
        """Checks that the link has the weight parameter.

        Args:
            link (~chainer.Link): the link the hook was added to.

        Raises:
            ValueError: when the link has no weight named ``weight_name``,
                or the hook is used globally.
            TypeError: when that attribute is not a Parameter.
        """
        _weight_hook.check_weight(self, link)

    def deleted(self, link):
        """Makes sure the link holds its weight Parameter.

        Args:
            link (~chainer.Link): the link the hook was removed from.
        """
        _weight_hook.restore_weight(self, link)

    def forward_preprocess(self, cb_args):
        """Replaces the link's weight by the standardized one.

        Args:
            cb_args: the callback arguments (``link``, ``args``, ``kwargs``).

        Raises:
            ValueError: when the weight has fewer than 2 axes.
        """
        link = cb_args.link
        weight = _weight_hook.current_weight(self, link)
        if weight.array is None:
            _weight_hook.initialize_lazy_weight(self, link, cb_args.args)
            weight = getattr(link, self.weight_name)
        if weight.ndim < 2:
            raise ValueError(
                f"WeightStandardization: {type(link).__name__}.{self.weight_name} has shape "
                f"{tuple(weight.shape)}; expected at least 2 axes (output units first)"
            )
        with chainer.using_device(backend.get_device_from_array(weight.array)):
            normalized = _standardize(weight, self.eps)
        _weight_hook.replace_weight(self, link, weight, normalized)

    def forward_postprocess(self, cb_args):
        """Puts the weight Parameter back on the link.

        Args:
            cb_args: the callback arguments.
        """
        _weight_hook.restore_weight(self, cb_args.link)
