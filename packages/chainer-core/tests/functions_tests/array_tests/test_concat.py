"""F.concat."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.concat import concat
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    case.check_forward_options = {"atol": 0, "rtol": 0}
    tol = 1e-3 if dtype == numpy.float16 else 1e-6
    case.check_backward_options = {"atol": tol, "rtol": tol}
    case.check_double_backward_options = {"atol": tol, "rtol": tol}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes_axis": [
                ([(2, 3, 4), (2, 1, 4), (2, 2, 4)], 1),
                ([(2, 3), (4, 3)], 0),
                ([(2, 3), (2, 5)], -1),
                ([(2, 3, 1), (2, 3, 2)], -1),
                ([(3,), (0,), (2,)], 0),
                ([(3, 2)], 1),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestConcat(testing.FunctionTestCase):
    def setUp(self):
        self.shapes, self.axis = self.shapes_axis
        _options(self, self.dtype)

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return (concat(inputs, axis=self.axis),)

    def forward_expected(self, inputs):
        axis = self.axis % inputs[0].ndim
        out_shape = list(inputs[0].shape)
        out_shape[axis] = sum(x.shape[axis] for x in inputs)
        y = numpy.empty(out_shape, self.dtype)
        start = 0
        for x in inputs:
            index = [slice(None)] * x.ndim
            index[axis] = slice(start, start + x.shape[axis])
            y[tuple(index)] = x
            start += x.shape[axis]
        return (y,)


def test_default_axis_is_one():
    y = concat([numpy.zeros((2, 1), numpy.float32), numpy.ones((2, 2), numpy.float32)])
    numpy.testing.assert_array_equal(y.array, [[0, 1, 1], [0, 1, 1]])


def test_double_backward_with_unused_piece():
    # The gradient of the second input is not used further: its part of the
    # second-order gradient must be zeros, not an error.
    x0 = chainer.Variable(numpy.ones((2, 2), numpy.float32))
    x1 = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    gy = chainer.Variable(numpy.arange(10, dtype=numpy.float32).reshape(2, 5))
    y = concat([x0, x1], axis=1)
    gx0, _ = chainer.grad([y], [x0, x1], grad_outputs=[gy], enable_double_backprop=True)
    weight = numpy.full((2, 2), 3.0, numpy.float32)
    (ggy,) = chainer.grad([gx0 * weight], [gy], grad_outputs=[numpy.ones((2, 2), numpy.float32)])
    expected = numpy.zeros((2, 5), numpy.float32)
    expected[:, :2] = 3.0
    numpy.testing.assert_array_equal(ggy.array, expected)


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        concat([numpy.ones((2, 2), numpy.float32), numpy.ones((2, 2), numpy.float64)])
    message = str(info.value)
    assert "Invalid operation is performed in: Concat (Forward)" in message
    assert "x0.dtype == x1.dtype" in message


def test_shape_mismatch_off_axis():
    with pytest.raises(type_check.InvalidType) as info:
        concat([numpy.ones((2, 2), numpy.float32), numpy.ones((3, 2), numpy.float32)], axis=1)
    message = str(info.value)
    assert "x0.shape[0] == x1.shape[0]" in message


def test_ndim_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        concat([numpy.ones((2, 2), numpy.float32), numpy.ones((2,), numpy.float32)], axis=0)
    assert "x0.ndim == x1.ndim" in str(info.value)


@pytest.mark.parametrize("axis", [2, -3])
def test_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType) as info:
        concat([numpy.ones((2, 2), numpy.float32)] * 2, axis=axis)
    assert "x0.ndim" in str(info.value)


def test_zero_dim_inputs_are_invalid():
    with pytest.raises(type_check.InvalidType):
        concat([numpy.ones((), numpy.float32)] * 2, axis=0)


def test_empty_list():
    with pytest.raises(ValueError, match="concat: xs must hold at least one"):
        concat([], axis=0)


def test_single_array_is_not_a_list():
    with pytest.raises(TypeError, match="concat: xs must be a list or tuple"):
        concat(numpy.ones((2, 2), numpy.float32))


@pytest.mark.parametrize("axis", [1.0, None, True])
def test_axis_must_be_int(axis):
    with pytest.raises(TypeError, match="concat: axis must be an int"):
        concat([numpy.ones((2, 2), numpy.float32)] * 2, axis=axis)
