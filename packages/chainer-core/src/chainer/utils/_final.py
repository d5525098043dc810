"""Final methods and classes: ``enable_final`` and ``final``.

``final`` marks a method (or a whole class). Classes built on
``enable_final()`` check, when a subclass is created, that it overrides no
final method; a final class decorated with ``final`` refuses any subclass.
"""

import warnings

_MARK = "__chainer_final__"


def _violate(action, message):
    if isinstance(action, type) and issubclass(action, Warning):
        warnings.warn(message, action, stacklevel=3)
    else:
        raise action(message)


class _FinalMeta(type):
    """Metaclass that enforces the ``final`` marks of the bases."""

    def __init__(cls, name, bases, attrs, **kwargs):
        super().__init__(name, bases, attrs, **kwargs)
        for base in cls.__mro__[1:]:
            for attr_name, value in base.__dict__.items():
                action = getattr(value, _MARK, None)
                if action is None or attr_name not in attrs:
                    continue
                _violate(
                    action,
                    f"method {base.__name__}.{attr_name} is final and must not be overridden "
                    f"(in {name})",
                )


def enable_final(base=(), meta_base=()):
    """Returns a base class on which :func:`final` methods are enforced.

    Args:
        base (type or tuple of types): Base classes of the returned class.
        meta_base (type or tuple of types): Base classes of its metaclass
            (e.g. ``abc.ABCMeta``).

    Returns:
        type: A class to inherit from.
    """
    if not isinstance(base, (list, tuple)):
        base = (base,)
    if not isinstance(meta_base, (list, tuple)):
        meta_base = (meta_base,)
    meta = _FinalMeta
    if meta_base:
        meta = type("_FinalMeta", (_FinalMeta,) + tuple(meta_base), {})
    return meta("_EnableFinal", tuple(base), {})


def final(*args, **kwargs):
    """Declares a method, or a class, final.

    On a method of a class derived from :func:`enable_final`, overriding it in
    a subclass raises ``action`` (or warns, if ``action`` is a warning class).
    On a class, creating any subclass does the same. Use it bare
    (``@final``) or with ``@final(action=DeprecationWarning)``.

    Args:
        action: Exception or warning class to use; ``TypeError`` by default.

    Returns:
        The decorated object, or a decorator when called with keywords only.
    """
    action = kwargs.pop("action", TypeError)
    if kwargs:
        raise TypeError(f"unexpected keyword arguments: {sorted(kwargs)}")

    def decorate(obj):
        if isinstance(obj, type):
            return _final_class(obj, action)
        setattr(obj, _MARK, action)
        return obj

    if len(args) == 1 and callable(args[0]):
        return decorate(args[0])
    if args:
        raise TypeError("final takes a function or a class")
    return decorate


def _final_class(cls, action):
    name = cls.__name__

    def __init_subclass__(subcls, **kw):
        _violate(action, f"class {name} is final and must not be subclassed")

    cls.__init_subclass__ = classmethod(__init_subclass__)
    return cls
