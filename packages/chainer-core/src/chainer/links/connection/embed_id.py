"""EmbedID: the embedding layer, a lookup table of learned vectors indexed by integer IDs."""

from __future__ import annotations

from chainer import initializers, link
from chainer.functions.connection import embed_id as embed_id_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter

_NAME = "EmbedID"


class EmbedID(link.Link):
    """Embedding layer: maps integer IDs to rows of a learned matrix.

    The same as a :class:`Linear` layer without bias applied to one-hot
    vectors, computed by lookup (see :func:`chainer.functions.embed_id`).
    Holds the embedding matrix ``W`` of shape ``(in_size, out_size)``.

    Args:
        in_size (int): The number of distinct IDs (the vocabulary size).
        out_size (int): The length of each embedding vector.
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of shape ``(in_size, out_size)``, or None for
            ``Normal(1.0)`` (standard normal entries).
        ignore_label (int or None): An ID whose embedding is all zeros (and
            which gets no gradient).

    Attributes:
        W (~chainer.Parameter): The embedding matrix.
        ignore_label (int or None): See above.

    .. admonition:: Example

        >>> import numpy as np
        >>> import chainer.links as L
        >>> embed = L.EmbedID(10, 4, ignore_label=-1)
        >>> embed(np.array([[1, 2, -1]], np.int32)).shape
        (1, 3, 4)
    """

    ignore_label = None

    def __init__(self, in_size, out_size, initialW=None, ignore_label=None):
        super().__init__()
        in_size = _utils.check_size(_NAME, "in_size", in_size)
        out_size = _utils.check_size(_NAME, "out_size", out_size)
        if ignore_label is not None and not _utils.is_int(ignore_label):
            raise TypeError(f"{_NAME}: ignore_label must be None or an int, not {ignore_label!r}")
        self.ignore_label = None if ignore_label is None else int(ignore_label)
        with self.init_scope():
            self.W = Parameter(
                _utils.get_initializer(_NAME, "initialW", initialW, initializers.Normal(1.0))
            )
            _utils.initialize_param(
                _NAME, "initialW", self.W, _utils.array_shape(initialW), (in_size, out_size)
            )

    @property
    def printable_specs(self):
        """Yields ``in_size``, ``out_size`` and ``ignore_label`` for ``str(link)``."""
        in_size, out_size = self.W.shape
        yield "in_size", in_size
        yield "out_size", out_size
        yield "ignore_label", self.ignore_label

    def forward(self, x):
        """Looks up the embeddings of the IDs in ``x``.

        Args:
            x (Variable or array): Integer IDs of any shape, each in
                ``[0, in_size)`` or equal to ``ignore_label``.

        Returns:
            Variable: ``x.shape + (out_size,)``, the dtype of ``W``.
        """
        return embed_id_function.embed_id(x, self.W, ignore_label=self.ignore_label)
