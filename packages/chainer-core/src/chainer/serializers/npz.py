"""Saving and loading objects in NumPy's NPZ format.

An object's state is flattened into one dictionary whose keys are the paths
of the values in the object tree (``'predictor/l1/W'``) and written as an NPZ
archive: a zip file with one ``.npy`` member per key.

Values are stored as follows:

* NumPy arrays as they are; device (CuPy) arrays copied to the host first.
* Python and NumPy scalars as 0-dimensional arrays; strings as 0-dimensional
  unicode arrays.
* ``None`` (an uninitialized parameter, an optimizer state not created yet)
  as a 0-dimensional array of the structured dtype ``[('__chainer_none__',
  'u1')]``. Chainer v7 stored ``None`` as a pickled object array; such an
  entry (a 0-dimensional object array) is read as ``None`` without being
  unpickled.

Nothing is ever pickled or unpickled: a value that NumPy could only store as
an object array is refused when saving, and object arrays other than v7's
``None`` are refused when loading.
"""

from __future__ import annotations

import zipfile
import zlib

import numpy
import numpy.lib.format

from chainer import serializer
from chainer.serializers import _common
from chainer.serializers._common import KeyMismatchError

__all__ = ["DictionarySerializer", "NpzDeserializer", "load_npz", "save_npz"]

#: The dtype of the 0-dimensional array that stands for ``None`` in a file.
NONE_DTYPE = numpy.dtype([("__chainer_none__", "u1")])

_NONE = object()  # what _read returns for a stored None

_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)


def _encode(key, value):
    """The NumPy array that stores ``value`` under ``key``."""
    if value is None:
        return numpy.zeros((), dtype=NONE_DTYPE)
    arr = numpy.asarray(_common.to_host(value))
    if arr.dtype.hasobject:
        raise TypeError(
            f"cannot save {key!r}: a value of type {type(value).__name__} would become an "
            "object array, which NPZ files can only hold pickled; save arrays, numbers, "
            "strings or None"
        )
    return arr


def _is_none(arr):
    dtype = arr.dtype
    if dtype.names == NONE_DTYPE.names:
        return True
    # Chainer v7 wrote None as a 0-dimensional object array (and a dict built by
    # hand may hold one): it is recognized from its header without unpickling.
    return dtype.hasobject and arr.ndim == 0 and arr[()] is None


class DictionarySerializer(serializer.Serializer):
    """Serializer that flattens an object's state into a dictionary of arrays.

    The hierarchy of the object is mapped to keys joined by ``/``; the
    resulting :attr:`target` is what :func:`save_npz` writes. This class does
    not write any file itself.

    Args:
        target (dict or None): the dictionary to store into; a new one when None.
        path (str): the key prefix of this serializer (``''`` at the root,
            ``'l1/'`` for a child).

    Attributes:
        target (dict): the flat dictionary ``{key: numpy.ndarray}``. NumPy
            arrays are stored without a copy, device arrays as host copies,
            scalars and strings as 0-dimensional arrays and ``None`` as a
            0-dimensional array of dtype :data:`NONE_DTYPE`.
        path (str): the key prefix.
    """

    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        """Returns the serializer of the child ``key`` (sharing :attr:`target`).

        Args:
            key (str): the child's name; leading and trailing ``/`` are dropped.

        Returns:
            DictionarySerializer: a serializer whose path is ``path + key + '/'``.
        """
        key = key.strip("/")
        return DictionarySerializer(self.target, self.path + key + "/")

    def __call__(self, key, value):
        """Stores ``value`` under ``path + key``.

        Args:
            key (str): the name of the value (a leading ``/`` is dropped).
            value: an array (NumPy or device), a scalar, a string or None.

        Returns:
            ``value``, unchanged.

        Raises:
            TypeError: when ``value`` could only be stored pickled (a dict,
                a list of mixed objects ...).
        """
        key = self.path + key.lstrip("/")
        self.target[key] = _encode(key, value)
        return value


class NpzDeserializer(serializer.Deserializer):
    """Deserializer that reads values from an NPZ archive (or a dictionary of arrays).

    Arrays are copied into the object's arrays in place (to the array's
    device, with the dtype cast when it is safe: same kind); scalars and
    strings are converted to the type of the object's current value; a
    stored ``None`` is returned as None.

    :meth:`load` checks the match between the object and the file: in strict
    mode, missing entries and entries the object does not ask for raise
    :class:`KeyMismatchError` (a :class:`KeyError`) that lists them. For a
    tree of links this check runs before anything is loaded. Used without
    :meth:`load`, a strict deserializer raises the same error at the first
    missing entry.

    Args:
        npz: a :class:`numpy.lib.npyio.NpzFile` opened with
            ``allow_pickle=False``, or a dictionary ``{key: array}``.
        path (str): the key prefix from which deserialization starts
            (``'updater/model:main/'``).
        strict (bool): if True, a missing entry is an error; if False it is
            skipped and the object keeps its value.
        ignore_names (str, callable or list of them): entries to skip. A
            string is compared with the full entry name (``path`` included);
            a callable receives the full name and returns True to skip it.

    Raises:
        ValueError: when ``ignore_names`` is not a string, a callable or a
            list of them.
    """

    def __init__(self, npz, path="", strict=True, ignore_names=None):
        self.npz = npz
        self.path = path
        self.strict = strict
        self.ignore_names = ignore_names
        self._ignore = _common.check_ignore_names(ignore_names)
        self._source = _describe_npz(npz)
        self._visited = set()

    def __getitem__(self, key):
        """Returns the deserializer of the child ``key``.

        Args:
            key (str): the child's name; leading and trailing ``/`` are dropped.

        Returns:
            NpzDeserializer: a deserializer whose path is ``path + key + '/'``.
        """
        key = key.strip("/")
        child = NpzDeserializer(
            self.npz, self.path + key + "/", strict=self.strict, ignore_names=self.ignore_names
        )
        child._source = self._source
        child._visited = self._visited
        return child

    def __call__(self, key, value):
        """Loads the entry ``path + key``.

        Args:
            key (str): the name of the value (a leading ``/`` is dropped).
            value: None (return the stored array), an array (filled in place)
                or a scalar or string (whose type the stored value takes).

        Returns:
            The loaded value; ``value`` itself when it is an array, or when
            the entry is ignored, or missing in non-strict mode.

        Raises:
            KeyMismatchError: when the entry is missing in strict mode.
            ValueError: when the entry is corrupt, holds pickled objects, or
                its shape differs from the array's.
            TypeError: when its dtype does not convert safely to the value's type.
        """
        full = self.path + key.lstrip("/")
        if self._ignore and _common.is_ignored(full, self._ignore):
            return value
        self._visited.add(full)
        if full not in self.npz:
            if not self.strict:
                return value
            raise KeyMismatchError(self._source, missing=[full])
        stored = self._read(full)
        if stored is _NONE:
            return None
        return _common.assign_loaded(value, stored, full, self._source)

    def _read(self, key):
        try:
            arr = _get_entry(self.npz, key)
        except _READ_ERRORS as e:
            if isinstance(e, ValueError) and _stored_v7_none(self.npz, key):
                return _NONE
            raise ValueError(
                f"cannot read entry {key!r} of {self._source}: the file is corrupt or holds "
                f"pickled objects, which are never loaded ({type(e).__name__}: {e})"
            ) from e
        arr = numpy.asarray(arr)
        if _is_none(arr):
            return _NONE
        if arr.dtype.hasobject:
            raise ValueError(
                f"cannot load entry {key!r} of {self._source}: it holds Python objects"
            )
        return arr

    def _keys_under_path(self):
        keys = self.npz.files if hasattr(self.npz, "files") else self.npz.keys()
        return [k for k in keys if k.startswith(self.path)]

    def _check_unexpected(self, used, note):
        unexpected = [
            k
            for k in self._keys_under_path()
            if k not in used and not (self._ignore and _common.is_ignored(k, self._ignore))
        ]
        if unexpected:
            raise KeyMismatchError(self._source, unexpected=unexpected, note=note)

    def load(self, obj):
        """Loads the state of ``obj`` (``obj.serialize(self)``) and checks the match.

        In strict mode, when ``obj`` is a tree of links with the standard
        ``serialize``, the entries it needs are compared with the file first
        and nothing is loaded on a mismatch. Otherwise the first missing
        entry raises while loading, and unexpected entries are reported once
        everything that matched has been loaded.

        Args:
            obj: an object with a ``serialize(serializer)`` method.

        Raises:
            KeyMismatchError: on missing or unexpected entries in strict mode.
        """
        self._visited = set()
        if self.strict:
            expected = _common.expected_link_keys(obj)
            if expected is not None:
                expected = {self.path + k for k in expected}
                if self._ignore:
                    expected = {k for k in expected if not _common.is_ignored(k, self._ignore)}
                missing = [k for k in expected if k not in self.npz]
                if missing:
                    unexpected = [
                        k
                        for k in self._keys_under_path()
                        if k not in expected
                        and not (self._ignore and _common.is_ignored(k, self._ignore))
                    ]
                    raise KeyMismatchError(
                        self._source, missing, unexpected, note="Nothing was loaded"
                    )
                self._check_unexpected(expected, note="Nothing was loaded")
        obj.serialize(self)
        if self.strict:
            self._check_unexpected(self._visited, note="The entries that match were loaded")


def _describe_npz(npz):
    zip_file = getattr(npz, "zip", None)
    filename = getattr(zip_file, "filename", None)
    if filename:
        return repr(filename)
    fid = getattr(npz, "fid", None)
    if fid is not None:
        return _common.describe_file(fid)
    if isinstance(npz, dict):
        return "the dictionary"
    return f"the {type(npz).__name__}"


def _get_entry(npz, key):
    """Reads the entry ``key``; the ``.npy`` members of an archive never unpickled.

    An :class:`~numpy.lib.npyio.NpzFile` is read member by member with
    ``allow_pickle=False`` whatever it was opened with.
    """
    zip_file = getattr(npz, "zip", None)
    if zip_file is not None:
        try:
            member = zip_file.open(key + ".npy")
        except KeyError:
            pass  # not an .npy member: let the NpzFile return it as it does
        else:
            with member:
                return numpy.lib.format.read_array(member, allow_pickle=False)
    return npz[key]


def _stored_v7_none(npz, key):
    """Whether the member ``key`` is a 0-dimensional object array (v7's None).

    Only the ``.npy`` header is read: the pickled payload is never touched.
    """
    zip_file = getattr(npz, "zip", None)
    if zip_file is None:
        return False
    try:
        with zip_file.open(key + ".npy") as member:
            version = numpy.lib.format.read_magic(member)
            if version == (1, 0):
                shape, _, dtype = numpy.lib.format.read_array_header_1_0(member)
            elif version == (2, 0):
                shape, _, dtype = numpy.lib.format.read_array_header_2_0(member)
            else:
                return False
    except _READ_ERRORS:
        return False
    return shape == () and dtype.hasobject


def save_npz(file, obj, compression=True):
    """Saves an object to a file in NPZ format.

    The object is serialized with a :class:`DictionarySerializer` and the
    flat dictionary is written as an NPZ archive (never pickled). Given a
    path, the archive is written to a temporary file in the same directory
    and renamed over ``file`` only when complete, so a failed save leaves
    any previous file untouched and no partial file behind.

    Args:
        file (str, os.PathLike or file object): the path to write (exactly
            this name: no ``.npz`` is appended), or a binary file object
            open for writing.
        obj: an object with a ``serialize`` method (a link, an optimizer, a
            trainer ...), or a dictionary ``{key: value}`` written as it is
            (values as :class:`DictionarySerializer` stores them).
        compression (bool): if True, the members are deflate-compressed.

    Raises:
        TypeError: when a value could only be stored pickled, or ``obj`` is
            a dictionary with a key that is not a string.
    """
    if isinstance(obj, dict):
        target = {}
        for key, value in obj.items():
            if not isinstance(key, str):
                raise TypeError(
                    f"save_npz: the keys of a dictionary must be strings, got {key!r} "
                    f"of type {type(key).__name__}"
                )
            target[key] = _encode(key, value)
    else:
        s = DictionarySerializer()
        s.save(obj)
        target = s.target

    def write(f):
        _write_archive(f, target, compression)

    if _common.is_path(file):
        _common.atomic_write(file, write)
    else:
        write(file)


def _write_archive(f, target, compression):
    method = zipfile.ZIP_DEFLATED if compression else zipfile.ZIP_STORED
    with zipfile.ZipFile(f, mode="w", compression=method, allowZip64=True) as archive:
        for key, arr in target.items():
            with archive.open(key + ".npy", mode="w", force_zip64=True) as member:
                numpy.lib.format.write_array(member, numpy.asanyarray(arr), allow_pickle=False)


def load_npz(file, obj, path="", strict=True, ignore_names=None):
    """Loads an object's state from a file in NPZ format.

    The archive is opened with ``allow_pickle=False``: nothing in it is ever
    unpickled.

    Args:
        file (str, os.PathLike or file object): the file to read.
        obj: an object with a ``serialize`` method, whose state is loaded.
        path (str): the prefix in the archive under which the object's
            entries are (``'updater/model:main/'`` to take a model out of a
            trainer snapshot); a missing trailing ``/`` is added. Entries
            outside the prefix are neither loaded nor reported.
        strict (bool): if True, entries the object needs that the file lacks
            and entries under ``path`` that the object does not ask for raise
            :class:`KeyMismatchError`, which lists them. If False, missing
            entries are skipped (the object keeps its values) and unexpected
            ones are ignored.
        ignore_names (str, callable or list of them): entries not to load and
            not to report. A string is compared with the full entry name
            (``path`` included); a callable receives the full name and
            returns True to skip it.

    Raises:
        FileNotFoundError: when the path does not exist.
        ValueError: when the file is not a readable NPZ archive (truncated,
            corrupt, an NPY file, a pickle ...); the message names the file.
        KeyMismatchError: on missing or unexpected entries in strict mode.
    """
    if path:
        path = path.lstrip("/")
        if path and not path.endswith("/"):
            path += "/"
    source = _common.describe_file(file)
    if _common.is_path(file):
        with open(file, "rb") as f:
            _load_from(f, source, obj, path, strict, ignore_names)
    else:
        _load_from(file, source, obj, path, strict, ignore_names)


def _load_from(f, source, obj, path, strict, ignore_names):
    try:
        npz = numpy.load(f, allow_pickle=False)
    except (*_READ_ERRORS, RuntimeError) as e:
        raise ValueError(
            f"{source} is not a readable NPZ file: it is truncated, corrupt or in another "
            f"format ({type(e).__name__}: {e})"
        ) from e
    if not isinstance(npz, numpy.lib.npyio.NpzFile):
        raise ValueError(f"{source} is an NPY file (a single array), not an NPZ archive")
    with npz:
        deserializer = NpzDeserializer(npz, path=path, strict=strict, ignore_names=ignore_names)
        deserializer._source = source
        deserializer.load(obj)
