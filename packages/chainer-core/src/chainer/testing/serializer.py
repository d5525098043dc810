"""Round trips through a serializer, for testing ``serialize`` methods."""

import os

from chainer.utils import tempdir


def save_and_load(src, dst, filename, saver, loader):
    """Saves ``src`` to a temporary file and loads it into ``dst``.

    Args:
        src: The object to save.
        dst: The object to load into.
        filename (str): File name used inside a temporary directory.
        saver (callable): ``saver(path, src)`` writes the file.
        loader (callable): ``loader(path, dst)`` reads it into ``dst``.
    """
    with tempdir() as directory:
        path = os.path.join(directory, filename)
        saver(path, src)
        loader(path, dst)


def save_and_load_npz(src, dst):
    """Round-trips ``src`` into ``dst`` through ``serializers.save_npz``/``load_npz``.

    Args:
        src: The object to save.
        dst: The object to load into.
    """
    from chainer import serializers

    save_and_load(src, dst, "tmp.npz", serializers.save_npz, serializers.load_npz)


def save_and_load_hdf5(src, dst):
    """Round-trips ``src`` into ``dst`` through ``serializers.save_hdf5``/``load_hdf5``.

    Args:
        src: The object to save.
        dst: The object to load into.
    """
    from chainer import serializers

    save_and_load(src, dst, "tmp.h5", serializers.save_hdf5, serializers.load_hdf5)
