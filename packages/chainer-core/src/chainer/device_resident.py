"""Objects that live on one device and move with all their arrays (``DeviceResident``).

A :class:`DeviceResident` (a :class:`~chainer.Link`, an optimizer ...) owns
arrays and Variables. Moving it walks them with a *visitor*: the resident
calls :meth:`device_resident_accept`, which hands itself, each of its
Variables and each of its arrays to the visitor, and recurses into children.
"""

from __future__ import annotations

import chainer
from chainer import _array_types
from chainer.backends import cuda

__all__ = ["DeviceResident", "DeviceResidentsVisitor", "ToDeviceVisitor"]


class DeviceResident:
    """Base of the objects that hold arrays on one device.

    Subclasses that own arrays extend :meth:`device_resident_accept` to
    pass them (and child residents) to the visitor.

    Attributes:
        device (chainer.backend.Device): where the arrays live (read-only).
        xp (module): the device's array module (``numpy`` or ``cupy``).
    """

    def __init__(self):
        self._device = chainer.backend.CpuDevice()

    @property
    def device(self):
        """chainer.backend.Device: the device the arrays live on."""
        device = self.__dict__.get("_device")
        if device is None:  # a subclass that did not call __init__
            device = self._device = chainer.backend.CpuDevice()
        return device

    @property
    def xp(self):
        """module: ``numpy`` or ``cupy``, the array module of :attr:`device`."""
        return self.device.xp

    def device_resident_accept(self, visitor):
        """Hands this object to ``visitor`` (subclasses also hand their arrays and children).

        Args:
            visitor (DeviceResidentsVisitor): the visitor.
        """
        visitor.visit_device_resident(self)

    def to_device(self, device):
        """Moves every array of this object (and its children) to ``device``.

        Args:
            device: anything :func:`chainer.get_device` accepts
                (``'@numpy'``, ``'@cupy:0'``, ``'@intel64'``, a Device ...).

        Returns:
            DeviceResident: ``self``.
        """
        self.device_resident_accept(ToDeviceVisitor(chainer.get_device(device)))
        return self

    def to_cpu(self):
        """Moves every array to the CPU (``'@numpy'``).

        Returns:
            DeviceResident: ``self``.
        """
        return self.to_device(chainer.backend.CpuDevice())

    def to_gpu(self, device=None):
        """Moves every array to a GPU (Chainer v7's older spelling of :meth:`to_device`).

        As in Chainer v7, arrays already on some GPU stay where they are.

        Args:
            device: None (the current GPU), an int GPU id or a ``cupy.cuda.Device``.

        Returns:
            DeviceResident: ``self``.

        Raises:
            RuntimeError: where CuPy or a GPU is missing.
        """
        target = chainer.get_device(cuda._gpu_device_spec(device))
        self.device_resident_accept(ToDeviceVisitor(target, skip_between_cupy_devices=True))
        return self

    def to_intel64(self):
        """Moves every array to the ``'@intel64'`` device (needs chainer-mkldnn).

        Returns:
            DeviceResident: ``self``.
        """
        return self.to_device("@intel64")

    def to_chx(self):
        """ChainerX is not part of this Chainer: does nothing and returns ``self``."""
        return self

    def from_chx(self):
        """ChainerX is not part of this Chainer: does nothing and returns ``self``."""
        return self


class DeviceResidentsVisitor:
    """Base of the visitors that :meth:`DeviceResident.device_resident_accept` drives."""

    def visit_device_resident(self, device_resident):
        """Called once for each :class:`DeviceResident` in the tree."""
        raise NotImplementedError

    def visit_array(self, arr):
        """Called for each plain array (e.g. a persistent value); returns its replacement."""
        raise NotImplementedError

    def visit_variable(self, param):
        """Called for each Variable (e.g. a Parameter); updates it in place."""
        raise NotImplementedError


class ToDeviceVisitor(DeviceResidentsVisitor):
    """Moves residents, Variables and arrays to one device.

    Args:
        device (chainer.backend.Device): the destination.
        skip_between_cupy_devices (bool): leave arrays that already live on
            some GPU where they are (the behaviour of ``to_gpu()``).
    """

    def __init__(self, device, skip_between_cupy_devices=False):
        self._device = chainer.get_device(device)
        self._skip_between_cupy_devices = skip_between_cupy_devices

    @property
    def device(self):
        """chainer.backend.Device: the destination."""
        return self._device

    def _skip(self, arr):
        return (
            self._skip_between_cupy_devices
            and cuda.cupy is not None
            and isinstance(arr, cuda.cupy.ndarray)
            and isinstance(self._device, chainer.backend.GpuDevice)
        )

    def visit_device_resident(self, device_resident):
        """Records the new device on the resident."""
        device_resident._device = self._device

    def visit_array(self, arr):
        """Returns ``arr`` on the destination device (non-arrays pass unchanged)."""
        if not isinstance(arr, _array_types.ARRAY_TYPES) or self._skip(arr):
            return arr
        return self._device.send(arr)

    def visit_variable(self, param):
        """Moves a Variable's data and gradient (a lazy Parameter remembers the device)."""
        if self._skip(param.raw_array):
            return
        param.to_device(self._device)
