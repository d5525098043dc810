"""PrintHook: prints each function call with the statistics of its arrays."""

from __future__ import annotations

import sys
import warnings

from chainer import backend
from chainer.function_hook import FunctionHook
from chainer.variable import Variable


class PrintHook(FunctionHook):
    """Prints the label, inputs and (in backward) output gradients of every function.

    Each array is summarized by :meth:`Variable.debug_print` (shape, dtype,
    device, statistics), before the forward and before the backward.

    Args:
        sep: deprecated and ignored (kept for compatibility).
        end (str): written after each printed block.
        file: a text stream; None for ``sys.stdout`` at the time of printing.
        flush (bool): flush ``file`` after each function.
    """

    name = "PrintHook"

    def __init__(self, sep=None, end="\n", file=None, flush=True):
        if sep is not None:
            warnings.warn(
                "PrintHook's sep argument is deprecated", DeprecationWarning, stacklevel=2
            )
        self.sep = sep
        self.end = end
        self.file = file
        self.flush = flush

    def _write(self, text):
        (sys.stdout if self.file is None else self.file).write(text + self.end)

    def _process(self, function, in_data, out_grad=None):
        self._write(f"function\t{function.label}")
        self._write("input data")
        for data in in_data:
            self._write("(removed)" if data is None else Variable(data).debug_print())
        if out_grad:
            self._write("output gradient")
            for grad in out_grad:
                if grad is None:
                    self._write(Variable().debug_print())
                    continue
                xp = backend.get_array_module(grad)
                holder = Variable(xp.zeros_like(grad))
                holder.grad = grad
                self._write(holder.debug_print())
        stream = sys.stdout if self.file is None else self.file
        if self.flush and hasattr(stream, "flush"):
            stream.flush()

    def forward_preprocess(self, function, in_data):
        self._process(function, in_data)

    def backward_preprocess(self, function, in_data, out_grad):
        self._process(function, in_data, out_grad)
