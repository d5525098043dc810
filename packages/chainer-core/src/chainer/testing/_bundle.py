"""Generated test classes: registration in the test module and stacking.

A class decorator such as :func:`~chainer.testing.parameterize` returns a
:class:`_TestCaseBundle` in place of the decorated class. The bundle is not a
class, so pytest does not collect the base; the generated classes are set as
attributes of the module, where pytest finds them. Another decorator applied
on top of a bundle works on each generated class in turn.
"""

import sys


class _TestCaseBundle:
    """The classes generated from one decorated test class.

    Args:
        base (type): The original class.
        classes (list of type): The generated classes, registered in their module.
    """

    def __init__(self, base, classes):
        self.base = base
        self.classes = classes

    def __repr__(self):
        return f"<generated test cases of {self.base.__name__}: {len(self.classes)}>"


def _find_module(cls):
    module = sys.modules.get(cls.__module__)
    if module is not None:
        return module
    # Some import modes run the test module without registering it; the module
    # being executed is then found among the callers' frames.
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == cls.__module__:
            return _FrameGlobals(frame.f_globals)
        frame = frame.f_back
    raise RuntimeError(f"cannot find the module {cls.__module__} of {cls.__name__}")


class _FrameGlobals:
    def __init__(self, namespace):
        self.__dict__["_ns"] = namespace

    def __setattr__(self, name, value):
        self._ns[name] = value

    def __delattr__(self, name):
        del self._ns[name]


def register(cls):
    """Adds a generated class to the module of its base, for pytest to collect."""
    setattr(_find_module(cls), cls.__name__, cls)


def unregister(cls):
    """Removes a generated class from its module (when it is decorated again)."""
    module = _find_module(cls)
    try:
        delattr(module, cls.__name__)
    except (AttributeError, KeyError):
        pass


def classes_of(target):
    """Returns the classes a decorator applies to, and the base class."""
    if isinstance(target, _TestCaseBundle):
        return target.classes, target.base
    if isinstance(target, type):
        return [target], target
    raise TypeError(f"a test class decorator takes a class, not {target!r}")
