"""Converters: functions that turn a list of examples into a batch of arrays on a device."""

from __future__ import annotations

import functools
import importlib

import numpy

from chainer import backend

__all__ = [
    "ConcatWithAsyncTransfer",
    "Converter",
    "concat_examples",
    "converter",
    "to_device",
]


def _get_device(device_spec):
    # Like chainer.get_device, plus None for "leave the arrays where they are".
    if device_spec is None:
        return None
    return backend.get_device(device_spec)


def to_device(device, x):
    """Sends an array (or arrays nested in lists, tuples and dicts) to a device.

    Args:
        device: where to send ``x``: None leaves it where it is; a negative
            int means the CPU and a non-negative int the GPU of that id
            (Chainer v7's legacy spelling); anything else is a device
            specifier that :func:`chainer.get_device` accepts
            (``'@numpy'``, ``'@cupy:0'``, a :class:`~chainer.backend.Device`).
        x: an array, a scalar, None, or a list/tuple/dict of them.

    Returns:
        ``x`` on the device (``x`` itself when ``device`` is None or when it
        already lives there).
    """
    device = _get_device(device)
    if device is None:
        return x
    return device.send(x)


class Converter:
    """Base class of converters.

    A converter is a callable ``converter(batch, device)`` that turns a
    minibatch (the list of examples an iterator returned) into the inputs
    of a model on ``device``. The updaters and the evaluator call it with a
    :class:`~chainer.backend.Device` or None. Functions decorated with
    :func:`converter` are instances of this class.
    """

    def __call__(self, batch, device):
        """Converts a batch.

        Args:
            batch (list): the examples of the minibatch.
            device (~chainer.backend.Device or None): where the arrays go;
                None leaves them where they are.

        Returns:
            The converted batch.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement __call__")


class _CallableConverter(Converter):
    # A plain function made into a Converter by the ``converter()`` decorator.

    def __init__(self, func):
        self._func = func
        functools.update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        if len(args) >= 2:
            args = (args[0], _get_device(args[1]), *args[2:])
        elif "device" in kwargs:
            kwargs["device"] = _get_device(kwargs["device"])
        return self._func(*args, **kwargs)

    def __repr__(self):
        return f"<converter {getattr(self._func, '__qualname__', self._func)!r}>"

    def __reduce__(self):
        # Pickles by reference to the decorated module-level name.
        return _resolve, (self.__module__, self.__qualname__)


def _resolve(module_name, qualname):
    obj = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def converter():
    """Decorator that makes a function a :class:`Converter`.

    The decorated function takes ``(batch, device=None, ...)``. Whatever
    device specifier the caller passes as the second positional argument or
    as ``device=`` (None, an int, a string such as ``'@cupy:0'``, a
    :class:`~chainer.backend.Device`) reaches the function as a
    :class:`~chainer.backend.Device` or None.

    Example::

        @chainer.dataset.converter()
        def my_converter(batch, device=None):
            xs, ts = chainer.dataset.concat_examples(batch, device)
            return xs / 255, ts
    """

    def wrap(func):
        return _CallableConverter(func)

    return wrap


def _call_converter(converter, batch, device):
    """Calls a converter the way the updaters and the evaluator do.

    A :class:`Converter` gets the :class:`~chainer.backend.Device` (or None);
    a plain callable (an old-style converter) gets Chainer v7's legacy
    argument: nothing for None, -1 for the CPU, the GPU id for a GPU.
    """
    if device is not None and not isinstance(device, backend.Device):
        device = backend.get_device(device)
    if isinstance(converter, Converter):
        return converter(batch, device)
    if device is None:
        return converter(batch)
    if device.xp is numpy:
        return converter(batch, -1)
    device_id = getattr(device, "device_id", None)
    if device_id is None:
        raise TypeError(
            f"the old-style converter {converter!r} cannot take the device {device}: "
            "decorate it with @chainer.dataset.converter() to receive Device objects"
        )
    return converter(batch, device_id)


def _is_array(x):
    return isinstance(x, backend.get_array_types())


def _stack(arrays, padding):
    # Stacks the examples' values along a new first axis.
    if padding is None and type(arrays[0]) is numpy.ndarray:
        return numpy.stack(arrays)  # the common case, first
    if not _is_array(arrays[0]):
        arrays = numpy.asarray(arrays)
        if padding is None:
            return arrays
    if padding is not None:
        return _stack_with_padding(arrays, padding)
    xp = backend.get_array_module(arrays[0])
    if xp is numpy:
        return numpy.stack(arrays)
    with backend.get_device_from_array(arrays[0]):
        return xp.stack(arrays)


def _stack_with_padding(arrays, padding):
    first = arrays[0]
    ndim = first.ndim
    shape = list(first.shape)
    for i, array in enumerate(arrays):
        if array.ndim != ndim:
            raise ValueError(
                f"cannot pad arrays of different ranks: example 0 has ndim {ndim}, "
                f"example {i} has ndim {array.ndim}"
            )
        shape = [max(a, b) for a, b in zip(shape, array.shape)]
    xp = backend.get_array_module(first)
    with backend.get_device_from_array(first):
        result = xp.full((len(arrays), *shape), padding, dtype=first.dtype)
        for i, array in enumerate(arrays):
            result[(i, *(slice(n) for n in array.shape))] = array
    return result


def _concat(batch, padding):
    # The host/device-agnostic part of concat_examples: returns the stacked
    # arrays in the structure of the examples, on the examples' device.
    if len(batch) == 0:
        raise ValueError("batch is empty: concat_examples needs at least one example")
    first = batch[0]
    if isinstance(first, tuple):
        n = len(first)
        if not isinstance(padding, tuple):
            padding = (padding,) * n
        elif len(padding) != n:
            raise ValueError(
                f"padding has {len(padding)} entries but the examples are tuples of {n}"
            )
        for i, example in enumerate(batch):
            if not isinstance(example, tuple) or len(example) != n:
                raise ValueError(
                    f"example {i} of the batch is not a tuple of {n} like example 0: "
                    f"{type(example).__name__}"
                )
        return tuple(_stack([example[j] for example in batch], padding[j]) for j in range(n))
    if isinstance(first, dict):
        if not isinstance(padding, dict):
            padding = dict.fromkeys(first, padding)
        return {key: _stack([example[key] for example in batch], padding.get(key)) for key in first}
    return _stack(batch, padding)


@converter()
def concat_examples(batch, device=None, padding=None):
    """Stacks a list of examples into arrays, and sends them to a device.

    The result has the structure of the examples: a tuple of arrays for
    tuple examples (one array per position), a dict of arrays for dict
    examples (one per key), one array otherwise. Each array has the number
    of examples as its first axis; Python and NumPy scalars become 1-d
    arrays.

    Example::

        >>> batch = [(numpy.array([1, 2]), 0), (numpy.array([3, 4]), 1)]
        >>> x, t = concat_examples(batch)
        >>> x
        array([[1, 2],
               [3, 4]])
        >>> t
        array([0, 1])

    Args:
        batch (list): the examples: arrays, tuples of arrays or dicts of
            arrays; every example has the structure of the first.
        device: where to send the arrays (see :func:`to_device`); None
            leaves them where they are.
        padding: None, or the value that fills arrays of unequal shapes:
            each array is then as large as the largest example along every
            axis, and the examples fill its leading corner. A scalar pads
            every array; a tuple (for tuple examples) or a dict (for dict
            examples) gives one value per position or key, None meaning no
            padding there.

    Returns:
        tuple, dict or array: the stacked batch.

    Raises:
        ValueError: for an empty batch, or when examples differ in
            structure.
    """
    return to_device(device, _concat(batch, padding))


class ConcatWithAsyncTransfer:
    """A converter that copies batches to a GPU on a separate CUDA stream.

    It concatenates like :func:`concat_examples` on the host, stages the
    arrays in page-locked (pinned) host memory and copies them with
    ``cudaMemcpyAsync`` on ``stream``. With ``compute_stream`` given, the
    copy is ordered before later work on that stream by an event instead of
    a host-side wait, so the next batch's transfer overlaps the current
    computation. On the CPU (or with ``device=None``) it is
    :func:`concat_examples`.

    Args:
        stream (cupy.cuda.Stream): the stream that carries the copies; a
            new non-blocking stream when None.
        compute_stream (cupy.cuda.Stream): the stream that runs the model;
            None makes each call wait until its copies are done.
    """

    def __init__(self, stream=None, compute_stream=None):
        self._stream = stream
        self._compute_stream = compute_stream
        self._pending = None  # (event, pinned buffers) of the last call

    def __call__(self, batch, device=None, padding=None):
        """Converts ``batch`` like :func:`concat_examples`.

        Args:
            batch (list): the examples.
            device: the destination device (see :func:`to_device`).
            padding: as in :func:`concat_examples`.
        """
        device = _get_device(device)
        if device is None or device.xp is numpy:
            return concat_examples(batch, device, padding)
        host = to_device(backend.CpuDevice(), _concat(batch, padding))
        return self._send(device, host)

    def _send(self, device, host):
        cupy = device.xp
        if self._pending is not None:
            event, _ = self._pending
            event.synchronize()  # the previous buffers are free to reuse
            self._pending = None
        with device:
            if self._stream is None:
                self._stream = cupy.cuda.Stream(non_blocking=True)
            stream = self._stream
            pinned = []

            def send(x):
                if not isinstance(x, numpy.ndarray):
                    return x
                x = numpy.ascontiguousarray(x)
                memory = cupy.cuda.alloc_pinned_memory(max(x.nbytes, 1))
                staged = numpy.frombuffer(memory, x.dtype, x.size).reshape(x.shape)
                staged[...] = x
                pinned.append(memory)
                out = cupy.empty(x.shape, x.dtype)
                out.set(staged, stream=stream)
                return out

            if isinstance(host, tuple):
                result = tuple(send(x) for x in host)
            elif isinstance(host, dict):
                result = {k: send(v) for k, v in host.items()}
            else:
                result = send(host)
            event = stream.record()
            if self._compute_stream is None:
                event.synchronize()
            else:
                self._compute_stream.wait_event(event)
                self._pending = (event, pinned)
        return result
