"""The LogReport extension: averages the observations and writes them as a JSON log."""

from __future__ import annotations

import json
import os
import tempfile
import warnings

from chainer import reporter as reporter_module
from chainer import serializer as serializer_module
from chainer.training import extension
from chainer.training import util as trigger_module

__all__ = ["LogReport"]


def _to_python(value):
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, TypeError):
            pass
    if hasattr(value, "get"):  # a CuPy scalar array
        return value.get().item()
    return value


class LogReport(extension.Extension):
    """Averages the reported values and appends them to a log, written as JSON.

    At every iteration the scalars of ``trainer.observation`` (those of
    ``keys`` only, when given) are accumulated; whenever ``trigger`` fires
    their means, with ``epoch``, ``iteration`` and ``elapsed_time``, become a
    new entry of :attr:`log`, and the whole log is written to
    ``trainer.out/filename`` as a JSON list. The file is written under a
    temporary name and renamed, so it is always complete.

    Args:
        keys (list of str): the observation keys to log; all when None.
        trigger: when to add an entry (``(1, 'epoch')`` by default).
        postprocess (callable): called with each new entry (a dict) before
            it is stored; it may change the entry in place.
        filename (str): the name of the log file in ``trainer.out``;
            ``'log'`` when None.
        log_name (str): deprecated alias of ``filename`` (keyword only);
            ``log_name=None`` writes no file.

    Raises:
        TypeError: for any other keyword argument.
    """

    def __init__(self, keys=None, trigger=(1, "epoch"), postprocess=None, filename=None, **kwargs):
        no_file = False
        if "log_name" in kwargs:
            log_name = kwargs.pop("log_name")
            warnings.warn(
                "LogReport: log_name is deprecated; use filename", DeprecationWarning, stacklevel=2
            )
            if filename is None:
                filename = log_name
                no_file = log_name is None
        if kwargs:
            raise TypeError(f"LogReport got unexpected keyword arguments {sorted(kwargs)}")
        if filename is None and not no_file:
            filename = "log"
        if postprocess is not None and not callable(postprocess):
            raise TypeError(f"LogReport: postprocess must be callable, not {postprocess!r}")
        self._keys = None if keys is None else list(keys)
        self._trigger = trigger_module.get_trigger(trigger)
        self._postprocess = postprocess
        self._log_name = filename
        self._log = []
        self._init_summary()

    def __call__(self, trainer):
        observation = trainer.observation
        if self._keys is None:
            self._summary.add(observation)
        else:
            self._summary.add({k: observation[k] for k in self._keys if k in observation})

        if not self._trigger(trainer):
            return
        stats = {key: _to_python(value) for key, value in self._summary.compute_mean().items()}
        updater = trainer.updater
        stats["epoch"] = updater.epoch
        stats["iteration"] = updater.iteration
        stats["elapsed_time"] = trainer.elapsed_time
        if self._postprocess is not None:
            self._postprocess(stats)
        self._log.append(stats)
        if self._log_name is not None:
            self._write(os.path.join(trainer.out, self._log_name.format(trainer)))
        self._init_summary()

    def _write(self, path):
        directory = os.path.dirname(path) or "."
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp_log_", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self._log, f, indent=4)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.remove(tmp)
            except OSError:
                pass
            raise

    @property
    def log(self):
        """list of dict: the entries so far (the same list object is kept)."""
        return self._log

    def serialize(self, serializer):
        """Saves or loads the trigger, the running summary and the log (as JSON text).

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if hasattr(self._trigger, "serialize"):
            self._trigger.serialize(serializer["_trigger"])
        self._summary.serialize(serializer["_summary"])
        if isinstance(serializer, serializer_module.Serializer):
            serializer("_log", json.dumps(self._log))
        else:
            log = serializer("_log", "")
            if hasattr(log, "item"):
                log = log.item()
            self._log[:] = json.loads(str(log)) if log else []

    def _init_summary(self):
        self._summary = reporter_module.DictSummary()
