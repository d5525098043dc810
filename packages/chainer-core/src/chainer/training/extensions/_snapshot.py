"""The snapshot extensions: save the trainer (or any object) during training."""

from __future__ import annotations

import os
import re

from chainer.training import extension
from chainer.training.extensions import _snapshot_writers

__all__ = ["snapshot", "snapshot_object"]


def _find_snapshot_files(fmt, path):
    """``(mtime_ns, numbers, name)`` of the files of ``path`` that ``fmt`` could have made.

    The ``{...}`` fields of ``fmt`` match any text; files are ordered by
    modification time, then by the numbers found in the fields.
    """
    pieces = re.split(r"\{[^{}]*\}", fmt)
    pattern = re.compile("^" + "(.*?)".join(re.escape(p) for p in pieces) + "$")
    try:
        names = os.listdir(path)
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        if name.startswith(_snapshot_writers.TEMP_PREFIX):
            continue
        m = pattern.match(name)
        if m is None:
            continue
        full = os.path.join(path, name)
        if not os.path.isfile(full):
            continue
        numbers = tuple(int(g) if g.isdigit() else -1 for g in m.groups())
        found.append((os.stat(full).st_mtime_ns, numbers, name))
    found.sort()
    return found


def _loadfun_for(savefun):
    from chainer import serializers

    if savefun is None or savefun is serializers.save_npz:
        return serializers.load_npz
    if savefun is serializers.save_hdf5:
        return serializers.load_hdf5
    return None


class _Snapshot(extension.Extension):
    """The extension made by :func:`snapshot` (see there)."""

    trigger = 1, "epoch"
    priority = -100  # after the readers: their state of this iteration is saved

    def __init__(
        self,
        target=None,
        condition=None,
        writer=None,
        filename="snapshot_iter_{.updater.iteration}",
        snapshot_on_error=False,
        n_retains=-1,
        autoload=False,
        loadfun=None,
    ):
        if condition is not None and not callable(condition):
            raise TypeError(f"snapshot: condition must be callable, not {condition!r}")
        if not isinstance(filename, str):
            raise TypeError(f"snapshot: filename must be a format string, not {filename!r}")
        if isinstance(n_retains, bool) or not isinstance(n_retains, int):
            raise TypeError(f"snapshot: n_retains must be an int, not {n_retains!r}")
        if n_retains == 0:
            raise ValueError("snapshot: n_retains must be positive (or negative to keep all)")
        if autoload and loadfun is None:
            raise ValueError(
                "snapshot: autoload=True needs a savefun whose files can be loaded "
                "(save_npz or save_hdf5)"
            )
        self._target = target
        self._condition = condition
        self.writer = writer
        self.filename = filename
        self.snapshot_on_error = bool(snapshot_on_error)
        self.n_retains = n_retains
        self.autoload = bool(autoload)
        self._loadfun = loadfun
        self._outdir = None

    def initialize(self, trainer):
        """Loads the latest snapshot of ``trainer.out`` when ``autoload`` is set.

        The files the ``filename`` pattern could have made are tried from
        the newest; one that cannot be read (truncated, say) is skipped with
        a warning.

        Returns:
            str or None: the path of the loaded snapshot.
        """
        self._outdir = trainer.out
        if isinstance(self.writer, _snapshot_writers.Writer):
            self.writer._post_save = self._remove_old if self.n_retains > 0 else None
        init = getattr(self.writer, "initialize", None)
        if init is not None:
            init(trainer.out)
        if not self.autoload:
            return None
        target = trainer if self._target is None else self._target
        for _, _, name in reversed(_find_snapshot_files(self.filename, trainer.out)):
            path = os.path.join(trainer.out, name)
            try:
                self._loadfun(path, target)
            except ValueError as e:  # unreadable file: try an older one
                import warnings

                warnings.warn(f"snapshot: skipping {path}: {e}", RuntimeWarning, stacklevel=2)
                continue
            return path
        return None

    def _remove_old(self):
        files = _find_snapshot_files(self.filename, self._outdir)
        for _, _, name in files[: max(0, len(files) - self.n_retains)]:
            try:
                os.remove(os.path.join(self._outdir, name))
            except FileNotFoundError:
                pass

    def on_error(self, trainer, exc, tb):
        """Takes a snapshot when ``snapshot_on_error`` is set."""
        if self.snapshot_on_error:
            self._make_snapshot(trainer)

    def __call__(self, trainer):
        if self._condition is None or self._condition():
            self._make_snapshot(trainer)

    def _make_snapshot(self, trainer):
        target = trainer if self._target is None else self._target
        filename = self.filename.format(trainer)
        self._outdir = trainer.out
        writer = self.writer
        if isinstance(writer, _snapshot_writers.Writer):
            if writer._post_save is None and self.n_retains > 0:
                writer._post_save = self._remove_old
            writer(filename, trainer.out, target)
        else:
            writer(filename, trainer.out, target)
            if self.n_retains > 0:
                self._remove_old()

    def finalize(self):
        """Waits for the snapshots being written in the background."""
        finalize = getattr(self.writer, "finalize", None)
        if finalize is not None:
            finalize()


def snapshot(
    savefun=None,
    filename="snapshot_iter_{.updater.iteration}",
    *,
    target=None,
    condition=None,
    writer=None,
    snapshot_on_error=False,
    n_retains=-1,
    autoload=False,
):
    """Returns an extension that saves a snapshot of the training (or of ``target``).

    The file is written to a temporary file in ``trainer.out`` and renamed
    to its final name when complete: a file under a snapshot name is never
    partial, even after a crash or a SIGKILL during the save. Its default
    trigger is ``(1, 'epoch')`` and its priority is -100, below every
    reader, so the state of the extensions after this iteration is saved.

    Resuming::

        trainer.extend(extensions.snapshot(autoload=True), trigger=(100, "iteration"))
        trainer.run()  # starts from the latest snapshot of trainer.out, if any

    Args:
        savefun (callable): ``savefun(path, target)`` writes the file;
            :func:`~chainer.serializers.save_npz` when None. Ignored when
            ``writer`` is given.
        filename (str): a format string formatted with the trainer
            (``'snapshot_iter_{.updater.iteration}'``).
        target: the object to save; the trainer when None.
        condition (callable): called with no argument when the trigger
            fires; the snapshot is taken only when it returns True.
        writer (~chainer.training.extensions._snapshot_writers.Writer): how
            the file is written; a :class:`SimpleWriter` with ``savefun``
            when None.
        snapshot_on_error (bool): also take a snapshot when the training
            loop raises.
        n_retains (int): the number of snapshot files to keep (the oldest,
            by modification time, are removed); negative keeps all.
        autoload (bool): at the start of the training, load the latest
            readable snapshot of ``trainer.out`` into the target (needs
            ``savefun`` to be save_npz or save_hdf5).

    Returns:
        Extension: the snapshot extension.

    Raises:
        TypeError: when ``condition`` is not callable or ``n_retains`` not an int.
        ValueError: when ``n_retains`` is 0, or ``autoload`` is set with a
            ``savefun`` whose files cannot be loaded.
    """
    if writer is None:
        writer = _snapshot_writers.SimpleWriter(savefun=savefun)
    elif not callable(writer):
        raise TypeError(f"snapshot: writer must be a snapshot writer, not {writer!r}")
    loadfun = _loadfun_for(getattr(writer, "_savefun", savefun))
    return _Snapshot(
        target=target,
        condition=condition,
        writer=writer,
        filename=filename,
        snapshot_on_error=snapshot_on_error,
        n_retains=n_retains,
        autoload=autoload,
        loadfun=loadfun,
    )


def snapshot_object(target, filename, savefun=None, **kwargs):
    """Returns an extension that saves ``target`` (a model, an optimizer ...).

    The same as ``snapshot(savefun, filename, target=target, **kwargs)``.

    Example::

        trainer.extend(
            extensions.snapshot_object(model, "model_epoch_{.updater.epoch}"),
            trigger=(1, "epoch"),
        )

    Args:
        target: the object to save.
        filename (str): a format string formatted with the trainer.
        savefun (callable): :func:`~chainer.serializers.save_npz` when None.
        **kwargs: the keyword arguments of :func:`snapshot`.

    Returns:
        Extension: the snapshot extension.
    """
    return snapshot(savefun, filename, target=target, **kwargs)
