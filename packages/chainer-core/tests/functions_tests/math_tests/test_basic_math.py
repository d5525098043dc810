"""Arithmetic on Variables: ``+ - * / ** @ -x abs(x)`` and ``F.add`` / ``F.absolute``."""

import operator

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

_OPS = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
    "pow": operator.pow,
}


def _options(case, dtype, linear=False):
    """Sets the forward, backward and double-backward tolerances for ``dtype``.

    The gradients of ``+`` and ``-`` are the output gradient itself (exact in
    float16), so ``linear`` ops get tight float16 tolerances.
    """
    if dtype == numpy.float16:
        grad_tol = 1e-3 if linear else 5e-2
        case.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_backward_options = {"atol": grad_tol, "rtol": grad_tol}
        case.check_double_backward_options = {"atol": grad_tol, "rtol": grad_tol}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _operand(op, shape, dtype):
    """Positive operands away from 0 for / and **; signed ones otherwise."""
    low = 0.5 if op in ("div", "pow") else -1.0
    return numpy.random.uniform(low, 2.0, shape).astype(dtype)


# -- Variable op Variable --------------------------------------------------------------


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "op": ["add", "sub", "mul", "div", "pow"],
            "shapes": [((3, 2), (3, 2)), ((3, 1), (1, 4)), ((4,), (3, 4)), ((), ())],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBinaryVariableVariable(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype, linear=self.op in ("add", "sub"))

    def generate_inputs(self):
        return tuple(_operand(self.op, shape, self.dtype) for shape in self.shapes)

    def forward(self, inputs, device):
        x0, x1 = inputs
        return (_OPS[self.op](x0, x1),)

    def forward_expected(self, inputs):
        x0, x1 = (x.astype(numpy.float64) for x in inputs)
        return (numpy.asarray(_OPS[self.op](x0, x1)).astype(self.dtype),)


# -- Variable op scalar and scalar op Variable ----------------------------------------


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "op": ["add", "sub", "mul", "div", "pow"],
            # 'left': x op value; 'right': value op x (the reflected operator).
            "side": ["left", "right"],
            # A NumPy float64 scalar must not promote a float16 Variable.
            "scalar_type": ["python", "numpy"],
            "shape": [(3, 2), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None],
        }
    )
    + testing.product(
        {
            "op": ["add", "sub", "mul", "div", "pow"],
            "side": ["left", "right"],
            "scalar_type": ["python"],
            "shape": [(3, 2)],
            "dtype": [numpy.float32],
            "contiguous": ["C"],
        }
    )
)
@testing.fix_random()
class TestBinaryVariableScalar(testing.FunctionTestCase):
    value = 1.5

    def setUp(self):
        _options(self, self.dtype, linear=self.op in ("add", "sub"))

    def _scalar(self):
        if self.scalar_type == "python":
            return float(self.value)
        return numpy.float64(self.value)

    def generate_inputs(self):
        return (_operand(self.op, self.shape, self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        value = self._scalar()
        op = _OPS[self.op]
        return (op(x, value) if self.side == "left" else op(value, x),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        op = _OPS[self.op]
        y = op(x, self.value) if self.side == "left" else op(self.value, x)
        # The result keeps the Variable's dtype whatever the scalar's type.
        return (numpy.asarray(y).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # x ** 2 (an int) takes its own backward path; 2 ** x and x ** 0.5 too.
            "case": ["x**2", "x**3", "x**0.5", "2**x", "x**-1"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
        }
    )
)
@testing.fix_random()
class TestPowSpecialExponents(testing.FunctionTestCase):
    contiguous = "C"

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(0.5, 2.0, (3, 2)).astype(self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        if self.case == "x**2":
            return (x**2,)
        if self.case == "x**3":
            return (x**3,)
        if self.case == "x**0.5":
            return (x**0.5,)
        if self.case == "x**-1":
            return (x**-1,)
        return (2**x,)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        exponent = {"x**2": 2.0, "x**3": 3.0, "x**0.5": 0.5, "x**-1": -1.0}.get(self.case)
        y = numpy.power(2.0, x) if exponent is None else numpy.power(x, exponent)
        return (y.astype(self.dtype),)


# -- Variable op array (the array needs no gradient) ---------------------------------


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "op": ["add", "sub", "mul", "div", "pow"],
            "side": ["left", "right"],
            "shapes": [((3, 2), (3, 2)), ((3, 4), (4,))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
        }
    )
)
@testing.fix_random()
class TestBinaryVariableArray(testing.FunctionTestCase):
    contiguous = "C"

    def setUp(self):
        _options(self, self.dtype, linear=self.op in ("add", "sub"))
        self.constant = _operand(self.op, self.shapes[1], self.dtype)

    def generate_inputs(self):
        return (_operand(self.op, self.shapes[0], self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        # The numerical check runs in float64: the array follows x's dtype.
        c = device.send(self.constant.astype(x.dtype))
        op = _OPS[self.op]
        return (op(x, c) if self.side == "left" else op(c, x),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        c = self.constant.astype(numpy.float64)
        op = _OPS[self.op]
        y = op(x, c) if self.side == "left" else op(c, x)
        return (y.astype(self.dtype),)


# -- F.add with several inputs ----------------------------------------------------------


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [
                ((3, 2),),
                ((3, 2), (3, 2), (3, 2)),
                ((3, 1), (1, 4), (3, 4), (4,)),
                ((), (), ()),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestMultiAdd(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype, linear=True)
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 3e-3, "rtol": 3e-3}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return (F.add(*inputs),)

    def forward_expected(self, inputs):
        y = numpy.zeros((), numpy.float64)
        for x in inputs:
            y = y + x.astype(numpy.float64)
        return (y.astype(self.dtype),)


# -- unary: -x, abs(x), F.absolute ------------------------------------------------------


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "op": ["neg", "abs", "absolute"],
            "shape": [(3, 2), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestUnary(testing.FunctionTestCase):
    # |x| has a kink at 0: inputs that straddle it are drawn again.
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        if self.op == "neg":
            return (-x,)
        if self.op == "abs":
            return (abs(x),)
        return (F.absolute(x),)

    def forward_expected(self, inputs):
        (x,) = inputs
        y = -x if self.op == "neg" else numpy.abs(x)
        return (numpy.asarray(y, dtype=self.dtype),)


# -- plain tests: dtypes, gradients, errors ----------------------------------------------


@pytest.mark.parametrize("op", sorted(_OPS))
@pytest.mark.parametrize("reflected", [False, True])
@pytest.mark.parametrize(
    "value", [2.0, 2, numpy.float64(2), numpy.float32(2), numpy.int64(2)], ids=repr
)
def test_scalar_keeps_float16(op, reflected, value):
    x = chainer.Variable(numpy.full((2,), 1.5, numpy.float16))
    y = _OPS[op](value, x) if reflected else _OPS[op](x, value)
    assert y.dtype == numpy.float16
    assert y.array.dtype == numpy.float16


def test_broadcast_gradients_are_summed():
    a = chainer.Variable(numpy.arange(3, dtype=numpy.float32).reshape(3, 1))
    b = chainer.Variable(numpy.arange(4, dtype=numpy.float32).reshape(1, 4))
    y = a * b
    F.sum(y).backward()
    numpy.testing.assert_array_equal(a.grad, numpy.full((3, 1), 6.0, numpy.float32))
    numpy.testing.assert_array_equal(b.grad, numpy.full((1, 4), 3.0, numpy.float32))
    assert a.grad.shape == (3, 1) and b.grad.shape == (1, 4)

    c = chainer.Variable(numpy.ones((4,), numpy.float32))
    d = chainer.Variable(numpy.ones((3, 4), numpy.float32))
    F.sum(c - d).backward()
    numpy.testing.assert_array_equal(c.grad, numpy.full((4,), 3.0, numpy.float32))
    numpy.testing.assert_array_equal(d.grad, numpy.full((3, 4), -1.0, numpy.float32))


def test_array_operand_gets_no_gradient():
    x = chainer.Variable(numpy.ones((3,), numpy.float32))
    c = numpy.full((3,), 2.0, numpy.float32)
    F.sum(x * c + c).backward()
    numpy.testing.assert_array_equal(x.grad, c)


def test_dtype_mismatch_message():
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    y = chainer.Variable(numpy.ones((2, 3), numpy.float64))
    with pytest.raises(type_check.InvalidType) as info:
        x + y
    message = str(info.value)
    assert "Invalid operation is performed in: _ + _ (Forward)" in message
    assert "Expect: lhs.dtype == rhs.dtype" in message
    assert "Actual: float32 != float64" in message


@pytest.mark.parametrize(
    "op, label",
    [("sub", "_ - _"), ("mul", "_ * _"), ("div", "_ / _"), ("pow", "_ ** _")],
)
def test_dtype_mismatch_names_each_op(op, label):
    x = chainer.Variable(numpy.ones((2,), numpy.float16))
    y = chainer.Variable(numpy.ones((2,), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        _OPS[op](x, y)
    message = str(info.value)
    assert f"Invalid operation is performed in: {label} (Forward)" in message
    assert "Expect: lhs.dtype == rhs.dtype" in message
    assert "Actual: float16 != float32" in message


def test_array_operand_of_other_dtype_is_invalid():
    x = chainer.Variable(numpy.ones((2,), numpy.float32))
    with pytest.raises(type_check.InvalidType, match="lhs.dtype == rhs.dtype"):
        x + numpy.ones((2,), numpy.float64)


def test_shape_mismatch_message_shows_shapes():
    x = chainer.Variable(numpy.ones((3,), numpy.float32))
    y = chainer.Variable(numpy.ones((4,), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        x * y
    message = str(info.value)
    assert "cannot broadcast inputs" in message
    assert "lhs.shape = (3,)" in message
    assert "rhs.shape = (4,)" in message


def test_shape_mismatch_message_names_the_op():
    x = chainer.Variable(numpy.ones((3,), numpy.float32))
    y = chainer.Variable(numpy.ones((4,), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        x * y
    assert "Invalid operation is performed in: _ * _ (Forward)" in str(info.value)


def test_unsupported_operand_type():
    x = chainer.Variable(numpy.ones((2,), numpy.float32))
    with pytest.raises(TypeError, match="unsupported operand"):
        x + "a"


def test_absolute_needs_float():
    x = chainer.Variable(numpy.array([-1, 2], numpy.int32))
    with pytest.raises(type_check.InvalidType, match=r"\|_\|"):
        F.absolute(x)


def test_add_needs_an_input():
    with pytest.raises(ValueError):
        F.add()


def test_multi_add_dtype_mismatch():
    xs = [numpy.ones((2,), numpy.float32)] * 2 + [numpy.ones((2,), numpy.float64)]
    with pytest.raises(type_check.InvalidType):
        F.add(*xs)
