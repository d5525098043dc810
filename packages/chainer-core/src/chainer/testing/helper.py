"""Test helpers: requirement-based skips, patching, warning checks."""

import contextlib
import importlib
import importlib.metadata
import re
import unittest
import warnings
from unittest import mock

try:
    import pytest
except ImportError:  # pragma: no cover - pytest is a test dependency
    pytest = None

try:
    from packaging.requirements import Requirement as _Requirement
except ImportError:  # pragma: no cover - packaging is nearly always present
    _Requirement = None


def _installed_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _satisfied_with_packaging(requirement):
    req = _Requirement(requirement)
    if req.marker is not None and not req.marker.evaluate():
        return True
    version = _installed_version(req.name)
    if version is None:
        return False
    return req.specifier.contains(version, prereleases=True)


_SPEC = re.compile(r"\s*(==|!=|>=|<=|>|<|~=)\s*([0-9][0-9A-Za-z.]*)\s*")


def _version_tuple(text):
    return tuple(int(part) if part.isdigit() else 0 for part in re.findall(r"\d+", text))


def _satisfied_simple(requirement):
    # Minimal fallback: "name", "name>=1.2", "name>=1,<2" with numeric versions.
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?(.*)$", requirement)
    name, specs = match.group(1), match.group(3)
    version = _installed_version(name)
    if version is None:
        return False
    have = _version_tuple(version)
    compare = {
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">=": lambda a, b: a >= b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        "<": lambda a, b: a < b,
        "~=": lambda a, b: a >= b and a[: len(b) - 1] == b[: len(b) - 1],
    }
    for spec in filter(None, (s.strip() for s in specs.split(","))):
        op, want = _SPEC.fullmatch(spec).groups()
        if not compare[op](have, _version_tuple(want)):
            return False
    return True


def _satisfied(requirements):
    check = _satisfied_with_packaging if _Requirement is not None else _satisfied_simple
    return all(check(r) for r in requirements)


def _skip_if(condition, reason):
    def decorator(obj):
        if not condition:
            return obj
        if pytest is not None:
            obj = pytest.mark.skip(reason=reason)(obj)
        return unittest.skip(reason)(obj)

    return decorator


def with_requires(*requirements):
    """Decorator that runs a test only when the requirements are installed.

    Args:
        requirements: Requirement strings such as ``'numpy>=1.26'``, checked
            against the installed distributions.

    Returns:
        A decorator for test functions, methods and classes.
    """
    return _skip_if(not _satisfied(requirements), "requires: {}".format(",".join(requirements)))


def without_requires(*requirements):
    """Decorator that runs a test only when the requirements are not all installed.

    Args:
        requirements: Requirement strings such as ``'h5py'``.

    Returns:
        A decorator for test functions, methods and classes.
    """
    return _skip_if(
        _satisfied(requirements), "requires not installed: {}".format(",".join(requirements))
    )


def _import_object(name):
    module_name, _, attr = name.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attr)
    except ImportError:
        return getattr(_import_object(module_name), attr)


def patch(target, *args, **kwargs):
    """``unittest.mock.patch`` whose mock wraps the patched object by default.

    Calls go through to the original object, and the mock records them.
    Unbound methods are not supported as ``wraps``.

    Args:
        target (str): Full dotted name of the object to patch.
        args: Positional arguments of ``mock.patch``.
        kwargs: Keyword arguments of ``mock.patch``; ``wraps`` defaults to the
            patched object itself.

    Returns:
        The patcher (a decorator and context manager).
    """
    if "wraps" not in kwargs:
        kwargs["wraps"] = _import_object(target)
    return mock.patch(target, *args, **kwargs)


@contextlib.contextmanager
def assert_warns(expected):
    """Context manager that asserts that a warning of class ``expected`` is issued.

    Args:
        expected (type): The warning class.

    Raises:
        AssertionError: When no such warning was issued in the block.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    if not any(isinstance(w.message, expected) for w in caught):
        name = getattr(expected, "__name__", str(expected))
        raise AssertionError(f"{name} not triggered")


def run_module(name, file):
    """Runs the tests of a file with pytest when it is executed as a script.

    Args:
        name (str): The ``__name__`` of the test module.
        file (str): The ``__file__`` of the test module.
    """
    if name == "__main__":
        import pytest as _pytest

        _pytest.main([file, "-vvs", "-x", "--pdb"])
