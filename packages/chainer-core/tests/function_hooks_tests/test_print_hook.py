import io

import numpy

import chainer
import chainer.functions as F
from chainer.function_hooks import PrintHook


def test_forward_and_backward_printed():
    out = io.StringIO()
    x = chainer.Variable(numpy.array([1.0, 2.0], dtype=numpy.float32))
    with PrintHook(file=out):
        y = F.sum(x * 3)
        y.backward()
    text = out.getvalue()
    assert "function\t_ * 3.0" in text
    assert "function\tSum" in text
    assert text.count("input data") >= 4  # 2 forwards + 2 backwards at least
    assert "output gradient" in text
    assert "(2,)" in text or "(2)" in text
    assert "float32" in text


def test_end_and_stdout_default(capsys):
    with PrintHook(end="|\n"):
        F.exp(numpy.ones(1, dtype=numpy.float32))
    text = capsys.readouterr().out
    assert text.startswith("function\texp|\ninput data|\n")
