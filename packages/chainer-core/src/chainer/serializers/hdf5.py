"""Saving and loading objects in HDF5 format (needs h5py).

The object tree maps to HDF5 groups: ``serializer['l1']`` is the group
``l1`` and ``serializer('W', array)`` the dataset ``l1/W``. ``None`` is
stored as an empty dataset (``h5py.Empty``), strings as variable-length UTF-8
strings, scalars as 0-dimensional datasets. Device (CuPy) arrays are copied
to the host first.

h5py is imported only when one of these classes or functions is used;
without it they raise :class:`ImportError` that says how to install it.
"""

from __future__ import annotations

import numpy

from chainer import serializer
from chainer.serializers import _common
from chainer.serializers._common import KeyMismatchError

__all__ = ["HDF5Deserializer", "HDF5Serializer", "load_hdf5", "save_hdf5"]


def _import_h5py():
    try:
        import h5py
    except ImportError as e:
        raise ImportError(
            "HDF5 serialization needs the h5py package, which is not installed; "
            'install it with: pip install "chainer-core[hdf5]"'
        ) from e
    return h5py


def _describe_group(group):
    try:
        return _common.describe_file(group.file.filename)
    except Exception:  # a closed file or a group-like object without one
        return f"the HDF5 group {getattr(group, 'name', '?')!r}"


class HDF5Serializer(serializer.Serializer):
    """Serializer that writes values into an HDF5 group.

    Args:
        group (h5py.Group): the group (an open ``h5py.File`` at the root).
        compression (int or None): the gzip level (0 to 9) of datasets with
            more than one element; None for no compression.

    Raises:
        ImportError: when h5py is not installed.
    """

    def __init__(self, group, compression=4):
        _import_h5py()
        self.group = group
        self.compression = compression

    def __getitem__(self, key):
        """Returns the serializer of the child group ``key`` (created if needed).

        Args:
            key (str): the child's name; leading and trailing ``/`` are dropped.

        Returns:
            HDF5Serializer: a serializer of the sub-group.
        """
        name = key.strip("/")
        return HDF5Serializer(self.group.require_group(name), compression=self.compression)

    def __call__(self, key, value):
        """Writes ``value`` as the dataset ``key`` of the group.

        Args:
            key (str): the dataset name (a leading ``/`` is dropped).
            value: an array (NumPy or device), a scalar, a string or None.

        Returns:
            ``value``, unchanged.

        Raises:
            TypeError: when ``value`` cannot be stored without pickling.
        """
        h5py = _import_h5py()
        key = key.lstrip("/")
        compression = None
        if value is None:
            data = h5py.Empty("f")
        elif isinstance(value, str):
            data = value
        else:
            data = numpy.asarray(_common.to_host(value))
            if data.dtype.hasobject:
                raise TypeError(
                    f"cannot save {key!r}: a value of type {type(value).__name__} is not "
                    "an array, a number, a string or None"
                )
            if data.dtype.kind == "U":
                if data.ndim != 0:
                    raise TypeError(f"cannot save {key!r}: arrays of strings are not supported")
                data = str(data[()])
            elif data.size > 1:
                compression = self.compression
        self.group.create_dataset(key, data=data, compression=compression)
        return value


class HDF5Deserializer(serializer.Deserializer):
    """Deserializer that reads values from an HDF5 group.

    Arrays are copied into the object's arrays in place (to the array's
    device); scalars and strings are converted to the type of the object's
    current value; an empty dataset is returned as None.

    :meth:`load` checks the match between the object and the file: in strict
    mode, missing datasets and datasets the object does not ask for raise
    :class:`~chainer.serializers.KeyMismatchError` (a :class:`KeyError`)
    that lists them.

    Args:
        group (h5py.Group): the group to read (an open ``h5py.File`` at the root).
        strict (bool): if True, a missing dataset is an error; if False it is
            skipped and the object keeps its value.

    Raises:
        ImportError: when h5py is not installed.
    """

    def __init__(self, group, strict=True):
        _import_h5py()
        self.group = group
        self.strict = strict
        self._prefix = ""
        self._source = _describe_group(group) if group is not None else "the HDF5 file"
        self._visited = set()

    def __getitem__(self, key):
        """Returns the deserializer of the child group ``key``.

        A missing group gives a deserializer for which every dataset is
        missing (an error at the first one in strict mode).

        Args:
            key (str): the child's name; leading and trailing ``/`` are dropped.

        Returns:
            HDF5Deserializer: the deserializer of the sub-group.
        """
        h5py = _import_h5py()
        name = key.strip("/")
        group = None
        if self.group is not None:
            found = self.group.get(name)
            if isinstance(found, h5py.Group):
                group = found
        child = HDF5Deserializer(group, strict=self.strict)
        child._prefix = self._prefix + name + "/"
        child._source = self._source
        child._visited = self._visited
        return child

    def __call__(self, key, value):
        """Reads the dataset ``key``.

        Args:
            key (str): the dataset name (a leading ``/`` is dropped).
            value: None (return the stored array), an array (filled in place)
                or a scalar or string (whose type the stored value takes).

        Returns:
            The loaded value; ``value`` itself when it is an array, or when
            the dataset is missing in non-strict mode.

        Raises:
            KeyMismatchError: when the dataset is missing in strict mode.
            ValueError: when it cannot be read or its shape differs from the array's.
            TypeError: when its dtype does not convert safely to the value's type.
        """
        h5py = _import_h5py()
        name = key.lstrip("/")
        full = self._prefix + name
        self._visited.add(full)
        dataset = None if self.group is None else self.group.get(name)
        if not isinstance(dataset, h5py.Dataset):
            if not self.strict:
                return value
            raise KeyMismatchError(self._source, missing=[full])
        try:
            if dataset.shape is None:
                return None
            if h5py.check_string_dtype(dataset.dtype) is not None:
                stored = numpy.asarray(dataset.asstr()[()])
            else:
                stored = numpy.asarray(dataset[()])
        except (OSError, RuntimeError, ValueError, KeyError) as e:
            raise ValueError(
                f"cannot read dataset {full!r} of {self._source}: the file is corrupt "
                f"({type(e).__name__}: {e})"
            ) from e
        return _common.assign_loaded(value, stored, full, self._source)

    def _datasets(self):
        h5py = _import_h5py()
        names = []
        if self.group is not None:
            self.group.visititems(
                lambda name, item: (
                    names.append(self._prefix + name) if isinstance(item, h5py.Dataset) else None
                )
            )
        return names

    def load(self, obj):
        """Loads the state of ``obj`` (``obj.serialize(self)``) and checks the match.

        In strict mode, when ``obj`` is a tree of links with the standard
        ``serialize``, the datasets it needs are compared with the file first
        and nothing is loaded on a mismatch. Otherwise the first missing
        dataset raises while loading, and unexpected datasets are reported
        once everything that matched has been loaded.

        Args:
            obj: an object with a ``serialize(serializer)`` method.

        Raises:
            KeyMismatchError: on missing or unexpected datasets in strict mode.
        """
        self._visited = set()
        if self.strict:
            expected = _common.expected_link_keys(obj)
            if expected is not None:
                expected = {self._prefix + k for k in expected}
                present = set(self._datasets())
                missing = expected - present
                unexpected = present - expected
                if missing or unexpected:
                    raise KeyMismatchError(
                        self._source, missing, unexpected, note="Nothing was loaded"
                    )
        obj.serialize(self)
        if self.strict:
            unexpected = [k for k in self._datasets() if k not in self._visited]
            if unexpected:
                raise KeyMismatchError(
                    self._source, unexpected=unexpected, note="The entries that match were loaded"
                )


def save_hdf5(filename, obj, compression=4):
    """Saves an object to a file in HDF5 format.

    Given a path, the file is written under a temporary name in the same
    directory and renamed over ``filename`` only when complete, so a failed
    save leaves any previous file untouched and no partial file behind.

    Args:
        filename (str, os.PathLike or file object): the file to write.
        obj: an object with a ``serialize`` method.
        compression (int or None): the gzip level (0 to 9) of datasets with
            more than one element; None for no compression.

    Raises:
        ImportError: when h5py is not installed.
    """
    h5py = _import_h5py()

    def write(target):
        with h5py.File(target, "w") as f:
            HDF5Serializer(f, compression=compression).save(obj)

    if _common.is_path(filename):
        _common.atomic_write_path(filename, write)
    else:
        write(filename)


def load_hdf5(filename, obj):
    """Loads an object's state from a file in HDF5 format.

    Missing datasets and datasets the object does not ask for raise
    :class:`~chainer.serializers.KeyMismatchError` that lists them
    (as a strict :class:`HDF5Deserializer` does).

    Args:
        filename (str, os.PathLike or file object): the file to read.
        obj: an object with a ``serialize`` method, whose state is loaded.

    Raises:
        ImportError: when h5py is not installed.
        FileNotFoundError: when the path does not exist.
        ValueError: when the file is not a readable HDF5 file (truncated,
            corrupt, another format); the message names the file.
        KeyMismatchError: on missing or unexpected datasets.
    """
    h5py = _import_h5py()
    source = _common.describe_file(filename)
    if _common.is_path(filename):
        # Opened here so that a missing file is a FileNotFoundError, not a format error.
        with open(filename, "rb"):
            pass
    try:
        f = h5py.File(filename, "r")
    except (OSError, ValueError, RuntimeError) as e:
        raise ValueError(
            f"{source} is not a readable HDF5 file: it is truncated, corrupt or in another "
            f"format ({type(e).__name__}: {e})"
        ) from e
    with f:
        deserializer = HDF5Deserializer(f)
        deserializer._source = source
        deserializer.load(obj)
