"""The kernel registry: device-specific fast paths for ops, looked up per call.

An op's ``forward`` is its generic implementation, written once over ``xp``.
A backend plugin (chainer-mkldnn for oneDNN, the cuDNN module for NVIDIA GPUs)
registers a faster kernel for an op class and an array backend, with a
predicate saying when it applies (dtype, arguments, configuration). The engine
asks the registry before calling ``forward``; no op, optimizer or engine code
tests for a backend by name.

Ops whose backward splits into separate computations (a convolution's data and
weight gradients) express each as its own FunctionNode class, so a backend can
replace each one separately.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy

BACKENDS = ("cpu", "cuda")


@dataclasses.dataclass(frozen=True)
class Kernel:
    """A registered fast path.

    Attributes:
        node_class: the FunctionNode subclass it implements.
        backend: ``'cpu'`` (NumPy arrays) or ``'cuda'`` (CuPy arrays).
        impl: ``impl(node, inputs) -> tuple of arrays``, with the contract of
            ``node.forward`` (it may call ``node.retain_inputs`` and so on).
        accepts: ``accepts(node, inputs) -> bool``; the kernel runs only when
            it returns True, else the next kernel or the generic forward runs.
        name: a name for listings and error messages.
    """

    node_class: type
    backend: str
    impl: Callable
    accepts: Callable
    name: str


_registry: dict[tuple[type, str], list[Kernel]] = {}


def _always(node, inputs):
    return True


def register_kernel(node_class, backend, impl, *, accepts=None, name=None):
    """Registers ``impl`` as a fast path of ``node_class`` on ``backend``.

    Kernels registered later are tried first.

    Args:
        node_class (type): the FunctionNode subclass.
        backend (str): ``'cpu'`` or ``'cuda'``.
        impl (callable): ``impl(node, inputs)`` returning the output tuple.
        accepts (callable): ``accepts(node, inputs)``; None accepts always.
        name (str): a name for listings; defaults to ``impl.__qualname__``.

    Returns:
        Kernel: the registration, to pass to :func:`unregister_kernel`.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    kernel = Kernel(
        node_class=node_class,
        backend=backend,
        impl=impl,
        accepts=accepts or _always,
        name=name or getattr(impl, "__qualname__", repr(impl)),
    )
    _registry.setdefault((node_class, backend), []).insert(0, kernel)
    return kernel


def unregister_kernel(kernel):
    """Removes a kernel returned by :func:`register_kernel`."""
    entries = _registry.get((kernel.node_class, kernel.backend), [])
    entries.remove(kernel)
    if not entries:
        del _registry[(kernel.node_class, kernel.backend)]


def kernels_for(node_class, backend):
    """The kernels registered for ``node_class`` on ``backend``, most recent first."""
    return list(_registry.get((node_class, backend), ()))


def _backend_of(inputs):
    for x in inputs:
        if x is not None:
            return "cpu" if isinstance(x, numpy.ndarray) else "cuda"
    return "cpu"


def run_forward(node, inputs):
    """Runs the first accepting registered kernel of ``node``, or ``node.forward``."""
    if _registry:
        for kernel in _registry.get((type(node), _backend_of(inputs)), ()):
            if kernel.accepts(node, inputs):
                return kernel.impl(node, inputs)
    return node.forward(inputs)
