"""F.binary_accuracy: sign predictions against 0/1 labels, -1 ignored."""

import numpy
import pytest

from chainer import testing
from chainer.functions.evaluation.binary_accuracy import binary_accuracy
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(10,), (4, 3)],
            "labels": [(0, 1), (-1, 0, 1), (-1,)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBinaryAccuracy(testing.FunctionTestCase):
    skip_backward_test = True
    skip_double_backward_test = True

    def setUp(self):
        self.check_forward_options = {"atol": 1e-3 if self.dtype == numpy.float16 else 1e-7}

    def generate_inputs(self):
        y = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        t = numpy.random.choice(self.labels, self.shape).astype(numpy.int32)
        return y, t

    def forward(self, inputs, device):
        return (binary_accuracy(*inputs),)

    def forward_expected(self, inputs):
        y, t = inputs
        counted = t != -1
        correct = ((y >= 0).astype(numpy.int32) == t) & counted
        total = counted.sum()
        expected = correct.sum() / total if total else 0.0
        return (numpy.asarray(expected, dtype=self.dtype),)


def test_known_value():
    y = numpy.array([2.0, -1.0, 0.0, -3.0, 1.0], numpy.float32)
    t = numpy.array([1, 1, 1, 0, -1], numpy.int32)
    assert float(binary_accuracy(y, t).array) == 0.75


def test_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        binary_accuracy(numpy.zeros((2, 3), numpy.float32), numpy.zeros((3, 2), numpy.int32))
    assert "t.shape == y.shape" in str(info.value)


def test_float_labels_are_invalid():
    with pytest.raises(type_check.InvalidType):
        binary_accuracy(numpy.zeros((2,), numpy.float32), numpy.zeros((2,), numpy.float32))
