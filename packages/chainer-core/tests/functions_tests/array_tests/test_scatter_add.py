"""F.scatter_add."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.scatter_add import scatter_add
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

_SLICES = [
    1,
    slice(1, 3),
    (slice(None), 0),
    (Ellipsis, 1),
    (None, 1),
    numpy.array([0, 2, 2, 0]),
    [3, 1, 1],
    (slice(None), numpy.array([2, 0, 2])),
    (numpy.array([0, 0, 3]), numpy.array([1, 1, 0])),
    numpy.array([True, False, True, True]),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"slices": _SLICES, "dtype": [numpy.float32], "contiguous": [None, "C"]})
    + testing.product(
        {
            "slices": [numpy.array([0, 2, 2, 0]), slice(1, 3)],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestScatterAdd(testing.FunctionTestCase):
    shape = (4, 3, 2)

    def setUp(self):
        tol = {numpy.float16: 1e-3, numpy.float32: 1e-6, numpy.float64: 1e-12}[self.dtype]
        self.check_forward_options = {"atol": tol, "rtol": tol}
        tol = 5e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def _index(self):
        s = self.slices
        if isinstance(s, list):
            return numpy.asarray(s)
        return s

    def generate_inputs(self):
        a = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        b_shape = numpy.zeros(self.shape)[self._index()].shape
        b = numpy.random.uniform(-1, 1, b_shape).astype(self.dtype)
        return a, b

    def forward(self, inputs, device):
        a, b = inputs
        return (scatter_add(a, self.slices, b),)

    def forward_expected(self, inputs):
        a, b = inputs
        # Element by element: each position of b adds into the element of a it names.
        out = a.astype(numpy.float64)
        positions = numpy.arange(a.size).reshape(a.shape)[self._index()]
        flat = out.reshape(-1)
        for pos, value in zip(numpy.ravel(positions), numpy.ravel(b)):
            flat[pos] += value
        return (out.astype(self.dtype),)


def test_repeated_indices_accumulate():
    a = numpy.zeros(3, numpy.float32)
    b = numpy.array([1, 2, 3, 4], numpy.float32)
    y = scatter_add(a, numpy.array([0, 2, 0, 0]), b)
    numpy.testing.assert_array_equal(y.array, [8, 0, 2])


def test_gradients():
    a = chainer.Variable(numpy.zeros(3, numpy.float32))
    b = chainer.Variable(numpy.zeros(4, numpy.float32))
    y = scatter_add(a, [0, 2, 0, 0], b)
    y.grad = numpy.array([1, 2, 3], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(a.grad, [1, 2, 3])
    numpy.testing.assert_array_equal(b.grad, [1, 3, 1, 1])


def test_input_unchanged():
    a = numpy.zeros(3, numpy.float32)
    scatter_add(a, 1, numpy.ones((), numpy.float32))
    numpy.testing.assert_array_equal(a, [0, 0, 0])


def test_b_is_not_broadcast():
    with pytest.raises(ValueError, match=r"scatter_add: b must have the shape of a\[slices\]"):
        scatter_add(numpy.zeros((3, 2), numpy.float32), 0, numpy.zeros((1,), numpy.float32))


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        scatter_add(numpy.zeros(3, numpy.float32), 0, numpy.zeros((), numpy.float64))
    assert "Invalid operation is performed in: ScatterAdd (Forward)" in str(info.value)
    assert "a.dtype == b.dtype" in str(info.value)


def test_too_many_indices():
    with pytest.raises(type_check.InvalidType) as info:
        scatter_add(numpy.zeros(3, numpy.float32), (0, 0), numpy.zeros((), numpy.float32))
    assert "a.ndim >= 2" in str(info.value)


def test_bad_index_type():
    with pytest.raises(TypeError, match="an index must be"):
        scatter_add(numpy.zeros(3, numpy.float32), 1.5, numpy.zeros((), numpy.float32))
