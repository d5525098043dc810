"""unary_math_function_unittest: one decorator that tests an elementwise math op.

The decorated ``unittest.TestCase`` gets forward, backward, double-backward
and label tests of a unary, elementwise, dtype-preserving Chainer function
(``F.exp``, ``F.log``, ...) against its NumPy counterpart, for two shapes and
three float dtypes.
"""

from __future__ import annotations

import inspect
import unittest
import warnings

import numpy

import chainer
from chainer import gradient_check
from chainer.testing import attr
from chainer.testing.array import _to_numpy, assert_allclose
from chainer.testing.function_link import FunctionTestError
from chainer.testing.parameterized import parameterize, product
from chainer.variable import Variable

_SHAPES = [(3, 2), ()]
_DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _func_name(func):
    if isinstance(func, chainer.Function):
        return type(func).__name__.lower()
    name = getattr(func, "__name__", None)
    if not isinstance(name, str):
        raise TypeError(
            f"func must be a Chainer function or a chainer.Function, not {type(func).__name__}"
        )
    return name


def _default_make_data(shape, dtype):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype, copy=False)  # noqa: NPY002
    gy = numpy.random.uniform(-1, 1, shape).astype(dtype, copy=False)  # noqa: NPY002
    ggx = numpy.random.uniform(-1, 1, shape).astype(dtype, copy=False)  # noqa: NPY002
    return x, gy, ggx


def _squared(func):
    # A linear function has a zero second derivative; squaring its output
    # gives the double-backward check something to compare (is_linear).
    def squared(x):
        y = func(x)
        return y * y

    return squared


def _takes_dtype(func):
    if isinstance(func, numpy.ufunc):
        return True
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "dtype" or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def _expected(func_expected, x, dtype):
    # Like Chainer, pass dtype= to functions that take it (NumPy's ufuncs);
    # cast the result of the others.
    if _takes_dtype(func_expected):
        y = func_expected(x, dtype=dtype)
    else:
        y = func_expected(x)
    return numpy.asarray(y).astype(dtype, copy=False)


def _to_gpu(array):
    return chainer.get_device("@cupy:0").send(array)


def unary_math_function_unittest(
    func,
    func_expected=None,
    label_expected=None,
    make_data=None,
    is_linear=None,
    forward_options=None,
    backward_options=None,
    double_backward_options=None,
):
    """Class decorator that tests a unary elementwise math function.

    The decorated ``unittest.TestCase`` gets ``test_forward_cpu``,
    ``test_backward_cpu``, ``test_double_backward_cpu``, their ``_gpu``
    variants (marked ``gpu``) and ``test_label``, and is
    :func:`~chainer.testing.parameterize` d over ``shape`` in ``(3, 2)`` and
    ``()`` and ``dtype`` in float16, float32 and float64::

        @testing.unary_math_function_unittest(F.exp)
        class TestExp(unittest.TestCase):
            pass

    The function must take one input and return one output of the same
    dtype, elementwise. The forward is compared with ``func_expected``, the
    gradients with numerical ones (:func:`chainer.gradient_check.check_backward`
    and :func:`~chainer.gradient_check.check_double_backward`, in float64),
    and the label of the node that computed the output with
    ``label_expected``. Failures raise :class:`FunctionTestError`.

    Args:
        func (function or ~chainer.Function): The Chainer function under
            test. A legacy :class:`~chainer.Function` instance is accepted
            (its lower-cased class name is its name); it gets no
            double-backward tests.
        func_expected: The NumPy reference, called as ``func_expected(x,
            dtype=dtype)`` when it takes ``dtype`` (as NumPy's ufuncs do) and
            as ``func_expected(x)`` otherwise. Defaults to the NumPy function
            of the same name as ``func``.
        label_expected (str): The expected label of the node that computes
            the output. Defaults to the name of ``func``.
        make_data: ``make_data(shape, dtype)`` returns ``(x, gy, ggx)``: the
            input, the output gradient and the gradient of the input
            gradient. Defaults to uniform values in ``[-1, 1)``.
        is_linear: Deprecated (kept for Chainer v4 code; a
            ``DeprecationWarning`` is issued when given). When true, the
            double-backward check runs on ``func(x) ** 2`` instead of
            ``func``. Linear functions are checked correctly without it.
        forward_options (dict): Options of
            :func:`chainer.testing.assert_allclose` for the forward check,
            updating the defaults ``atol=1e-4, rtol=1e-4``.
        backward_options (dict): Options of
            :func:`chainer.gradient_check.check_backward`, updating the
            defaults (``dtype=float64, atol=1e-4, rtol=1e-4``; for float16
            ``eps``, ``atol`` and ``rtol`` of ``2 ** -4``).
        double_backward_options (dict): The same for
            :func:`chainer.gradient_check.check_double_backward`.

    Returns:
        A class decorator. The decorated class must be a
        ``unittest.TestCase``; its own ``setUp``, if any, runs after the
        data and options are set, so it may adjust ``self.forward_options``,
        ``self.backward_options`` and ``self.double_backward_options``.

    Raises:
        ValueError: When ``func_expected`` is not given and NumPy has no
            function of ``func``'s name.
    """
    attr.check_available()

    legacy = isinstance(func, chainer.Function)
    func_name = _func_name(func)
    if func_expected is None:
        func_expected = getattr(numpy, func_name, None)
        if func_expected is None:
            raise ValueError(
                f"NumPy has no function corresponding to the Chainer function {func_name!r}; "
                "give func_expected"
            )
    if label_expected is None:
        label_expected = func_name
    if make_data is None:
        make_data = _default_make_data
    if is_linear is not None:
        warnings.warn(
            "the is_linear option of unary_math_function_unittest is deprecated: linear "
            "functions are tested without it",
            DeprecationWarning,
            stacklevel=2,
        )
    double_func = _squared(func) if is_linear else func

    def decorator(klass):
        if not (isinstance(klass, type) and issubclass(klass, unittest.TestCase)):
            raise TypeError(
                "unary_math_function_unittest decorates a unittest.TestCase subclass, "
                f"not {klass!r}"
            )
        original_set_up = klass.setUp

        def setUp(self):
            data = tuple(make_data(self.shape, self.dtype))
            if len(data) not in (2, 3):
                raise ValueError(
                    f"make_data must return (x, gy, ggx) or (x, gy), not {len(data)} values"
                )
            self.x, self.gy = data[0], data[1]
            self.ggx = data[2] if len(data) == 3 else None
            self.forward_options = {"atol": 1e-4, "rtol": 1e-4}
            if numpy.dtype(self.dtype) == numpy.float16:
                tolerances = {"eps": 2**-4, "atol": 2**-4, "rtol": 2**-4}
            else:
                tolerances = {"atol": 1e-4, "rtol": 1e-4}
            self.backward_options = {"dtype": numpy.float64, **tolerances}
            self.double_backward_options = {"dtype": numpy.float64, **tolerances}
            self.forward_options.update(forward_options or {})
            self.backward_options.update(backward_options or {})
            self.double_backward_options.update(double_backward_options or {})
            original_set_up(self)

        def check_forward(self, x_data):
            y = func(Variable(x_data))
            FunctionTestError.check(
                y.dtype == x_data.dtype,
                f"{func_name}: the output dtype {y.dtype} differs from the input dtype "
                f"{x_data.dtype}",
            )
            expected = _expected(func_expected, _to_numpy(x_data), x_data.dtype)
            FunctionTestError.raise_if_fail(
                f"{func_name}: the forward differs from {_func_label(func_expected)} "
                f"(input shape {x_data.shape}, dtype {x_data.dtype})",
                assert_allclose,
                y.array,
                expected,
                **self.forward_options,
            )

        def check_backward(self, x_data, y_grad):
            FunctionTestError.raise_if_fail(
                f"{func_name}: backward is not implemented correctly "
                f"(input shape {x_data.shape}, dtype {x_data.dtype})",
                gradient_check.check_backward,
                func,
                x_data,
                y_grad,
                **self.backward_options,
            )

        def check_double_backward(self, x_data, y_grad, x_grad_grad):
            FunctionTestError.raise_if_fail(
                f"{func_name}: double backward is not implemented correctly "
                f"(input shape {x_data.shape}, dtype {x_data.dtype})",
                gradient_check.check_double_backward,
                double_func,
                x_data,
                y_grad,
                x_grad_grad,
                **self.double_backward_options,
            )

        def test_forward_cpu(self):
            self.check_forward(self.x)

        @attr.gpu
        def test_forward_gpu(self):
            self.check_forward(_to_gpu(self.x))

        def test_backward_cpu(self):
            self.check_backward(self.x, self.gy)

        @attr.gpu
        def test_backward_gpu(self):
            self.check_backward(_to_gpu(self.x), _to_gpu(self.gy))

        def test_double_backward_cpu(self):
            self.check_double_backward(self.x, self.gy, self.ggx)

        @attr.gpu
        def test_double_backward_gpu(self):
            self.check_double_backward(_to_gpu(self.x), _to_gpu(self.gy), _to_gpu(self.ggx))

        def test_label(self):
            y = func(Variable(self.x))
            creator = y.creator
            FunctionTestError.check(
                creator is not None, f"{func_name} returned an output no function computed"
            )
            FunctionTestError.check(
                creator.label == label_expected,
                f"{func_name}: label {creator.label!r}, expected {label_expected!r}",
            )

        methods = {
            "setUp": setUp,
            "check_forward": check_forward,
            "check_backward": check_backward,
            "test_forward_cpu": test_forward_cpu,
            "test_forward_gpu": test_forward_gpu,
            "test_backward_cpu": test_backward_cpu,
            "test_backward_gpu": test_backward_gpu,
            "test_label": test_label,
        }
        if not legacy:
            methods.update(
                check_double_backward=check_double_backward,
                test_double_backward_cpu=test_double_backward_cpu,
                test_double_backward_gpu=test_double_backward_gpu,
            )
        for name, method in methods.items():
            method.__name__ = name
            method.__qualname__ = f"{klass.__qualname__}.{name}"
            setattr(klass, name, method)
        return parameterize(*product({"shape": _SHAPES, "dtype": _DTYPES}))(klass)

    return decorator


def _func_label(func):
    module = getattr(func, "__module__", None) or (
        "numpy" if isinstance(func, numpy.ufunc) else None
    )
    name = getattr(func, "__name__", repr(func))
    return f"{module}.{name}" if module else name
