"""F.transpose_sequence."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.transpose_sequence import transpose_sequence
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "lengths": [[4, 2, 2, 1], [3, 3], [2], [3, 1, 0]],
            "unit": [(2,), ()],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "lengths": [[4, 2, 2, 1]],
            "unit": [(2,)],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestTransposeSequence(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return tuple(
            numpy.random.uniform(-1, 1, (n, *self.unit)).astype(self.dtype) for n in self.lengths
        )

    def forward(self, inputs, device):
        return transpose_sequence(list(inputs))

    def forward_expected(self, inputs):
        outs = []
        for t in range(self.lengths[0]):
            outs.append(numpy.array([x[t] for x in inputs if len(x) > t], dtype=self.dtype))
        return tuple(outs)


def test_twice_is_identity():
    xs = [numpy.random.rand(n, 3).astype(numpy.float32) for n in (3, 2, 2)]
    back = transpose_sequence(transpose_sequence(xs))
    for x, y in zip(xs, back):
        numpy.testing.assert_array_equal(x, y.array)


def test_gradient_of_unused_outputs_is_zero():
    xs = [chainer.Variable(numpy.ones((n, 2), numpy.float32)) for n in (3, 1)]
    ys = transpose_sequence(xs)
    ys[0].grad = numpy.full((2, 2), 3, numpy.float32)
    ys[0].backward()
    numpy.testing.assert_array_equal(xs[0].grad[:, 0], [3, 0, 0])
    numpy.testing.assert_array_equal(xs[1].grad[:, 0], [3])


def test_empty():
    assert transpose_sequence([]) == ()
    assert transpose_sequence([numpy.zeros((0, 2), numpy.float32)]) == ()


def test_not_sorted_by_length():
    xs = [numpy.zeros((1, 2), numpy.float32), numpy.zeros((2, 2), numpy.float32)]
    with pytest.raises(type_check.InvalidType) as info:
        transpose_sequence(xs)
    assert "Invalid operation is performed in: TransposeSequence (Forward)" in str(info.value)
    assert "xs[0].shape[0] >= xs[1].shape[0]" in str(info.value)


def test_unit_shape_mismatch():
    xs = [numpy.zeros((2, 2), numpy.float32), numpy.zeros((2, 3), numpy.float32)]
    with pytest.raises(type_check.InvalidType) as info:
        transpose_sequence(xs)
    assert "xs[0].shape[1:] == xs[1].shape[1:]" in str(info.value)
