"""The ``'@intel64'`` device and the questions Chainer v7 asked about iDeep/oneDNN.

The device holds plain NumPy arrays; what makes it fast is the oneDNN kernels a
plugin (chainer-mkldnn) registers. chainer itself contains no oneDNN code: the
plugin, loaded through the ``chainer.plugins`` entry points, calls
:func:`set_provider` with an object that says whether its library loads.
"""

from __future__ import annotations

import numpy

import cupy_lite
from chainer import _plugins
from chainer.configuration import config

_PIP_LINE = 'pip install chainer-mkldnn  (brings the "onednn-cpu-gomp" runtime wheel)'

_provider = None


class Intel64Device(cupy_lite.Device):
    """The CPU with Intel oneDNN kernels (``'@intel64'``); arrays are NumPy arrays.

    Creating one checks that a oneDNN plugin is installed and its library loads.
    """

    def __init__(self):
        check_ideep_available()
        super().__init__("@intel64", numpy)

    @property
    def supported_array_types(self):
        return (numpy.ndarray,)

    def send_array(self, arr):
        """Returns ``arr`` as a NumPy array (copied to the host for a GPU array)."""
        return cupy_lite.CpuDevice().send_array(arr)

    @staticmethod
    def from_array(arr):
        """NumPy arrays belong to ``'@numpy'``; this device is chosen explicitly."""
        return None


class Provider:
    """What a oneDNN plugin tells chainer about itself.

    Attributes:
        name (str): the plugin's distribution name.
    """

    name = "chainer-mkldnn"

    def is_available(self):
        """Whether the oneDNN library loads."""
        raise NotImplementedError

    def unavailable_reason(self):
        """Why the library does not load (which library, where it looked)."""
        return ""


def set_provider(provider):
    """Called by a oneDNN plugin when it loads.

    Args:
        provider (Provider): the plugin's availability report.
    """
    global _provider
    _provider = provider


def _current_provider():
    if _provider is None:
        _plugins.load_plugins()
    return _provider


def is_ideep_available():
    """Whether a oneDNN plugin is installed and its library loads."""
    provider = _current_provider()
    return provider is not None and provider.is_available()


def check_ideep_available():
    """Raises RuntimeError saying what is missing and how to install it."""
    provider = _current_provider()
    if provider is None:
        errors = _plugins.plugin_errors()
        detail = "".join(f"\n  plugin {name!r} failed to load: {e!r}" for name, e in errors.items())
        raise RuntimeError(
            "Intel oneDNN (iDeep) support is not installed: no chainer plugin provides it."
            f"{detail}\nInstall it with: {_PIP_LINE}"
        )
    if not provider.is_available():
        raise RuntimeError(
            f"Intel oneDNN could not be loaded by {provider.name}: "
            f"{provider.unavailable_reason()}\nInstall it with: {_PIP_LINE}"
        )


def should_use_ideep(level):
    """Whether oneDNN should be used under ``chainer.config.use_ideep``.

    Args:
        level (str): ``'>=auto'`` (use it for 'auto' and 'always') or
            ``'==always'`` (only for 'always').
    """
    if level not in (">=auto", "==always"):
        raise ValueError(f"level must be '>=auto' or '==always', not {level!r}")
    setting = config.use_ideep
    if setting == "never":
        return False
    if level == "==always" and setting != "always":
        return False
    if not is_ideep_available():
        if setting == "always":
            check_ideep_available()
        return False
    return True


def inputs_all_ready(inputs, supported_ndim=(2, 4)):
    """Whether every input is a NumPy array oneDNN can take (ndim among ``supported_ndim``)."""
    return is_ideep_available() and all(
        isinstance(x, numpy.ndarray) and x.ndim in supported_ndim for x in inputs
    )


def _factory(suffix):
    if suffix is not None:
        raise ValueError(f"'@intel64' takes no device number, but '@intel64:{suffix}' was given")
    return Intel64Device()


cupy_lite.register_device_type("intel64", _factory)
