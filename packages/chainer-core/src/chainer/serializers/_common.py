"""Pieces shared by the NPZ and HDF5 (de)serializers.

* :class:`KeyMismatchError`: what a strict deserializer raises for missing
  and unexpected entries.
* :func:`assign_loaded`: writes a loaded NumPy value into the value an object
  passed to ``deserializer(key, value)`` (in place for arrays, by conversion
  for scalars), with errors that name the entry and the file.
* :func:`atomic_write`: writes a file under a temporary name in the target's
  directory and renames it into place, so that a failed save never leaves a
  half-written file under the target name.
* :func:`expected_link_keys`: the exact entries a tree of links reads, when it
  can be known without running ``serialize``.
"""

from __future__ import annotations

import os
import secrets

import numpy

import chainer
import cupy_lite
from chainer import _array_types


class KeyMismatchError(KeyError):
    """A strict deserializer found missing or unexpected entries.

    A subclass of :class:`KeyError`, so code that tolerates a missing entry
    with ``except KeyError`` keeps working.

    Attributes:
        missing (list of str): entries the object asked for that the file lacks.
        unexpected (list of str): entries of the file the object did not ask for.
        source (str): the file (or a description of the mapping) read from.
    """

    def __init__(self, source, missing=(), unexpected=(), note=""):
        self.source = source
        self.missing = sorted(missing)
        self.unexpected = sorted(unexpected)
        parts = []
        if self.missing:
            parts.append(f"missing entries: {_listing(self.missing)}")
        if self.unexpected:
            parts.append(f"unexpected entries: {_listing(self.unexpected)}")
        message = f"{source} does not match the object being loaded; " + "; ".join(parts)
        if note:
            message += f". {note}"
        message += (
            ". Pass strict=False to load the entries that match and skip the rest, "
            "or ignore_names (NPZ) to skip named entries"
        )
        self.message = message
        super().__init__(message)

    def __str__(self):
        return self.message


def _listing(keys, limit=20):
    shown = ", ".join(repr(k) for k in keys[:limit])
    if len(keys) > limit:
        shown += f", ... ({len(keys) - limit} more)"
    return shown


def describe_file(file):
    """A short human-readable name of a path or a file object, for messages."""
    if isinstance(file, (str, bytes, os.PathLike)):
        return repr(os.fsdecode(file))
    name = getattr(file, "name", None)
    if isinstance(name, (str, bytes)):
        return repr(os.fsdecode(name))
    return f"<{type(file).__name__} object>"


def is_path(file):
    """Whether ``file`` names a file (rather than being a file object)."""
    return isinstance(file, (str, bytes, os.PathLike))


def to_host(value):
    """``value`` with a device array copied to a NumPy array; other values unchanged."""
    if value is None or isinstance(value, numpy.ndarray):
        return value
    if isinstance(value, _array_types.ARRAY_TYPES):
        return cupy_lite.to_numpy(value)
    return value


def check_ignore_names(ignore_names):
    """Validates the ``ignore_names`` argument and returns it as a tuple.

    Raises:
        ValueError: when it is not None, a string, a callable or a list or
            tuple of strings and callables.
    """
    if ignore_names is None:
        return ()
    items = ignore_names if isinstance(ignore_names, (list, tuple)) else (ignore_names,)
    for item in items:
        if not (isinstance(item, str) or callable(item)):
            raise ValueError(
                "ignore_names must be a string, a callable or a list of them; "
                f"got an item of type {type(item).__name__}"
            )
    return tuple(items)


def is_ignored(key, ignore_names):
    """Whether the full entry name ``key`` matches one of ``ignore_names``."""
    for item in ignore_names:
        if isinstance(item, str):
            if key == item:
                return True
        elif item(key):
            return True
    return False


def _is_integer_type(t):
    return issubclass(t, (int, numpy.integer)) and not issubclass(t, (bool, numpy.bool_))


def _convert_scalar(value, stored, key, source):
    value_type = type(value)
    kind = stored.dtype.kind
    if issubclass(value_type, str):
        if kind == "U":
            return value_type(stored[()]) if stored.ndim == 0 else value_type(stored)
        if kind == "S":
            raw = stored[()] if stored.ndim == 0 else stored.tobytes()
            return value_type(raw.decode("utf-8"))
        raise TypeError(
            f"cannot load {key!r} from {source}: the file holds {stored.dtype} data, "
            "the object expects a string"
        )
    if issubclass(value_type, (bool, numpy.bool_)):
        ok = kind == "b"
    elif _is_integer_type(value_type):
        # A Python int holds any integer exactly; a NumPy integer type only a safe cast.
        ok = kind in "biu" if value_type is int else numpy.can_cast(stored.dtype, value_type)
    elif issubclass(value_type, (float, complex, numpy.inexact)):
        ok = kind in "biuf" + (
            "c" if issubclass(value_type, (complex, numpy.complexfloating)) else ""
        )
        ok = ok and numpy.can_cast(stored.dtype, numpy.dtype(value_type), "same_kind")
    else:
        ok = True
    if not ok:
        raise TypeError(
            f"cannot load {key!r} from {source}: the file holds {stored.dtype} data, which "
            f"does not convert safely to {value_type.__name__}"
        )
    try:
        return value_type(stored[()] if stored.ndim == 0 else stored)
    except (TypeError, ValueError) as e:
        raise TypeError(
            f"cannot load {key!r} from {source} as a {value_type.__name__}: the file holds "
            f"an array of shape {stored.shape} and dtype {stored.dtype} ({e})"
        ) from e


def assign_loaded(value, stored, key, source):
    """Returns what ``deserializer(key, value)`` returns for the loaded ``stored``.

    Args:
        value: the current value the object passed (None, an array, or a scalar).
        stored (numpy.ndarray): the loaded value.
        key (str): the full entry name, for messages.
        source (str): the file, for messages.

    Returns:
        ``stored`` when ``value`` is None; ``value`` filled in place when it
        is an array (NumPy or a device array); otherwise ``stored`` converted
        to ``type(value)``.

    Raises:
        ValueError: when an array's shape differs from the stored one.
        TypeError: when the stored dtype does not convert safely.
    """
    if value is None:
        return stored
    if isinstance(value, _array_types.ARRAY_TYPES):
        if tuple(value.shape) != tuple(stored.shape):
            raise ValueError(
                f"cannot load {key!r} from {source}: the object's array has shape "
                f"{tuple(value.shape)}, the file's has shape {tuple(stored.shape)}"
            )
        try:
            if isinstance(value, numpy.ndarray):
                numpy.copyto(value, stored, casting="same_kind")
            else:
                chainer.backend.copyto(value, stored.astype(value.dtype, casting="same_kind"))
        except TypeError as e:
            raise TypeError(
                f"cannot load {key!r} from {source}: the file holds {stored.dtype} data, "
                f"which does not convert safely to the object's {value.dtype}"
            ) from e
        return value
    return _convert_scalar(value, numpy.asarray(stored), key, source)


def _create_temp_file(path):
    """Creates an empty file with a fresh name next to ``path``; returns (fd, name)."""
    directory, base = os.path.split(os.path.abspath(path))
    while True:
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(6)}.tmp")
        try:
            # 0o666 and the umask give the file the permissions a plain open() would.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def _commit(tmp, path):
    os.replace(tmp, path)
    # Make the rename itself durable where the platform allows it.
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(tmp):
    try:
        os.unlink(tmp)
    except OSError:
        pass


def atomic_write(path, write):
    """Writes a file so that ``path`` is either untouched or complete.

    ``write(f)`` writes to a new file opened in binary mode under a temporary
    name in the directory of ``path``; on success the file is flushed to
    disk and renamed to ``path`` (replacing it), on failure it is removed.

    Args:
        path (str or os.PathLike): the target file.
        write (callable): ``write(f)`` writes the content to the binary file ``f``.
    """
    path = os.fsdecode(path)
    fd, tmp = _create_temp_file(path)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        _commit(tmp, path)
    except BaseException:
        _discard(tmp)
        raise


def atomic_write_path(path, write_to_path):
    """Like :func:`atomic_write`, for writers that need a file name (h5py).

    Args:
        path (str or os.PathLike): the target file.
        write_to_path (callable): ``write_to_path(tmp_path)`` creates and
            writes the file ``tmp_path``.
    """
    path = os.fsdecode(path)
    fd, tmp = _create_temp_file(path)
    os.close(fd)
    try:
        write_to_path(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        _commit(tmp, path)
    except BaseException:
        _discard(tmp)
        raise


def _stock_serialize(link):
    from chainer.link import Chain, ChainList, Link

    method = type(link).serialize
    return method in (Link.serialize, Chain.serialize, ChainList.serialize)


def expected_link_keys(obj):
    """The entries ``obj.serialize`` reads, when ``obj`` is a tree of plain links.

    Args:
        obj: any object.

    Returns:
        set of str or None: entry names relative to the deserializer's path
        (``'l1/W'``), or None when ``obj`` is not a :class:`~chainer.Link`
        or one of its links overrides ``serialize`` (the entries then can
        only be known by loading).
    """
    from chainer.link import Link

    if not isinstance(obj, Link):
        return None
    keys = set()
    for path, link in obj.namedlinks():
        if not _stock_serialize(link):
            return None
        prefix = path.strip("/")
        prefix = prefix + "/" if prefix else ""
        for name in link._params | link._persistent:
            keys.add(prefix + name)
    return keys
