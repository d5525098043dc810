import io

import numpy
import pytest

from chainer import _hook_timing
from chainer.link import Chain, Link
from chainer.link_hooks import TimerHook


class FakeClock:
    def __init__(self, step=1.0):
        self.now = 0.0
        self.step = step

    def __call__(self):
        self.now += self.step
        return self.now


@pytest.fixture
def fake_clock(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(_hook_timing._Stopwatch, "clock", staticmethod(clock))
    return clock


class Leaf(Link):
    def forward(self, x):
        return x + 1


class Tree(Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.a = Leaf()
            self.b = Leaf()

    def forward(self, x):
        return self.b(self.a(x))


def test_counts_and_nesting(fake_clock):
    tree = Tree()
    with TimerHook() as hook:
        tree(numpy.zeros(1))
        tree(numpy.zeros(1))
    assert [name for name, _ in hook.call_history] == ["Leaf", "Leaf", "Tree"] * 2
    # Clock ticks once per read: each Leaf spans 1 tick; Tree spans 5 ticks.
    assert [t for _, t in hook.call_history] == [1.0, 1.0, 5.0] * 2
    assert hook.total_time() == 10.0  # outermost calls only
    summary = hook.summary()
    assert list(summary) == ["Leaf", "Tree"]
    assert summary["Leaf"] == {"elapsed_time": 4.0, "occurrence": 4}
    assert summary["Tree"]["occurrence"] == 2


def test_local_registration(fake_clock):
    leaf = Leaf()
    hook = TimerHook()
    leaf.add_hook(hook)
    leaf(1)
    Leaf()(1)  # another link is not timed
    assert len(hook.call_history) == 1


def test_print_report(fake_clock):
    tree = Tree()
    with TimerHook() as hook:
        tree(0)
    out = io.StringIO()
    hook.print_report(file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["LinkName", "ElapsedTime", "Occurrence"]
    assert lines[1].split() == ["Leaf", "2.00sec", "2"]
    assert lines[2].split() == ["Tree", "5.00sec", "1"]
    assert len({len(line) for line in lines}) == 1  # aligned columns
    out = io.StringIO()
    hook.print_report(unit="ms", file=out)
    assert "5000.00ms" in out.getvalue()
    with pytest.raises(ValueError):
        hook.print_report(unit="hours", file=io.StringIO())


def test_auto_unit_small_values(monkeypatch):
    monkeypatch.setattr(_hook_timing._Stopwatch, "clock", staticmethod(FakeClock(2e-6)))
    with TimerHook() as hook:
        Leaf()(0)
    out = io.StringIO()
    hook.print_report(file=out)
    assert "2.00us" in out.getvalue()
