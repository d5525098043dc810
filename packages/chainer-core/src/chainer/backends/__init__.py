"""Backend modules of Chainer v7: ``chainer.backends.cuda`` and ``chainer.backends.intel64``."""

from chainer.backends import cpu, cuda, intel64  # noqa: F401
