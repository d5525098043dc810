"""L.NegativeSampling: the loss against NumPy with fixed samples, gradients, the sampler."""

import numpy
import pytest

from chainer import testing
from chainer.links.loss.negative_sampling import NegativeSampling

_BACKENDS = [{}, {"use_cuda": True}]


def _softplus(v):
    return numpy.logaddexp(0.0, v)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"dtype": [numpy.float32, numpy.float64], "reduce": ["sum", "no"]})
)
@testing.fix_random()
class TestNegativeSampling(testing.LinkTestCase):
    param_names = ("W",)
    counts = [3, 2, 1, 4, 5]
    in_size = 3
    batch = 4
    sample_size = 2

    def setUp(self):
        self.drawn = numpy.random.randint(
            0, len(self.counts), (self.batch, self.sample_size + 1)
        ).astype(numpy.int32)
        self.W = numpy.random.uniform(-1, 1, (len(self.counts), self.in_size))
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        link = NegativeSampling(self.in_size, self.counts, self.sample_size, dtype=self.dtype)
        link.W.array[...] = self.W
        return link

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (self.batch, self.in_size)).astype(self.dtype)
        t = numpy.array([0, 3, -1, 4], numpy.int32)
        return x, t

    def forward(self, link, inputs, device):
        drawn = device.send(self.drawn)
        link.sampler.sample = lambda shape: drawn
        return (link(*inputs, reduce=self.reduce),)

    def forward_expected(self, link, inputs):
        x, t = inputs
        W = link.W.array.astype(numpy.float64)
        x = x.astype(numpy.float64)
        losses = numpy.zeros(self.batch)
        for i in range(self.batch):
            if t[i] == -1:
                continue
            losses[i] = _softplus(-W[t[i]] @ x[i])
            losses[i] += _softplus(W[self.drawn[i, 1:]] @ x[i]).sum()
        loss = losses.sum() if self.reduce == "sum" else losses
        return (numpy.asarray(loss, self.dtype),)


def test_defaults_and_sampler():
    link = NegativeSampling(3, [1, 0, 8], 4)
    assert link.W.shape == (3, 3) and not link.W.array.any()
    assert link.W.dtype == numpy.float32 and link.sample_size == 4
    numpy.random.seed(0)
    words = link.sampler.sample((2000,))
    assert not (words == 1).any()  # a zero count is never drawn
    # counts ** 0.75: word 2 weighs 8 ** 0.75 = 4.76 against 1.
    assert 0.75 < (words == 2).mean() < 0.9


def test_return_samples():
    link = NegativeSampling(2, [1, 1, 1], 2)
    x = numpy.ones((3, 2), numpy.float32)
    t = numpy.array([0, 1, 2], numpy.int32)
    loss, samples = link(x, t, return_samples=True)
    assert loss.shape == () and samples.shape == (3, 3)
    numpy.testing.assert_array_equal(samples[:, 0], t)
    with pytest.raises(TypeError):
        link(x, t, return_sample=True)


def test_sampler_moves_with_the_link():
    link = NegativeSampling(2, [1, 2, 3], 2)
    link.to_device("@numpy")
    assert link.sampler.device == link.device


@testing.attr.gpu
def test_gpu_forward():
    import cupy

    link = NegativeSampling(2, [1, 2, 3], 2)
    link.to_device("@cupy:0")
    assert isinstance(link.sampler.threshold, cupy.ndarray)
    loss = link(cupy.ones((4, 2), numpy.float32), cupy.array([0, 1, 2, -1], numpy.int32))
    assert isinstance(loss.array, cupy.ndarray)
    link.to_device("@numpy")
    assert isinstance(link.sampler.values, numpy.ndarray)
