"""Thread-local, scoped configuration (``chainer.config``) and its defaults."""

import contextlib
import os
import sys
import threading

import numpy

from chainer._dtype import mixed16

_TRI_STATE = ("never", "auto", "always")


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(
            "invalid value for chainer.config.{}: accepted values are {}, "
            "but {!r} was given".format(name, ", ".join(repr(c) for c in choices), value)
        )


# Keys whose values are checked on assignment; one validator per key.
_VALIDATORS = {
    "use_cudnn": lambda name, value: _check_choice(name, value, _TRI_STATE),
    "use_ideep": lambda name, value: _check_choice(name, value, _TRI_STATE),
    "use_cudnn_tensor_core": lambda name, value: _check_choice(name, value, _TRI_STATE),
}


def _validate(name, value):
    validator = _VALIDATORS.get(name)
    if validator is not None:
        validator(name, value)


def _print_attrs(obj, keys, file):
    keys = list(keys)
    if not keys:
        return
    width = max(len(key) for key in keys)
    for key in keys:
        file.write(f"{key.ljust(width)} {getattr(obj, key)}\n")


class GlobalConfig:
    """The process-wide configuration object of Chainer (``chainer.global_config``)."""

    def __setattr__(self, name, value):
        _validate(name, value)
        super().__setattr__(name, value)

    def show(self, file=sys.stdout):
        """Prints the configuration entries, sorted by key.

        Args:
            file: A file-like object to write to.
        """
        _print_attrs(self, sorted(self.__dict__), file)


class LocalConfig:
    """Thread-local configuration that falls back to a :class:`GlobalConfig`.

    A value set on a ``LocalConfig`` is seen only by the thread that set it;
    other threads see the global value.

    Args:
        global_config (GlobalConfig): The configuration to fall back on.
    """

    def __init__(self, global_config):
        super().__setattr__("_global", global_config)
        super().__setattr__("_local", threading.local())

    def __getattr__(self, name):
        local = self._local.__dict__
        if name in local:
            return local[name]
        return getattr(self._global, name)

    def __setattr__(self, name, value):
        _validate(name, value)
        setattr(self._local, name, value)

    def __delattr__(self, name):
        delattr(self._local, name)

    def show(self, file=sys.stdout):
        """Prints the effective configuration entries of this thread, sorted by key.

        Args:
            file: A file-like object to write to.
        """
        keys = set(self._global.__dict__) | set(self._local.__dict__)
        _print_attrs(self, sorted(keys), file)


global_config = GlobalConfig()
config = LocalConfig(global_config)


@contextlib.contextmanager
def using_config(name, value, config=config):
    """Context manager that temporarily sets a configuration entry.

    The previous thread-local value is restored on exit, or the entry is
    removed if it was not set locally before, even when an exception is raised.

    Args:
        name (str): Name of the configuration entry.
        value: Temporary value of the entry.
        config (LocalConfig): The configuration object to modify.
    """
    local = config._local
    if hasattr(local, name):
        previous = getattr(local, name)
        setattr(config, name, value)
        try:
            yield
        finally:
            setattr(local, name, previous)
    else:
        setattr(config, name, value)
        try:
            yield
        finally:
            delattr(local, name)


def _env_flag(name, default):
    return bool(int(os.environ.get(name, default)))


def _env_dtype():
    name = os.environ.get("CHAINER_DTYPE", "float32")
    if name in ("float16", "float32", "float64"):
        return numpy.dtype(name)
    if name == "mixed16":
        return mixed16
    raise TypeError(
        f'incorrect dtype name in CHAINER_DTYPE: "{name}". '
        "Only float16/32/64 and mixed16 are allowed."
    )


def _set_defaults(cfg):
    cfg.train = True
    cfg.enable_backprop = True
    cfg.debug = _env_flag("CHAINER_DEBUG", "0")
    cfg.type_check = _env_flag("CHAINER_TYPE_CHECK", "1")
    cfg.use_cudnn = os.environ.get("CHAINER_USE_CUDNN", "auto")
    cfg.use_cudnn_tensor_core = os.environ.get("CHAINER_USE_CUDNN_TENSOR_CORE", "auto")
    cfg.cudnn_deterministic = _env_flag("CHAINER_CUDNN_DETERMINISTIC", "0")
    cfg.cudnn_fast_batch_normalization = _env_flag("CHAINER_CUDNN_FAST_BATCH_NORMALIZATION", "0")
    cfg.warn_nondeterministic = _env_flag("CHAINER_WARN_NONDETERMINISTIC", "0")
    cfg.autotune = _env_flag("CHAINER_AUTOTUNE", "0")
    cfg.use_ideep = os.environ.get("CHAINER_USE_IDEEP", "never")
    cfg.lazy_grad_sum = _env_flag("CHAINER_LAZY_GRAD_SUM", "0")
    cfg.keep_graph_on_report = _env_flag("CHAINER_KEEP_GRAPH_ON_REPORT", "0")
    cfg.use_static_graph = _env_flag("CHAINER_USE_STATIC_GRAPH", "1")
    cfg.schedule_func = None
    cfg.dtype = _env_dtype()
    cfg.in_recomputing = False
    cfg._will_recompute = False
    cfg.compute_mode = None
    cfg.disable_experimental_feature_warning = False


_set_defaults(global_config)
