"""F.broadcast (several inputs to one shape)."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.broadcast_many import broadcast
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [
                [(3, 1), (1, 4)],
                [(2, 3, 4), (4,), ()],
                [(3, 2), (3, 2)],
                [(1,), (2, 1, 3), (2, 1)],
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBroadcast(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-2 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return tuple(broadcast(*inputs))

    def forward_expected(self, inputs):
        ndim = max(x.ndim for x in inputs)
        padded = [(1,) * (ndim - x.ndim) + x.shape for x in inputs]
        shape = tuple(max(sizes) for sizes in zip(*padded))
        return tuple(
            numpy.tile(x.reshape(p), [s // n for s, n in zip(shape, p)])
            for x, p in zip(inputs, padded)
        )


def test_single_input_is_returned_as_variable():
    x = numpy.ones((2, 3), numpy.float32)
    y = broadcast(x)
    assert isinstance(y, chainer.Variable)
    assert y.array is x


def test_dtypes_are_kept():
    a, b = broadcast(numpy.ones((2, 1), numpy.float16), numpy.ones((3,), numpy.float64))
    assert (a.dtype, b.dtype) == (numpy.float16, numpy.float64)
    assert a.shape == b.shape == (2, 3)


def test_gradient_is_summed_to_each_shape():
    x0 = chainer.Variable(numpy.ones((3, 1), numpy.float32))
    x1 = chainer.Variable(numpy.ones((4,), numpy.float32))
    y0, y1 = broadcast(x0, x1)
    (chainer.functions.sum(y0) + 2 * chainer.functions.sum(y1)).backward()
    numpy.testing.assert_array_equal(x0.grad, numpy.full((3, 1), 4.0))
    numpy.testing.assert_array_equal(x1.grad, numpy.full((4,), 6.0))


def test_incompatible_shapes():
    with pytest.raises(type_check.InvalidType) as info:
        broadcast(numpy.ones((3, 2), numpy.float32), numpy.ones((4,), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: Broadcast (Forward)" in message
    assert "cannot broadcast" in message


def test_no_input():
    with pytest.raises(ValueError, match="broadcast: needs at least one"):
        broadcast()
