"""F.pad_sequence."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.pad_sequence import pad_sequence
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ([3, 1, 2], (), None, 0),
                ([2, 2], (3,), 4, -1.5),
                ([0, 2], (2,), None, 1),
                ([1], (2, 3), 2, 0),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestPadSequence(testing.FunctionTestCase):
    def setUp(self):
        self.lengths, self.trailing, self.length, self.padding = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return tuple(
            numpy.random.uniform(-1, 1, (n,) + self.trailing).astype(self.dtype)
            for n in self.lengths
        )

    def forward(self, inputs, device):
        return (pad_sequence(inputs, self.length, self.padding),)

    def forward_expected(self, inputs):
        length = max(self.lengths) if self.length is None else self.length
        rows = []
        for x in inputs:
            filler = numpy.full((length - x.shape[0],) + self.trailing, self.padding, self.dtype)
            rows.append(numpy.concatenate([x, filler]))
        return (numpy.stack(rows),)


def test_double_backward_with_unused_sequence():
    x0 = chainer.Variable(numpy.ones((2, 2), numpy.float32))
    x1 = chainer.Variable(numpy.ones((1, 2), numpy.float32))
    gy = chainer.Variable(numpy.arange(8, dtype=numpy.float32).reshape(2, 2, 2))
    y = pad_sequence([x0, x1])
    gx0, _ = chainer.grad([y], [x0, x1], grad_outputs=[gy], enable_double_backprop=True)
    (ggy,) = chainer.grad([gx0], [gy], grad_outputs=[numpy.full((2, 2), 2, numpy.float32)])
    expected = numpy.zeros((2, 2, 2), numpy.float32)
    expected[0] = 2
    numpy.testing.assert_array_equal(ggy.array, expected)


def test_length_too_short():
    with pytest.raises(type_check.InvalidType) as info:
        pad_sequence([numpy.ones((3,), numpy.float32)], length=2)
    message = str(info.value)
    assert "Invalid operation is performed in: PadSequence (Forward)" in message
    assert "x0.shape[0] <= 2" in message


def test_trailing_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        pad_sequence([numpy.ones((3, 2), numpy.float32), numpy.ones((3, 3), numpy.float32)])
    assert "x1.shape[1:] == x0.shape[1:]" in str(info.value)


def test_dtype_mismatch_and_zero_dim():
    with pytest.raises(type_check.InvalidType):
        pad_sequence([numpy.ones((3,), numpy.float32), numpy.ones((3,), numpy.float64)])
    with pytest.raises(type_check.InvalidType) as info:
        pad_sequence([numpy.ones((), numpy.float32)])
    assert "x0.ndim > 0" in str(info.value)


def test_bad_arguments():
    with pytest.raises(ValueError, match="pad_sequence: length must not be negative"):
        pad_sequence([numpy.ones((3,), numpy.float32)], length=-1)
    with pytest.raises(TypeError, match="pad_sequence: padding must be a number"):
        pad_sequence([numpy.ones((3,), numpy.float32)], padding="0")
    with pytest.raises(ValueError, match="pad_sequence: xs must hold at least one"):
        pad_sequence([])
