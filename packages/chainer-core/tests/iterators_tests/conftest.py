"""Dictionary serializers for the iterator snapshot tests.

They follow the conventions of ``chainer.serializers``' DictionarySerializer
and NpzDeserializer (values stored as NumPy arrays, arrays loaded in place,
``None`` asking for the stored value, a missing key raising ``KeyError``
unless ``strict=False``) without depending on that package.
"""

import contextlib
import multiprocessing
import os
import signal
import time

import numpy
import pytest

from chainer import serializer as serializer_module


class DictSaver(serializer_module.Serializer):
    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        return DictSaver(self.target, self.path + key + "/")

    def __call__(self, key, value):
        assert value is not None, f"{self.path}{key}: serializers cannot store None"
        stored = numpy.array(value)  # a copy, as written to a file
        assert stored.dtype != object, f"{self.path}{key}: object arrays need pickle"
        self.target[self.path + key] = stored
        return value


class DictLoader(serializer_module.Deserializer):
    def __init__(self, source, path="", strict=True):
        self.source = source
        self.path = path
        self.strict = strict

    def __getitem__(self, key):
        return DictLoader(self.source, self.path + key + "/", self.strict)

    def __call__(self, key, value):
        full = self.path + key
        if full not in self.source:
            if self.strict:
                raise KeyError(full)
            return value
        stored = self.source[full]
        if value is None:
            return stored.copy()
        if isinstance(value, numpy.ndarray):
            numpy.copyto(value, stored)
            return value
        return type(value)(stored.item())


def save_state(obj):
    saver = DictSaver()
    obj.serialize(saver)
    return saver.target


def load_state(obj, state, strict=True):
    obj.serialize(DictLoader(state, strict=strict))


@pytest.fixture
def snapshot():
    """``(save_state, load_state)``."""
    return save_state, load_state


# -- worker processes (MultiprocessIterator tests) --------------------------


class Deadline(BaseException):
    """Raised by the ``deadline`` fixture when the code under test takes too long."""


@contextlib.contextmanager
def _alarm(seconds, exception):
    def on_alarm(signum, frame):
        raise exception

    # Nested alarms (an interrupt inside a deadline) restore the outer one.
    previous = signal.signal(signal.SIGALRM, on_alarm)
    start = time.monotonic()
    outer_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:
            remaining = outer_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))


@pytest.fixture
def deadline():
    """``with deadline(s):`` fails the test, instead of hanging it, after ``s`` seconds."""
    return lambda seconds: _alarm(seconds, Deadline(f"still running after {seconds} s"))


@pytest.fixture
def interrupt_after():
    """``with interrupt_after(s):`` raises KeyboardInterrupt after ``s`` seconds, like Ctrl-C."""
    return lambda seconds: _alarm(seconds, KeyboardInterrupt())


def _pid_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class _Resources:
    @staticmethod
    def of(it):
        """The worker pids and shared-memory names an iterator holds now."""
        pool = it._pool
        names = [] if pool is None else [s.shm.name for s in pool._slots if s.shm is not None]
        return it._worker_pids(), names

    @staticmethod
    def assert_released(pids, names):
        assert pids, "the test should have started workers"
        assert multiprocessing.active_children() == []
        assert not any(_pid_exists(pid) for pid in pids)
        for name in names:
            assert not os.path.exists(os.path.join("/dev/shm", name.lstrip("/")))


@pytest.fixture
def resources():
    """``resources.of(it)`` -> (pids, shm names); ``resources.assert_released(pids, names)``."""
    return _Resources


@pytest.fixture
def iterators_to_finalize():
    """A list; its iterators are finalized at teardown, which must leave no child process."""
    created = []
    yield created
    for it in created:
        it.finalize()
    assert multiprocessing.active_children() == []


@pytest.fixture(autouse=True)
def _fork_workers(monkeypatch):
    # The datasets of these tests are classes defined in the test modules,
    # which 'spawn' and 'forkserver' workers (the default from Python 3.14
    # on Linux) could not import by name: start the workers with 'fork'
    # where it exists. test_other_start_methods covers the other methods.
    if "fork" in multiprocessing.get_all_start_methods():
        from chainer.iterators import _multiprocess_pool

        context = multiprocessing.get_context("fork")
        monkeypatch.setattr(_multiprocess_pool, "_context", lambda: context)
