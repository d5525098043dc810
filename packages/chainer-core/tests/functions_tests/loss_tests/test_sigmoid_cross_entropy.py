"""F.sigmoid_cross_entropy."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.loss.sigmoid_cross_entropy import sigmoid_cross_entropy
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(4, 3), (3,)],
            "normalize": [True, False],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSigmoidCrossEntropy(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        x = numpy.random.uniform(-3, 3, self.shape).astype(self.dtype)
        t = numpy.random.randint(-1, 2, self.shape).astype(numpy.int32)
        return x, t

    def forward(self, inputs, device):
        x, t = inputs
        return (sigmoid_cross_entropy(x, t, self.normalize, self.reduce),)

    def forward_expected(self, inputs):
        x, t = inputs
        x = x.astype(numpy.float64)
        p = 1 / (1 + numpy.exp(-x))
        loss = -(t * numpy.log(p) + (1 - t) * numpy.log(1 - p))
        loss[t == -1] = 0
        if self.reduce == "mean":
            count = (t != -1).sum() if self.normalize else x.shape[0]
            loss = numpy.asarray(loss.sum() / max(count, 1))
        return (loss.astype(self.dtype),)


def test_large_logits_are_finite():
    x = numpy.array([1000.0, -1000.0], numpy.float32)
    loss = sigmoid_cross_entropy(x, numpy.array([1, 0], numpy.int32), reduce="no")
    numpy.testing.assert_array_equal(loss.array, [0, 0])
    loss = sigmoid_cross_entropy(x, numpy.array([0, 1], numpy.int32), reduce="no")
    numpy.testing.assert_allclose(loss.array, [1000, 1000])


def test_all_ignored():
    x = chainer.Variable(numpy.ones((2, 2), numpy.float32))
    loss = sigmoid_cross_entropy(x, numpy.full((2, 2), -1, numpy.int32))
    assert loss.array == 0
    loss.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.zeros((2, 2), numpy.float32))


def test_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        sigmoid_cross_entropy(numpy.zeros((2, 3), numpy.float32), numpy.zeros((3, 2), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: SigmoidCrossEntropy (Forward)" in message
    assert "x.shape == t.shape" in message


def test_float_labels():
    with pytest.raises(type_check.InvalidType) as info:
        sigmoid_cross_entropy(numpy.zeros(2, numpy.float32), numpy.zeros(2, numpy.float32))
    assert "t.dtype.kind == i" in str(info.value).replace("'", "")


def test_bad_reduce():
    with pytest.raises(ValueError, match="reduce must be 'mean' or 'no', not 'sum'"):
        x = numpy.zeros(2, numpy.float32)
        sigmoid_cross_entropy(x, numpy.zeros(2, numpy.int32), True, "sum")
