"""The DumpGraph extension: writes the computational graph of a reported variable."""

from __future__ import annotations

import os
import warnings

from chainer import computational_graph, configuration, variable
from chainer.training import extension

__all__ = ["DumpGraph", "dump_graph"]

_VARIABLE_STYLE = {"shape": "octagon", "fillcolor": "#E0E0E0", "style": "filled"}
_FUNCTION_STYLE = {"shape": "record", "fillcolor": "#6495ED", "style": "filled"}


class DumpGraph(extension.Extension):
    """Writes, once, the graph that produced a reported variable, in Graphviz dot.

    When the training starts, ``chainer.config.keep_graph_on_report`` is set
    to True so that the reported variable keeps its graph; after the first
    iteration, the graph of ``trainer.observation[root_name]`` is built with
    :func:`chainer.computational_graph.build_computational_graph`, written to
    ``trainer.out/filename``, and the flag is restored. Render the file with
    ``dot -Tpng cg.dot -o cg.png``.

    The extension fires only once (its trigger is a method that returns True
    the first time); the fact is serialized, so a resumed training does not
    write it again.

    Args:
        root_name (str): the observation key of the root variable, e.g.
            ``'main/loss'``.
        filename (str): the file name in ``trainer.out``; ``'cg.dot'`` when None.
        variable_style (dict): dot attributes of the variable nodes.
        function_style (dict): dot attributes of the function nodes.
        out_name (str): deprecated alias of ``filename`` (keyword only).

    Raises:
        TypeError: for any other keyword argument.
    """

    default_name = "dump_graph"
    priority = extension.PRIORITY_READER

    def __init__(
        self, root_name, filename=None, variable_style=None, function_style=None, **kwargs
    ):
        if "out_name" in kwargs:
            out_name = kwargs.pop("out_name")
            warnings.warn(
                "DumpGraph: out_name is deprecated; use filename", DeprecationWarning, stacklevel=2
            )
            if filename is None:
                filename = out_name
        if kwargs:
            raise TypeError(f"DumpGraph got unexpected keyword arguments {sorted(kwargs)}")
        if not isinstance(root_name, str):
            raise TypeError(f"DumpGraph: root_name must be a str, not {root_name!r}")
        self._root_name = root_name
        self._filename = "cg.dot" if filename is None else filename
        self._variable_style = _VARIABLE_STYLE if variable_style is None else variable_style
        self._function_style = _FUNCTION_STYLE if function_style is None else function_style
        self._original_flag = None
        self._flag_called = False

    def initialize(self, trainer):
        """Turns ``keep_graph_on_report`` on (unless the graph was already written).

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        if not self._flag_called:
            self._original_flag = configuration.config.keep_graph_on_report
            configuration.config.keep_graph_on_report = True

    def trigger(self, trainer):
        """Returns True the first time only.

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Returns:
            bool: whether to write the graph now.
        """
        if self._flag_called:
            return False
        self._flag_called = True
        return True

    def __call__(self, trainer):
        """Writes the graph and restores ``keep_graph_on_report``.

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Raises:
            KeyError: when ``root_name`` was not reported.
            TypeError: when the reported value is not a Variable.
        """
        try:
            if self._root_name not in trainer.observation:
                raise KeyError(
                    f"DumpGraph: {self._root_name!r} is not in the observation; "
                    f"reported keys: {sorted(trainer.observation)}"
                )
            var = trainer.observation[self._root_name]
            if not isinstance(var, variable.Variable):
                raise TypeError(
                    f"DumpGraph: the value reported as {self._root_name!r} must be a "
                    f"Variable, not {type(var).__name__}"
                )
            graph = computational_graph.build_computational_graph(
                [var], variable_style=self._variable_style, function_style=self._function_style
            )
            path = os.path.join(trainer.out, self._filename)
            directory = os.path.dirname(path)
            if directory:
                os.makedirs(directory, exist_ok=True)
            with open(path, "w") as f:
                f.write(graph.dump())
        finally:
            self._restore_flag()

    def _restore_flag(self):
        if self._original_flag is not None:
            configuration.config.keep_graph_on_report = self._original_flag
            self._original_flag = None

    def finalize(self):
        """Restores ``keep_graph_on_report`` if the graph was never written."""
        self._restore_flag()

    def serialize(self, serializer):
        """Saves or loads whether the graph was written.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        self._flag_called = bool(serializer("_flag_called", self._flag_called))


#: Alias of :class:`DumpGraph` (its v7 name).
dump_graph = DumpGraph
