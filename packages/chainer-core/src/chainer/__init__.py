"""Chainer: a define-by-run deep-learning framework, compatible with Chainer v7.

The forward computation, written in plain Python over :class:`Variable`
objects, records the graph that :meth:`Variable.backward` differentiates.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("chainer-core")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"

# The order matters: later modules use the earlier ones at import time.
# ruff: noqa: I001
from chainer import configuration  # noqa: E402
from chainer._backprop_mode import force_backprop_mode, no_backprop_mode  # noqa: E402
from chainer._debug import DebugMode, is_debug, set_debug  # noqa: E402
from chainer._dtype import get_dtype, mixed16  # noqa: E402
from chainer.configuration import config, global_config, using_config  # noqa: E402
from chainer.variable import Variable, as_array, as_variable  # noqa: E402
from chainer.variable_node import VariableNode  # noqa: E402

from chainer import backend, backends  # noqa: E402, I001
from chainer.backend import (  # noqa: E402
    get_array_types,
    get_cpu_array_types,
    get_device,
    is_arrays_compatible,
    using_device,
)
from chainer.backends.cuda import should_use_cudnn, should_use_cudnn_tensor_core  # noqa: E402
from chainer.function_node import FunctionNode, grad  # noqa: E402
from chainer._backprop import backward as _backward_impl  # noqa: E402
from chainer.function_hook import FunctionHook  # noqa: E402
from chainer._function_hooks import get_function_hooks  # noqa: E402
from chainer.function import Function, FunctionAdapter  # noqa: E402
from chainer import utils  # noqa: E402
from chainer import functions  # noqa: E402
from chainer.functions.math import basic_math as _basic_math  # noqa: E402
from chainer import initializer  # noqa: E402
from chainer.initializer import Initializer  # noqa: E402
from chainer import initializers  # noqa: E402
from chainer.parameter import Parameter  # noqa: E402
from chainer import device_resident  # noqa: E402
from chainer.device_resident import DeviceResident  # noqa: E402
from chainer import link_hook, link, sequential  # noqa: E402
from chainer.link_hook import LinkHook  # noqa: E402
from chainer.link import Chain, ChainList, Link  # noqa: E402
from chainer.sequential import Sequential  # noqa: E402
from chainer._link_hooks import get_link_hooks as _get_link_hooks  # noqa: E402, F401
from chainer import link_hooks, function_hooks, computational_graph  # noqa: E402
from chainer._runtime_info import print_runtime_info  # noqa: E402
from chainer import graph_optimizations  # noqa: E402
from chainer import reporter, serializer  # noqa: E402
from chainer.reporter import (  # noqa: E402
    DictSummary,
    Reporter,
    Summary,
    get_current_reporter,
    report,
    report_scope,
)
from chainer.serializer import AbstractSerializer, Deserializer, Serializer  # noqa: E402
from chainer import optimizer  # noqa: E402
from chainer.optimizer import GradientMethod, Optimizer, UpdateRule  # noqa: E402
from chainer import optimizer_hooks, optimizers  # noqa: E402
from chainer import distribution  # noqa: E402
from chainer.distribution import (  # noqa: E402
    Distribution,
    cross_entropy,
    kl_divergence,
    register_kl,
)
from chainer import distributions  # noqa: E402
from chainer import serializers  # noqa: E402
from chainer import links  # noqa: E402
from chainer import dataset, datasets, iterators  # noqa: E402
from chainer import training  # noqa: E402
from chainer.graph_optimizations import static_code, static_graph  # noqa: E402

_basic_math.install_variable_arithmetics()

# Chainer v7 exposed this ``__future__`` feature object at the top level.
absolute_import = __import__("__future__").absolute_import

# Set to True to silence the warnings of experimental features (Chainer v7's switch).
disable_experimental_feature_warning = False


class _FallbackType:
    """Returned by ``forward_chainerx`` to say that ChainerX is not used."""

    def __repr__(self):
        return "Fallback"


Fallback = _FallbackType()


def backward(outputs, grad_outputs=None, **kwargs):
    """Runs backprop from several outputs at once.

    Args:
        outputs (tuple or list of Variable): where backprop starts.
        grad_outputs (tuple or list of Variable or None): initial gradients;
            a None entry uses the output's ``grad``, or ones for a
            single-element output.
        **kwargs: ``retain_grad``, ``enable_double_backprop``, ``loss_scale``.
    """
    unknown = set(kwargs) - {"retain_grad", "enable_double_backprop", "loss_scale"}
    if unknown:
        raise TypeError(f"backward() got unexpected keyword arguments {sorted(unknown)}")
    if not isinstance(outputs, (tuple, list)):
        raise TypeError(f"outputs must be a tuple or a list, not {type(outputs).__name__}")
    _backward_impl(outputs, grad_outputs, **kwargs)


def get_compute_mode():
    """The compute mode (``config.compute_mode``; None unless set)."""
    return getattr(config, "compute_mode", None)


__all__ = [
    "AbstractSerializer",
    "Deserializer",
    "DictSummary",
    "Distribution",
    "GradientMethod",
    "Optimizer",
    "UpdateRule",
    "optimizer",
    "optimizer_hooks",
    "optimizers",
    "Reporter",
    "Serializer",
    "Summary",
    "cross_entropy",
    "distribution",
    "distributions",
    "dataset",
    "datasets",
    "iterators",
    "links",
    "serializers",
    "training",
    "get_current_reporter",
    "kl_divergence",
    "register_kl",
    "report",
    "report_scope",
    "reporter",
    "serializer",
    "Chain",
    "ChainList",
    "DeviceResident",
    "Initializer",
    "Link",
    "LinkHook",
    "Sequential",
    "computational_graph",
    "device_resident",
    "function_hooks",
    "initializer",
    "link",
    "link_hook",
    "link_hooks",
    "sequential",
    "DebugMode",
    "Fallback",
    "Function",
    "FunctionAdapter",
    "FunctionHook",
    "FunctionNode",
    "Parameter",
    "Variable",
    "VariableNode",
    "as_array",
    "as_variable",
    "backend",
    "backends",
    "backward",
    "config",
    "configuration",
    "force_backprop_mode",
    "functions",
    "get_array_types",
    "get_compute_mode",
    "get_cpu_array_types",
    "get_device",
    "get_dtype",
    "get_function_hooks",
    "global_config",
    "graph_optimizations",
    "grad",
    "initializers",
    "is_arrays_compatible",
    "is_debug",
    "mixed16",
    "no_backprop_mode",
    "print_runtime_info",
    "set_debug",
    "should_use_cudnn",
    "static_code",
    "static_graph",
    "should_use_cudnn_tensor_core",
    "using_config",
    "using_device",
    "utils",
]
