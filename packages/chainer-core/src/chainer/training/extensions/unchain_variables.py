"""The unchain_variables extension: frees the graphs kept by reported variables."""

from __future__ import annotations

from chainer import variable
from chainer.training import extension

__all__ = ["unchain_variables"]


class unchain_variables(extension.Extension):  # noqa: N801 (the v7 name)
    """Calls :meth:`~chainer.Variable.unchain_backward` on every observed variable.

    Variables reported with ``chainer.config.keep_graph_on_report = True``
    keep their whole computational graph alive; this extension (with the
    lowest priority, so after every reader) cuts those graphs at each
    iteration so that their memory can be freed.
    """

    trigger = 1, "iteration"
    priority = 0

    def __call__(self, trainer):
        """Unchains the observed variables.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        for value in trainer.observation.values():
            if isinstance(value, variable.Variable):
                value.unchain_backward()
