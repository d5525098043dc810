"""F.negative_sampling."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.loss.negative_sampling import negative_sampling
from chainer.utils import WalkerAlias

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-10, "rtol": 1e-10}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _log_sigmoid(z):
    return -numpy.log1p(numpy.exp(-z))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "t": [[0, 2, -1, 4], [1, 1, 3, 0]],
            "sample_size": [2, 0],
            "reduce": ["sum", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestNegativeSampling(testing.FunctionTestCase):
    n_vocab = 5
    n_unit = 3

    def setUp(self):
        _options(self, self.dtype)
        self.t_array = numpy.array(self.t, numpy.int32)
        n_batch = self.t_array.size
        # A fixed draw: the gradient checks run the function many times.
        self.draw = numpy.random.randint(0, self.n_vocab, (n_batch, self.sample_size + 1))

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (self.t_array.size, self.n_unit)).astype(self.dtype)
        w = numpy.random.uniform(-1, 1, (self.n_vocab, self.n_unit)).astype(self.dtype)
        return x, w

    def forward(self, inputs, device):
        x, w = inputs

        def sampler(shape):
            assert shape == self.draw.shape
            return device.send(self.draw.copy())

        loss = negative_sampling(
            x, device.send(self.t_array), w, sampler, self.sample_size, reduce=self.reduce
        )
        return (loss,)

    def forward_expected(self, inputs):
        x, w = (a.astype(numpy.float64) for a in inputs)
        loss = numpy.zeros(self.t_array.size)
        for i, label in enumerate(self.t_array):
            if label == -1:
                continue
            loss[i] = -_log_sigmoid(w[label] @ x[i])
            for k in self.draw[i, 1:]:
                loss[i] -= _log_sigmoid(-(w[k] @ x[i]))
        if self.reduce == "sum":
            loss = numpy.asarray(loss.sum())
        return (loss.astype(self.dtype),)


def test_return_samples_with_walker_alias():
    numpy.random.seed(0)
    sampler = WalkerAlias([0.0, 1.0, 2.0, 1.0])
    x = chainer.Variable(numpy.random.randn(3, 2))
    w = chainer.Variable(numpy.random.randn(4, 2))
    t = numpy.array([3, -1, 0], numpy.int32)
    loss, samples = negative_sampling(x, t, w, sampler.sample, 5, return_samples=True)
    assert loss.shape == ()
    assert samples.shape == (3, 6)
    assert samples.dtype == numpy.int32
    numpy.testing.assert_array_equal(samples[:, 0], t)
    assert ((samples[:, 1:] >= 1) & (samples[:, 1:] < 4)).all()  # word 0 has probability 0
    loss.backward()
    numpy.testing.assert_array_equal(x.grad[1], 0)  # the ignored sample
    # Word 0 gets gradient only as the positive of sample 2.
    expected = -(1 - 1 / (1 + numpy.exp(-w.array[0] @ x.array[2]))) * x.array[2]
    numpy.testing.assert_allclose(w.grad[0], expected, rtol=1e-12)


def test_float16_keeps_dtype():
    x = numpy.zeros((2, 3), numpy.float16)
    w = numpy.zeros((4, 3), numpy.float16)
    loss = negative_sampling(
        x, numpy.zeros(2, numpy.int32), w, lambda s: numpy.ones(s, numpy.int32), 2
    )
    assert loss.dtype == numpy.float16
    numpy.testing.assert_allclose(loss.array, 6 * numpy.log(2), rtol=1e-3)


def _sampler(shape):
    return numpy.zeros(shape, numpy.int32)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"reduce": "mean"}, ValueError, "reduce must be 'sum' or 'no', not 'mean'"),
        ({"return_sample": True}, TypeError, "unexpected keyword argument"),
        ({"sampler": None}, TypeError, "sampler must be callable"),
        ({"sample_size": 1.0}, TypeError, "sample_size must be an int"),
        ({"sample_size": -1}, ValueError, "sample_size must be non-negative"),
        ({"sampler": lambda s: numpy.zeros(s)}, TypeError, "sampler must return an integer array"),
        (
            {"sampler": lambda s: numpy.zeros((2, 1), numpy.int32)},
            ValueError,
            "must return that shape",
        ),
        ({"sampler": lambda s: numpy.full(s, 4, numpy.int32)}, ValueError, r"\[0, V\) = \[0, 4\)"),
        ({"t": numpy.array([0, 4], numpy.int32)}, ValueError, r"\[0, V\) = \[0, 4\)"),
        ({"t": numpy.zeros(3, numpy.int32)}, ValueError, r"t must have shape \(x.shape\[0\],\)"),
        ({"t": numpy.zeros(2, numpy.float32)}, TypeError, "t must be a signed integer array"),
        ({"W": numpy.zeros((4, 2), numpy.float32)}, ValueError, "must agree in D and dtype"),
        ({"W": numpy.zeros((4, 3))}, ValueError, "must agree in D and dtype"),
        ({"x": numpy.zeros(3, numpy.float32)}, ValueError, "x must be a 2-D floating-point array"),
        ({"x": [[0.0]]}, TypeError, "x must be a Variable or an array"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    args = {
        "x": numpy.zeros((2, 3), numpy.float32),
        "t": numpy.zeros(2, numpy.int32),
        "W": numpy.zeros((4, 3), numpy.float32),
        "sampler": _sampler,
        "sample_size": 2,
    }
    args.update(kwargs)
    with pytest.raises(error, match=match):
        negative_sampling(**args)
