"""Thread-local, scoped configuration (``chainer.config``) and its defaults."""

import contextlib
import os
import sys
import threading
import weakref

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

    def __init__(self):
        # The LocalConfig classes that mirror these entries as class attributes.
        super().__setattr__("_mirrors", weakref.WeakSet())

    def __setattr__(self, name, value):
        _validate(name, value)
        super().__setattr__(name, value)
        for mirror in self._mirrors:
            setattr(mirror, name, value)

    def __delattr__(self, name):
        super().__delattr__(name)
        for mirror in self._mirrors:
            delattr(mirror, name)

    def _entries(self):
        return {k: v for k, v in self.__dict__.items() if k != "_mirrors"}

    def show(self, file=sys.stdout):
        """Prints the configuration entries, sorted by key.

        Args:
            file: A file-like object to write to.
        """
        _print_attrs(self, sorted(self._entries()), file)


class LocalConfig(threading.local):
    """Thread-local configuration that falls back to a :class:`GlobalConfig`.

    A value set on a ``LocalConfig`` is seen only by the thread that set it;
    other threads see the global value.

    Reading an entry is a plain attribute lookup, which the engine does on
    every op: each instance gets its own class whose class attributes mirror
    the global entries, and a thread's own values live in the per-thread
    instance dictionary in front of them.

    Args:
        global_config (GlobalConfig): The configuration to fall back on.
    """

    def __new__(cls, global_config):
        mirror = type(cls.__name__, (cls,), {"__module__": cls.__module__, "__doc__": cls.__doc__})
        for name, value in global_config._entries().items():
            setattr(mirror, name, value)
        mirror._global = global_config
        global_config._mirrors.add(mirror)
        return super().__new__(mirror, global_config)

    def __init__(self, global_config):
        # Runs again in each new thread; the thread starts with no own values.
        pass

    def __getattr__(self, name):
        raise AttributeError(f"chainer.config has no entry {name!r}")

    def __setattr__(self, name, value):
        _validate(name, value)
        super().__setattr__(name, value)

    def show(self, file=sys.stdout):
        """Prints the effective configuration entries of this thread, sorted by key.

        Args:
            file: A file-like object to write to.
        """
        keys = set(self._global._entries()) | set(self.__dict__)
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
    own = config.__dict__  # this thread's own values (a thread-local dict)
    had_own = name in own
    previous = own.get(name)
    setattr(config, name, value)
    try:
        yield
    finally:
        if had_own:
            own[name] = previous
        else:
            own.pop(name, None)


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
