"""F.black_out."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.loss.black_out import black_out

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


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "n_sample": [3, 1],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBlackOut(testing.FunctionTestCase):
    n_batch = 4
    n_vocab = 6
    n_unit = 3

    def setUp(self):
        _options(self, self.dtype)
        self.t = numpy.random.randint(0, self.n_vocab, self.n_batch).astype(numpy.int32)
        self.samples = numpy.random.randint(0, self.n_vocab, (self.n_batch, self.n_sample)).astype(
            numpy.int32
        )

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (self.n_batch, self.n_unit)).astype(self.dtype)
        w = numpy.random.uniform(-1, 1, (self.n_vocab, self.n_unit)).astype(self.dtype)
        return x, w

    def forward(self, inputs, device):
        x, w = inputs
        loss = black_out(x, device.send(self.t), w, device.send(self.samples), reduce=self.reduce)
        return (loss,)

    def forward_expected(self, inputs):
        x, w = (a.astype(numpy.float64) for a in inputs)
        loss = numpy.empty(self.n_batch)
        for i in range(self.n_batch):
            positive = w[self.t[i]] @ x[i]
            negatives = numpy.array([w[k] @ x[i] for k in self.samples[i]])
            log_z = numpy.log(numpy.exp(positive) + numpy.exp(negatives).sum())
            prob = numpy.exp(negatives - log_z)
            loss[i] = -(positive - log_z) - numpy.log(1 - prob).sum()
        if self.reduce == "mean":
            loss = numpy.asarray(loss.mean())
        return (loss.astype(self.dtype),)


def test_gradient_reaches_t_and_samples_only():
    rng = numpy.random.default_rng(0)
    x = chainer.Variable(rng.normal(size=(2, 3)))
    w = chainer.Variable(rng.normal(size=(5, 3)))
    black_out(
        x, numpy.array([0, 1], numpy.int32), w, numpy.array([[1, 2], [2, 0]], numpy.int32)
    ).backward()
    numpy.testing.assert_array_equal(w.grad[3:], 0)
    assert (numpy.abs(w.grad[:3]).sum(axis=1) > 0).all()


def test_float16_keeps_dtype():
    loss = black_out(
        numpy.zeros((2, 3), numpy.float16),
        numpy.zeros(2, numpy.int32),
        numpy.zeros((4, 3), numpy.float16),
        numpy.ones((2, 2), numpy.int32),
    )
    assert loss.dtype == numpy.float16
    # All scores 0: log Z = log 3; loss = log 3 - 2 log(2 / 3).
    numpy.testing.assert_allclose(loss.array, numpy.log(3) - 2 * numpy.log(2 / 3), rtol=1e-3)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"reduce": "sum"}, ValueError, "reduce must be 'mean' or 'no', not 'sum'"),
        (
            {"samples": numpy.zeros((3, 2), numpy.int32)},
            ValueError,
            r"samples must have shape \(x.shape\[0\], K\)",
        ),
        ({"samples": numpy.zeros(2, numpy.int32)}, ValueError, "samples must have shape"),
        ({"samples": numpy.zeros((2, 2))}, TypeError, "samples must be a signed integer array"),
        (
            {"samples": numpy.full((2, 2), 4, numpy.int32)},
            ValueError,
            r"samples must be in \[0, V\) = \[0, 4\)",
        ),
        ({"t": numpy.array([0, -1], numpy.int32)}, ValueError, r"t must be in \[0, V\)"),
        ({"W": numpy.zeros((4, 2), numpy.float32)}, ValueError, "must agree in D and dtype"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    args = {
        "x": numpy.zeros((2, 3), numpy.float32),
        "t": numpy.zeros(2, numpy.int32),
        "W": numpy.zeros((4, 3), numpy.float32),
        "samples": numpy.ones((2, 2), numpy.int32),
    }
    args.update(kwargs)
    with pytest.raises(error, match=match):
        black_out(**args)
