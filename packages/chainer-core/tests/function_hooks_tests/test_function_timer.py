import io

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import _hook_timing
from chainer.function_hooks import TimerHook


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


@pytest.fixture(autouse=True)
def fake_clock(monkeypatch):
    monkeypatch.setattr(_hook_timing._Stopwatch, "clock", staticmethod(FakeClock()))


def test_forward_and_backward_calls_counted():
    x = chainer.Variable(numpy.ones(3, dtype=numpy.float32))
    with TimerHook() as hook:
        y = F.sum(F.exp(x))
        y.backward()
    names = [name for name, _ in hook.call_history]
    # two forwards, then the backward of Sum and of Exp (each may apply ops of its own)
    assert names[:2] == ["Exp", "Sum"]
    assert names.count("Exp") >= 2 and names.count("Sum") >= 2
    summary = hook.summary()
    assert summary["Exp"]["occurrence"] == names.count("Exp")
    assert all(t == 1.0 for name, t in hook.call_history[:2])
    outer = hook.total_time()
    assert 4.0 <= outer <= sum(t for _, t in hook.call_history)


def test_not_active_outside_with():
    hook = TimerHook()
    with hook:
        F.exp(numpy.ones(1, dtype=numpy.float32))
    F.exp(numpy.ones(1, dtype=numpy.float32))
    assert len(hook.call_history) == 1
    assert chainer.get_function_hooks() == {}


def test_print_report():
    with TimerHook() as hook:
        F.exp(numpy.ones(1, dtype=numpy.float32))
        F.exp(numpy.ones(1, dtype=numpy.float32))
    out = io.StringIO()
    hook.print_report(file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["FunctionName", "ElapsedTime", "Occurrence"]
    assert lines[1].split() == ["Exp", "2.00sec", "2"]
    out = io.StringIO()
    hook.print_report(unit="us", file=out)
    assert "2000000.00us" in out.getvalue()
