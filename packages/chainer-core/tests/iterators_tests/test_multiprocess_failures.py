"""MultiprocessIterator failures: dead workers, dataset errors, interrupts, stalls, orphans."""

import multiprocessing
import os
import signal
import threading
import time

import numpy
import pytest

from chainer.iterators import MultiprocessIterator, _multiprocess_pool

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="needs POSIX signals and timers"
)


def _kill_self():
    os.kill(os.getpid(), signal.SIGKILL)


class KillOnce:
    """Kills the worker process that reads ``index``, the first time only."""

    def __init__(self, flag_path, index, n=20):
        self.flag_path = flag_path
        self.index = index
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.index and not os.path.exists(self.flag_path):
            open(self.flag_path, "w").close()
            _kill_self()
        return numpy.full(3, i, numpy.float32)


def test_worker_killed_in_getitem_raises(tmp_path, iterators_to_finalize, deadline, resources):
    it = MultiprocessIterator(
        KillOnce(str(tmp_path / "killed"), 13), 4, shuffle=False, n_processes=2
    )
    iterators_to_finalize.append(it)
    with deadline(10):
        assert [int(x[0]) for x in next(it)] == [0, 1, 2, 3]
        next(it)
        next(it)  # while this batch is returned, the one with index 13 is loading
        pids, names = resources.of(it)
        with pytest.raises(RuntimeError, match=r"SIGKILL.*indices \[13, 15\]") as info:
            next(it)
    assert isinstance(info.value, _multiprocess_pool.WorkerError)
    # No worker is left behind, and the position did not move.
    resources.assert_released(pids, names)
    assert it.current_position == 12
    # The next call starts new workers and returns the batch that was lost.
    with deadline(10):
        assert [int(x[0]) for x in next(it)] == [12, 13, 14, 15]
        assert [int(x[0]) for x in next(it)] == [16, 17, 18, 19]


class Slow:
    def __init__(self, seconds, n=8):
        self.seconds = seconds
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        time.sleep(self.seconds)
        return i


class SlowAfter:
    """Examples from ``n_fast`` on take ``seconds`` each."""

    def __init__(self, n_fast, seconds, n=8):
        self.n_fast = n_fast
        self.seconds = seconds
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i >= self.n_fast:
            time.sleep(self.seconds)
        return i


def test_worker_killed_from_outside_raises(iterators_to_finalize, deadline):
    it = MultiprocessIterator(
        SlowAfter(2, 30.0), 2, shuffle=False, n_processes=2, dataset_timeout=None
    )
    iterators_to_finalize.append(it)
    with deadline(10):
        assert next(it) == [0, 1]  # the workers run; they now load the slow batch
        victim = it._worker_pids()[1]
        killer = threading.Timer(0.3, os.kill, (victim, signal.SIGKILL))
        killer.start()
        try:
            with pytest.raises(RuntimeError, match=f"pid {victim}.*was killed by SIGKILL"):
                next(it)
        finally:
            killer.join()
    assert multiprocessing.active_children() == []


def test_worker_exit_with_code_raises(iterators_to_finalize, deadline):
    it = MultiprocessIterator(_Exits(), 2, shuffle=False, n_processes=1)
    iterators_to_finalize.append(it)
    with deadline(10), pytest.raises(RuntimeError, match="exited with code 3"):
        next(it)


class _Exits:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        os._exit(3)


class Fails:
    def __len__(self):
        return 10

    def __getitem__(self, i):
        if i == 5:
            raise KeyError(f"no example {i}")
        return i


def test_dataset_error_is_reraised_with_the_worker_traceback(iterators_to_finalize, deadline):
    it = MultiprocessIterator(Fails(), 4, shuffle=False, n_processes=2)
    iterators_to_finalize.append(it)
    with deadline(10):
        assert next(it) == [0, 1, 2, 3]
        with pytest.raises(KeyError, match="no example 5") as info:
            next(it)
        assert "in __getitem__" in str(info.value.__cause__)
        assert "index 5" in str(info.value.__cause__)
        # The failed batch is skipped (as SerialIterator does) and the
        # workers keep going.
        assert it.current_position == 8
        assert next(it) == [8, 9, 0, 1]


def test_keyboard_interrupt_stops_the_workers(
    iterators_to_finalize, deadline, interrupt_after, resources
):
    it = MultiprocessIterator(Slow(0.4), 4, shuffle=False, n_processes=2, dataset_timeout=None)
    iterators_to_finalize.append(it)
    with deadline(20):
        with interrupt_after(0.15), pytest.raises(KeyboardInterrupt):
            it._ensure_pool()
            next(it)
        assert it._pool is None  # the workers were stopped
        assert multiprocessing.active_children() == []
        # Iteration resumes from where it was.
        assert next(it) == [0, 1, 2, 3]
        pids, names = resources.of(it)
        with interrupt_after(0.15), pytest.raises(KeyboardInterrupt):
            next(it)
        resources.assert_released(pids, names)
        assert next(it) == [4, 5, 6, 7]


def test_timeout_warning(iterators_to_finalize, deadline):
    it = MultiprocessIterator(Slow(0.4), 2, shuffle=False, n_processes=1, dataset_timeout=0.1)
    iterators_to_finalize.append(it)
    with deadline(10), pytest.warns(MultiprocessIterator.TimeoutWarning, match="0.1 seconds"):
        assert next(it) == [0, 1]
    assert issubclass(MultiprocessIterator.TimeoutWarning, RuntimeWarning)


_ORPHAN_SCRIPT = """
import multiprocessing, os, signal, sys, time
from chainer.iterators import MultiprocessIterator

multiprocessing.set_start_method("fork")  # the Dataset below lives in a -c script

class Dataset:
    def __len__(self):
        return 100
    def __getitem__(self, i):
        time.sleep(float(sys.argv[1]))
        return i

it = MultiprocessIterator(Dataset(), 4, n_processes=3, n_prefetch=2)
next(it)
print(" ".join(map(str, it._worker_pids())), flush=True)
time.sleep(0.3)
os.kill(os.getpid(), signal.SIGKILL)
"""


def is_running(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # an unreaped zombie has exited


@pytest.mark.skipif(
    not os.path.isdir("/proc/self") or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs /proc and the fork start method",
)
@pytest.mark.parametrize("seconds", ["0", "0.3"], ids=["idle_workers", "busy_workers"])
def test_workers_exit_when_the_main_process_is_killed(seconds):
    import subprocess
    import sys

    import chainer

    src = os.path.dirname(os.path.dirname(chainer.__file__))
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run(
        [sys.executable, "-c", _ORPHAN_SCRIPT, seconds],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    pids = [int(pid) for pid in result.stdout.split()]
    assert len(pids) == 3
    for _ in range(100):
        if not any(is_running(pid) for pid in pids):
            break
        time.sleep(0.1)
    assert not any(is_running(pid) for pid in pids)
