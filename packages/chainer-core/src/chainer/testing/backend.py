"""Running one test on several backends: :class:`BackendConfig`, :func:`inject_backend_tests`."""

import functools
import inspect

from chainer import configuration
from chainer.testing import _bundle, attr

# (name, default) of every backend setting, in the order used by names and repr.
_PROPS = (
    ("use_chainerx", False),
    ("chainerx_device", None),
    ("use_cuda", False),
    ("cuda_device", None),
    ("use_cudnn", "never"),
    ("cudnn_deterministic", False),
    ("autotune", False),
    ("cudnn_fast_batch_normalization", False),
    ("use_ideep", "never"),
)

# Settings applied with using_config while the config is active.
_CONFIG_KEYS = (
    "use_cudnn",
    "cudnn_deterministic",
    "autotune",
    "cudnn_fast_batch_normalization",
    "use_ideep",
)


class BackendConfig:
    """One backend on which a test runs (NumPy, CuPy with or without cuDNN, oneDNN).

    Args:
        params (dict): Settings: ``use_cuda``, ``cuda_device``, ``use_cudnn``
            (``'never'``, ``'auto'`` or ``'always'``), ``cudnn_deterministic``,
            ``autotune``, ``cudnn_fast_batch_normalization``, ``use_ideep``,
            ``use_chainerx`` and ``chainerx_device``. ChainerX is not supported;
            ``use_chainerx=True`` raises ``ValueError``.

    ``with backend_config:`` applies the ``chainer.config`` settings and, when
    ``chainer.backend`` provides it, makes :attr:`device` the current device.
    """

    def __init__(self, params):
        if not isinstance(params, dict):
            raise TypeError(f"params must be a dict, not {type(params).__name__}")
        names = {name for name, _ in _PROPS}
        for key in params:
            if key not in names:
                raise ValueError(f"Parameter {key} is not defined")
        for name, default in _PROPS:
            setattr(self, name, params.get(name, default))
        if self.use_chainerx:
            raise ValueError(
                "ChainerX is not supported by this Chainer; remove use_chainerx=True "
                "from the backend parameters"
            )
        for key in ("use_cudnn", "use_ideep"):
            configuration._validate(key, getattr(self, key))
        self._device = None
        self._contexts = []

    @property
    def device(self):
        """The device of this backend (``'@cupy:N'``, ``'@intel64'`` or ``'@numpy'``)."""
        if self._device is None:
            from chainer import backend

            self._device = backend.get_device(self._device_spec())
        return self._device

    def _device_spec(self):
        if self.use_cuda:
            return f"@cupy:{self.cuda_device or 0}"
        if self.use_ideep == "always":
            return "@intel64"
        return "@numpy"

    @property
    def xp(self):
        """The array module of :attr:`device`."""
        return self.device.xp

    def get_array(self, np_array):
        """Sends an array (or a nested tuple/list/dict of arrays) to :attr:`device`.

        Args:
            np_array: The array or arrays.

        Returns:
            The arrays on the device.
        """
        return self.device.send(np_array)

    def __enter__(self):
        contexts = [configuration.using_config(key, getattr(self, key)) for key in _CONFIG_KEYS]
        using_device = _find_using_device()
        if using_device is not None:
            contexts.append(using_device(self.device))
        entered = []
        try:
            for context in contexts:
                context.__enter__()
                entered.append(context)
        except BaseException:
            for context in reversed(entered):
                context.__exit__(None, None, None)
            raise
        self._contexts.append(entered)
        return self

    def __exit__(self, typ, value, traceback):
        for context in reversed(self._contexts.pop()):
            context.__exit__(typ, value, traceback)

    def __repr__(self):
        items = " ".join(f"{name}={getattr(self, name)!r}" for name, _ in _PROPS)
        return f"<BackendConfig {items}>"

    def get_func_str(self):
        """Returns a short string naming the settings, usable in a test name.

        Only settings that differ from their defaults appear (``'numpy'`` when
        none does), e.g. ``'use_cuda_true__cuda_device_0__use_cudnn_always'``.
        """
        parts = []
        for name, default in _PROPS:
            value = getattr(self, name)
            if value == default:
                continue
            text = {True: "true", False: "false"}.get(value) if isinstance(value, bool) else None
            parts.append(f"{name}_{text if text is not None else value}")
        return "__".join(parts) if parts else "numpy"

    def get_pytest_marks(self):
        """Returns the pytest mark decorators that select this backend.

        ``gpu`` for CUDA (plus ``multi_gpu`` for a device other than 0),
        ``cudnn`` for CUDA with cuDNN enabled, ``mkldnn`` for ``use_ideep='always'``.

        Returns:
            list: Decorators.
        """
        marks = []
        if self.use_cuda:
            marks.append(attr.gpu)
            if self.use_cudnn != "never":
                marks.append(attr.cudnn)
            device_id = self.cuda_device or 0
            if device_id >= 1:
                marks.append(attr.multi_gpu(device_id + 1))
        elif self.use_ideep == "always":
            marks.append(attr.ideep)
        return marks


def _find_using_device():
    try:
        from chainer import backend
    except ImportError:
        return None
    return getattr(backend, "using_device", None)


def _signature_without_backend_config(method):
    try:
        signature = inspect.signature(method)
    except (TypeError, ValueError):
        return None
    params = list(signature.parameters.values())
    # Drop the parameter right after self: it receives the BackendConfig.
    if len(params) >= 2 and params[1].kind in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        del params[1]
    return signature.replace(parameters=params)


def _make_backend_method(method, backend_config):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return method(self, backend_config, *args, **kwargs)

    # pytest must not mistake the backend_config parameter for a fixture.
    del wrapper.__wrapped__
    signature = _signature_without_backend_config(method)
    if signature is not None:
        wrapper.__signature__ = signature
    for mark in backend_config.get_pytest_marks():
        wrapper = mark(wrapper)
    return wrapper


def _inject_into(cls, method_names, configs):
    if method_names is None:
        names = [n for n in dir(cls) if n.startswith("test_") and callable(getattr(cls, n))]
    else:
        names = list(method_names)
    for name in names:
        method = getattr(cls, name)
        for config in configs:
            new_name = f"{name}__{config.get_func_str()}"
            index = 1
            while new_name in cls.__dict__:
                new_name = f"{name}__{config.get_func_str()}_{index}"
                index += 1
            new_method = _make_backend_method(method, config)
            new_method.__name__ = new_name
            new_method.__qualname__ = f"{cls.__qualname__}.{new_name}"
            setattr(cls, new_name, new_method)
        if name in cls.__dict__:
            delattr(cls, name)
        if callable(getattr(cls, name, None)):
            # Inherited: hide it from the collectors.
            setattr(cls, name, None)


def inject_backend_tests(method_names, params):
    """Class decorator that runs test methods once per backend.

    Each chosen method ``test_x(self, backend_config, ...)`` is replaced by one
    method per entry of ``params``, named ``test_x__<settings>``, that passes a
    :class:`BackendConfig` and carries that backend's pytest marks.

    Args:
        method_names (list of str): Methods to parameterize; ``None`` for
            every ``test_*`` method.
        params (list of dict): Backend settings, one dict per backend (see
            :class:`BackendConfig`).

    Returns:
        A class decorator; it also accepts the result of
        :func:`~chainer.testing.parameterize`.
    """
    if not (method_names is None or isinstance(method_names, (list, tuple))):
        raise TypeError("method_names must be either None or a list")
    if not isinstance(params, (list, tuple)) or not all(isinstance(p, dict) for p in params):
        raise TypeError("params must be a list of dicts")
    configs = [BackendConfig(p) for p in params]

    def decorator(target):
        classes, _ = _bundle.classes_of(target)
        for cls in classes:
            _inject_into(cls, method_names, configs)
        return target

    return decorator
