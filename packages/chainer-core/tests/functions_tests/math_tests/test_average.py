"""F.average (with and without weights) and F.mean."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "axis": [None, 0, 1, -1, (0, 1)],
            # None: no weights; 'full': weights of x's shape; '1d': along the single axis.
            "weights": [None, "full"],
            "keepdims": [False, True],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "axis": [0, -1],
            "weights": ["1d"],
            "keepdims": [False, True],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestAverage(testing.FunctionTestCase):
    shape = (3, 4)

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        if self.weights is None:
            return (x,)
        if self.weights == "full":
            w_shape = self.shape
        else:
            w_shape = (self.shape[self.axis],)
        # Positive weights: the normalizer stays away from 0.
        w = numpy.random.uniform(0.5, 2.0, w_shape).astype(self.dtype)
        return x, w

    def forward(self, inputs, device):
        if self.weights is None:
            (x,) = inputs
            return (F.average(x, axis=self.axis, keepdims=self.keepdims),)
        x, w = inputs
        return (F.average(x, axis=self.axis, weights=w, keepdims=self.keepdims),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        w = None if self.weights is None else inputs[1].astype(numpy.float64)
        if w is not None and w.ndim == 1:
            shape = [1] * x.ndim
            shape[self.axis] = w.shape[0]
            w = numpy.broadcast_to(w.reshape(shape), x.shape)
        y = numpy.average(x, axis=self.axis, weights=w, keepdims=self.keepdims)
        return (numpy.asarray(y).astype(self.dtype),)


def test_mean_is_average():
    x = numpy.arange(12, dtype=numpy.float32).reshape(3, 4)
    numpy.testing.assert_allclose(F.mean(x, axis=1).array, x.mean(axis=1))
    numpy.testing.assert_allclose(F.mean(x).array, x.mean())


def test_average_gradient():
    x = chainer.Variable(numpy.ones((2, 4), numpy.float32))
    F.average(x).backward()
    numpy.testing.assert_allclose(x.grad, numpy.full((2, 4), 1 / 8, numpy.float32))


def test_average_keeps_float16():
    x = numpy.ones((2, 3), numpy.float16)
    assert F.average(x, axis=1).dtype == numpy.float16


def test_average_weights_of_wrong_shape():
    x = numpy.ones((3, 4), numpy.float32)
    with pytest.raises(ValueError, match="weights"):
        F.average(x, axis=1, weights=numpy.ones((3,), numpy.float32))
    with pytest.raises(ValueError, match="weights"):
        F.average(x, axis=None, weights=numpy.ones((4,), numpy.float32))
