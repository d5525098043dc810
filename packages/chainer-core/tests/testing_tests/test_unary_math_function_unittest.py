"""unary_math_function_unittest: the generated tests pass right ops and fail wrong ones."""

import unittest
import warnings

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check, testing

# -- correct functions pass (pytest collects the generated classes) ----------------


@testing.unary_math_function_unittest(F.exp)
class TestExp(unittest.TestCase):
    pass


def _positive(shape, dtype):
    x = numpy.random.uniform(0.5, 2, shape).astype(dtype)
    gy = numpy.random.uniform(-1, 1, shape).astype(dtype)
    ggx = numpy.random.uniform(-1, 1, shape).astype(dtype)
    return x, gy, ggx


@testing.unary_math_function_unittest(F.log, make_data=_positive)
class TestLog(unittest.TestCase):
    pass


# -- helpers --------------------------------------------------------------------------


def _run(cls, method_name):
    case = cls(method_name)
    case.setUp()
    getattr(case, method_name)()
    return case


def _decorate(**kwargs):
    func = kwargs.pop("func", F.exp)

    class _Case(unittest.TestCase):  # the underscore keeps pytest from collecting it
        pass

    return testing.unary_math_function_unittest(func, **kwargs)(_Case).classes


class WrongExp(chainer.FunctionNode):
    """exp with a gradient scaled by ``factor`` and a second derivative by ``factor2``."""

    def __init__(self, factor=1.0, factor2=1.0):
        self.factor = factor
        self.factor2 = factor2

    @property
    def label(self):
        return "exp"

    def forward(self, inputs):
        return (numpy.exp(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.inputs
        x = x.get_variable()
        y = WrongExp(self.factor2, self.factor2).apply((x,))[0]
        return (grad_outputs[0] * y * self.factor,)


def _wrong_exp(factor=1.0, factor2=1.0):
    def exp(x):
        return WrongExp(factor, factor2).apply((x,))[0]

    return exp


# -- what the decorator generates ---------------------------------------------------


def test_parameterized_over_shapes_and_dtypes():
    classes = _decorate()
    params = sorted((c.shape, numpy.dtype(c.dtype).name) for c in classes)
    assert params == sorted((s, d) for s in [(3, 2), ()] for d in ["float16", "float32", "float64"])
    for cls in classes:
        for name in (
            "test_forward_cpu",
            "test_forward_gpu",
            "test_backward_cpu",
            "test_backward_gpu",
            "test_double_backward_cpu",
            "test_double_backward_gpu",
            "test_label",
        ):
            assert callable(getattr(cls, name)), name


@pytest.mark.parametrize("method", ["test_forward_cpu", "test_backward_cpu", "test_label"])
def test_all_generated_cpu_tests_pass_for_exp(method):
    for cls in _decorate():
        _run(cls, method)


def test_setup_makes_data_and_options():
    seen = []

    def make_data(shape, dtype):
        seen.append((shape, dtype))
        return _positive(shape, dtype)

    classes = _decorate(make_data=make_data, backward_options={"atol": 0.5})
    f16 = next(c for c in classes if c.dtype == numpy.float16 and c.shape == ())
    case = _run(f16, "test_backward_cpu")
    assert seen[-1] == ((), numpy.float16)
    assert case.x.shape == () and case.x.dtype == numpy.float16
    assert case.x.min() >= 0.5
    assert case.forward_options == {"atol": 1e-4, "rtol": 1e-4}
    assert case.backward_options == {
        "dtype": numpy.float64,
        "eps": 2**-4,
        "atol": 0.5,
        "rtol": 2**-4,
    }


def test_class_set_up_runs_after_and_may_adjust_options():
    class _Case(unittest.TestCase):
        def setUp(self):
            self.forward_options["atol"] = 10.0

    classes = testing.unary_math_function_unittest(F.exp, func_expected=numpy.sin)(_Case).classes
    # exp and sin differ by far less than 10 on [-1, 1).
    for cls in classes:
        _run(cls, "test_forward_cpu")


def test_non_test_case_is_rejected():
    with pytest.raises(TypeError, match="unittest.TestCase"):
        testing.unary_math_function_unittest(F.exp)(object)


# -- wrong functions fail ------------------------------------------------------------------


@testing.fix_random()
def test_mismatched_func_expected_fails():
    for cls in _decorate(func_expected=numpy.sin):
        with pytest.raises(testing.FunctionTestError, match="the forward differs from numpy.sin"):
            _run(cls, "test_forward_cpu")


@testing.fix_random()
def test_forward_tolerance_option_is_used():
    def slightly_off(x, dtype):
        return (numpy.exp(x) * 1.001).astype(dtype)

    for cls in _decorate(func_expected=slightly_off):
        if cls.dtype != numpy.float16:
            with pytest.raises(testing.FunctionTestError):
                _run(cls, "test_forward_cpu")
    for cls in _decorate(func_expected=slightly_off, forward_options={"rtol": 1e-2}):
        _run(cls, "test_forward_cpu")


def test_func_expected_without_dtype_is_cast():
    for cls in _decorate(func_expected=lambda x: numpy.exp(x.astype(numpy.float64))):
        _run(cls, "test_forward_cpu")


@testing.fix_random()
def test_wrong_output_dtype_fails():
    def exp64(x):
        return F.cast(F.exp(x), numpy.float64)

    exp64.__name__ = "exp"
    for cls in _decorate(func=exp64):
        if cls.dtype != numpy.float64:
            with pytest.raises(testing.FunctionTestError, match="output dtype float64"):
                _run(cls, "test_forward_cpu")


@testing.fix_random()
def test_wrong_gradient_fails():
    func = _wrong_exp(factor=1.5)
    func.__name__ = "exp"
    # Data away from 0 keep the error above the tolerance in every direction.
    for cls in _decorate(func=func, make_data=_positive):
        _run(cls, "test_forward_cpu")
        if cls.dtype == numpy.float16:
            continue  # its tolerance (2 ** -4) may hide the error along one direction
        with pytest.raises(testing.FunctionTestError, match="backward is not implemented"):
            _run(cls, "test_backward_cpu")


@testing.fix_random()
def test_wrong_second_derivative_fails():
    func = _wrong_exp(factor2=3.0)
    func.__name__ = "exp"
    for cls in _decorate(func=func, make_data=_positive):
        _run(cls, "test_backward_cpu")  # the first derivative is right
        if cls.dtype == numpy.float16:
            continue  # its tolerance (2 ** -4) may hide the error along one direction
        with pytest.raises(testing.FunctionTestError, match="double backward is not"):
            _run(cls, "test_double_backward_cpu")


def test_correct_hand_written_exp_passes_double_backward():
    func = _wrong_exp()
    func.__name__ = "exp"
    for cls in _decorate(func=func):
        _run(cls, "test_double_backward_cpu")


def test_label_is_checked():
    for cls in _decorate(label_expected="Exp"):
        with pytest.raises(testing.FunctionTestError, match="label 'exp', expected 'Exp'"):
            _run(cls, "test_label")

    class Unlabelled(chainer.FunctionNode):
        def forward(self, inputs):
            return (numpy.exp(inputs[0]),)

    def exp(x):
        return Unlabelled().apply((x,))[0]

    # The default expectation is the function's name; the node's label is its class name.
    for cls in _decorate(func=exp):
        with pytest.raises(testing.FunctionTestError, match="label 'Unlabelled'"):
            _run(cls, "test_label")
    for cls in _decorate(func=exp, label_expected="Unlabelled"):
        _run(cls, "test_label")


def test_missing_numpy_counterpart():
    def no_such_numpy_function(x):
        return x

    with pytest.raises(ValueError, match="no_such_numpy_function"):
        testing.unary_math_function_unittest(no_such_numpy_function)


# -- is_linear and legacy Functions -------------------------------------------------------


def test_is_linear_is_deprecated_and_squares_the_function(monkeypatch):
    with pytest.warns(DeprecationWarning, match="is_linear"):
        classes = _decorate(func=F.identity, is_linear=True)
    seen = []

    def spy(func, x_data, *args, **kwargs):
        seen.append(func(chainer.Variable(x_data)).array)

    monkeypatch.setattr(gradient_check, "check_double_backward", spy)
    cls = next(c for c in classes if c.dtype == numpy.float64 and c.shape == (3, 2))
    case = _run(cls, "test_double_backward_cpu")
    numpy.testing.assert_allclose(seen[0], case.x**2)


def test_linear_function_without_is_linear():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classes = _decorate(func=F.identity, func_expected=lambda x: x)
    for cls in classes:
        for method in ("test_forward_cpu", "test_backward_cpu", "test_double_backward_cpu"):
            _run(cls, method)


class Square(chainer.Function):
    """Legacy x ** 2 (labelled 'square'); ``factor`` scales its gradient."""

    def __init__(self, factor=2.0):
        self.factor = factor

    @property
    def label(self):
        return "square"

    def forward(self, inputs):
        return (inputs[0] ** 2,)

    def backward(self, inputs, grad_outputs):
        return (self.factor * inputs[0] * grad_outputs[0],)


@testing.fix_random()
def test_legacy_function():
    classes = _decorate(func=Square())
    for cls in classes:
        assert not hasattr(cls, "test_double_backward_cpu")
        for method in ("test_forward_cpu", "test_backward_cpu", "test_label"):
            _run(cls, method)
    for cls in _decorate(func=Square(factor=3.0), make_data=_positive):
        if cls.dtype == numpy.float16:
            continue  # its tolerance (2 ** -4) may hide the error along one direction
        with pytest.raises(testing.FunctionTestError, match="square: backward"):
            _run(cls, "test_backward_cpu")
