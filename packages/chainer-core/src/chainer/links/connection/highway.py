"""Highway: a gated layer that mixes a transformed input with the input itself."""

from __future__ import annotations

import chainer.functions as F
from chainer import link
from chainer.links.connection import _utils
from chainer.links.connection.linear import Linear


class Highway(link.Chain):
    """Highway module (Srivastava et al., 2015).

    ``y = a(x W_H^T + b_H) * t + x * (1 - t)`` with the transform gate
    ``t = sigmoid(x W_T^T + b_T)``: the gate decides, feature by feature,
    whether the output is the transformed input or the input carried over.
    Both affine maps are :class:`Linear` links from ``in_out_size`` to
    ``in_out_size``.

    Args:
        in_out_size (int): The number of input and output features.
        nobias (bool): If True, neither Linear has a bias.
        activate (callable): The activation ``a`` (default
            :func:`chainer.functions.relu`).
        init_Wh: The initializer of ``plain.W`` (None for LeCunNormal).
        init_Wt: The initializer of ``transform.W`` (None for LeCunNormal).
        init_bh: The initializer of ``plain.b`` (None for zeros).
        init_bt: The initializer of ``transform.b`` (default -1, so the gate
            starts mostly closed and the input is carried over).

    Attributes:
        plain (Linear): The transform ``x W_H^T + b_H``.
        transform (Linear): The gate's pre-activation ``x W_T^T + b_T``.
        activate (callable): The activation.
    """

    def __init__(
        self,
        in_out_size,
        nobias=False,
        activate=F.relu,
        init_Wh=None,
        init_Wt=None,
        init_bh=None,
        init_bt=-1,
    ):
        super().__init__()
        in_out_size = _utils.check_size("Highway", "in_out_size", in_out_size)
        if not callable(activate):
            raise TypeError(f"Highway: activate must be callable, not {activate!r}")
        self.activate = activate
        with self.init_scope():
            self.plain = Linear(
                in_out_size, in_out_size, nobias=nobias, initialW=init_Wh, initial_bias=init_bh
            )
            self.transform = Linear(
                in_out_size, in_out_size, nobias=nobias, initialW=init_Wt, initial_bias=init_bt
            )

    def forward(self, x):
        """Applies the highway layer.

        Args:
            x (Variable or array): The input ``(N, in_out_size)``, floating point.

        Returns:
            Variable: ``(N, in_out_size)``, the dtype of ``x``.
        """
        h = self.activate(self.plain(x))
        t = F.sigmoid(self.transform(x))
        return h * t + x * (1 - t)
