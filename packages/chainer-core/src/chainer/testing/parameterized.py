"""Parameterized test classes: :func:`parameterize`, :func:`product` and friends."""

import functools
import itertools
import types
import unittest

from chainer.testing import _bundle

_VALUE_MAXLEN = 100
_PARAMS_MAXLEN = 5000


def _shorten(text, maxlen):
    if len(text) <= maxlen:
        return text
    head = (maxlen - 3) // 2
    tail = maxlen - 3 - head
    return text[:head] + "..." + text[len(text) - tail :]


def _value_str(value):
    if isinstance(value, type):
        return value.__name__
    return repr(value)


def _class_name(base_name, index, param):
    items = ", ".join(
        f"{k}={_shorten(_value_str(v), _VALUE_MAXLEN)}" for k, v in sorted(param.items())
    )
    return f"{base_name}_param_{index}_{{{_shorten(items, _PARAMS_MAXLEN)}}}"


def _describe(base_name, method_name, param):
    lines = [
        "Parameterized test failed.",
        "",
        f"Base test method: {base_name}.{method_name}",
        "Test parameters:",
    ]
    lines += [f"  {k}: {v}" for k, v in sorted(param.items())]
    return "\n".join(lines)


def _wrap_test_method(method, base_name, param):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except unittest.SkipTest:
            raise
        except Exception as e:
            if hasattr(e, "add_note"):
                e.add_note(_describe(base_name, method.__name__, param))
            raise

    return wrapper


def _make_class(cls, index, param):
    members = {}
    for key, value in param.items():
        # A function parameter must not become a method bound to the test.
        members[key] = staticmethod(value) if isinstance(value, types.FunctionType) else value

    def __str__(self):
        return f"{cls.__str__(self)}  parameter: {param}"

    members["__str__"] = __str__
    for name in dir(cls):
        if not name.startswith("test"):
            continue
        method = getattr(cls, name)
        if isinstance(method, types.FunctionType):
            members[name] = _wrap_test_method(method, cls.__name__, param)
    name = _class_name(cls.__name__, index, param)
    members["__module__"] = cls.__module__
    members["__qualname__"] = name
    return type(name, (cls,), members)


def parameterize(*params):
    """Class decorator that makes one test class per parameter set.

    Each generated class is a subclass whose attributes are the entries of one
    dict, named ``<Base>_param_<i>_{<key>=<value>, ...}`` and registered in the
    module of the base; the base itself is not collected. It works on
    ``unittest.TestCase`` classes and on plain pytest classes, and can be
    stacked with itself and with :func:`~chainer.testing.inject_backend_tests`.

    Args:
        params: Dicts mapping attribute names to values.

    Returns:
        A class decorator.
    """
    params = list(params)
    for p in params:
        if not isinstance(p, dict):
            raise TypeError(f"parameterize takes dicts, not {p!r}")

    def decorator(target):
        classes, base = _bundle.classes_of(target)
        generated = []
        for cls in classes:
            if isinstance(target, _bundle._TestCaseBundle):
                _bundle.unregister(cls)
            for i, param in enumerate(params):
                new_cls = _make_class(cls, i, param)
                _bundle.register(new_cls)
                generated.append(new_cls)
        return _bundle._TestCaseBundle(base, generated)

    return decorator


def product(parameter):
    """Makes the Cartesian product of parameter values.

    Args:
        parameter: Either a dict mapping names to lists of values (the result
            has one dict per combination, the first key in sorted order
            varying slowest), or a list of lists of dicts (one dict is taken
            from each list and the picks are merged).

    Returns:
        list of dict: The parameter sets.
    """
    if isinstance(parameter, dict):
        keys = sorted(parameter)
        return [
            dict(zip(keys, values)) for values in itertools.product(*(parameter[k] for k in keys))
        ]
    if isinstance(parameter, list):
        if not all(isinstance(group, list) for group in parameter):
            raise TypeError("parameter must be a list of lists of dicts")
        if not all(isinstance(d, dict) for group in parameter for d in group):
            raise TypeError("parameter must be a list of lists of dicts")
        return product_dict(*parameter)
    raise TypeError(f"parameter must be either a dict or a list, not {type(parameter).__name__}")


def product_dict(*parameters):
    """Makes the Cartesian product of lists of dicts, merging each pick.

    Args:
        parameters: Lists of dicts.

    Returns:
        list of dict: One merged dict per combination.
    """
    result = []
    for dicts in itertools.product(*parameters):
        merged = {}
        for d in dicts:
            merged.update(d)
        result.append(merged)
    return result


def from_pytest_parameterize(names, values):
    """Converts ``pytest.mark.parametrize``-style arguments to a list of dicts.

    Args:
        names: Comma-separated names (``'a,b'``) or a sequence of names.
        values: One value per set for a single name, else one tuple per set.

    Returns:
        list of dict: The parameter sets.
    """
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    names = list(names)
    if len(names) == 1:
        return [{names[0]: v} for v in values]
    result = []
    for v in values:
        if len(v) != len(names):
            raise ValueError(f"{v!r} does not give one value for each of {names}")
        result.append(dict(zip(names, v)))
    return result


def parameterize_pytest(names, values):
    """:func:`parameterize` with ``pytest.mark.parametrize``-style arguments.

    Args:
        names: Comma-separated names or a sequence of names.
        values: One value per set for a single name, else one tuple per set.

    Returns:
        A class decorator.
    """
    return parameterize(*from_pytest_parameterize(names, values))
