"""Serializers: save and load the state of links, optimizers and trainers.

:func:`save_npz` / :func:`load_npz` use NumPy's NPZ format (never pickled);
:func:`save_hdf5` / :func:`load_hdf5` use HDF5 through h5py, which is
imported only when they are used (``pip install "chainer-core[hdf5]"``).
"""

from chainer.serializers._common import KeyMismatchError
from chainer.serializers.hdf5 import HDF5Deserializer, HDF5Serializer, load_hdf5, save_hdf5
from chainer.serializers.npz import DictionarySerializer, NpzDeserializer, load_npz, save_npz

__all__ = [
    "DictionarySerializer",
    "HDF5Deserializer",
    "HDF5Serializer",
    "KeyMismatchError",
    "NpzDeserializer",
    "load_hdf5",
    "load_npz",
    "save_hdf5",
    "save_npz",
]
