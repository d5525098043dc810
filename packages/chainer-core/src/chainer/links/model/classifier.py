"""A chain that wraps a predictor and computes its loss (and accuracy) against labels."""

from __future__ import annotations

from chainer import link, reporter
from chainer.functions.evaluation.accuracy import accuracy
from chainer.functions.loss.softmax_cross_entropy import softmax_cross_entropy


class Classifier(link.Chain):
    """A simple classifier model: a predictor followed by a loss function.

    Calling the classifier with ``(*inputs, t)`` runs ``y = predictor(*inputs)``,
    computes ``loss = lossfun(y, t)`` and, when :attr:`compute_accuracy` is
    True, ``accuracy = accfun(y, t)``. Both values are reported with
    :func:`chainer.report` (as ``loss`` and ``accuracy``, with the classifier as
    observer, so a trainer shows them as ``main/loss`` and ``main/accuracy``),
    and the loss is returned.

    Args:
        predictor (~chainer.Link): the predictor network, registered as the
            child link ``predictor``.
        lossfun (callable): ``lossfun(y, t)`` returning a scalar Variable.
        accfun (callable): ``accfun(y, t)`` returning a scalar Variable.
        label_key (int or str): where the label sits among the arguments of
            :meth:`forward`: a position in the positional arguments (negative
            positions count from the end) or the name of a keyword argument.
            The label is removed from the arguments passed to the predictor.

    Attributes:
        predictor (~chainer.Link): the predictor.
        lossfun (callable): the loss function.
        accfun (callable): the accuracy function.
        label_key (int or str): the label's position or keyword.
        y (~chainer.Variable): the prediction of the last call.
        loss (~chainer.Variable): the loss of the last call.
        accuracy (~chainer.Variable): the accuracy of the last call (None when
            it was not computed).
        compute_accuracy (bool): whether to compute and report the accuracy
            (default True; set it False on an instance to skip it).

    Raises:
        TypeError: when ``label_key`` is neither an int nor a str.
    """

    compute_accuracy = True

    def __init__(
        self,
        predictor,
        lossfun=softmax_cross_entropy,
        accfun=accuracy,
        label_key=-1,
    ):
        if isinstance(label_key, bool) or not isinstance(label_key, (int, str)):
            raise TypeError(
                f"label_key must be an int (position) or a str (keyword), "
                f"got {type(label_key).__name__} {label_key!r}"
            )
        super().__init__()
        self.lossfun = lossfun
        self.accfun = accfun
        self.y = None
        self.loss = None
        self.accuracy = None
        self.label_key = label_key
        with self.init_scope():
            self.predictor = predictor

    def _split_label(self, args, kwargs):
        key = self.label_key
        if isinstance(key, int):
            if not -len(args) <= key < len(args):
                raise ValueError(
                    f"label_key {key} is out of bounds for {len(args)} positional argument(s)"
                )
            t = args[key]
            position = key % len(args)
            args = args[:position] + args[position + 1 :]
            return args, kwargs, t
        if key not in kwargs:
            raise ValueError(
                f"label_key {key!r} is not among the keyword arguments {sorted(kwargs)}"
            )
        kwargs = dict(kwargs)
        t = kwargs.pop(key)
        return args, kwargs, t

    def forward(self, *args, **kwargs):
        """Computes the loss (and accuracy) of the predictor's output against the label.

        Args:
            *args: the predictor's positional inputs, with the label at
                position :attr:`label_key` when that is an int.
            **kwargs: the predictor's keyword inputs, with the label under
                :attr:`label_key` when that is a str.

        Returns:
            ~chainer.Variable: the loss, as computed by :attr:`lossfun`.

        Raises:
            ValueError: when the label is not found where :attr:`label_key` says.
        """
        args, kwargs, t = self._split_label(args, kwargs)
        self.y = None
        self.loss = None
        self.accuracy = None
        self.y = self.predictor(*args, **kwargs)
        self.loss = self.lossfun(self.y, t)
        reporter.report({"loss": self.loss}, self)
        if self.compute_accuracy:
            self.accuracy = self.accfun(self.y, t)
            reporter.report({"accuracy": self.accuracy}, self)
        return self.loss
