"""L.BlackOut: the loss against NumPy with fixed negative samples, gradients."""

import numpy

from chainer import testing
from chainer.links.loss.black_out import BlackOut
from chainer.utils.walker_alias import WalkerAlias

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"dtype": [numpy.float32, numpy.float64]}))
@testing.fix_random()
class TestBlackOut(testing.LinkTestCase):
    param_names = ("W",)
    counts = [3, 2, 1, 4]
    in_size = 3
    batch = 4
    sample_size = 3

    def setUp(self):
        self.samples = numpy.random.randint(
            0, len(self.counts), (self.batch, self.sample_size)
        ).astype(numpy.int32)
        self.W = numpy.random.uniform(-1, 1, (len(self.counts), self.in_size))
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        link = BlackOut(self.in_size, self.counts, self.sample_size)
        link.W.array = self.W.astype(self.dtype)
        link.sample_data = self.samples
        return link

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (self.batch, self.in_size)).astype(self.dtype)
        t = numpy.random.randint(0, len(self.counts), self.batch).astype(numpy.int32)
        return x, t

    def forward(self, link, inputs, device):
        link.sample_data = device.send(self.samples)
        return (link(*inputs),)

    def forward_expected(self, link, inputs):
        x, t = inputs
        W = link.W.array.astype(numpy.float64)
        x = x.astype(numpy.float64)
        losses = []
        for i in range(self.batch):
            p = W[t[i]] @ x[i]
            q = W[self.samples[i]] @ x[i]
            log_z = numpy.logaddexp.reduce(numpy.concatenate([[p], q]))
            losses.append(-(p - log_z) - numpy.log1p(-numpy.exp(q - log_z)).sum())
        return (numpy.asarray(numpy.mean(losses), self.dtype),)


def test_weight_is_nan_until_assigned_and_samples_are_drawn():
    link = BlackOut(3, [3, 2, 1], 5)
    assert link.W.shape == (3, 3) and numpy.isnan(link.W.array).all()
    assert isinstance(link.sampler, WalkerAlias) and link.sample_size == 5
    link.W.array[...] = 0.1
    x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    loss = link(x, numpy.array([0, 2], numpy.int32))
    assert loss.shape == () and numpy.isfinite(loss.array)


@testing.attr.gpu
def test_gpu_forward_draws_samples_on_the_device():
    import cupy

    link = BlackOut(3, [3, 2, 1], 2)
    link.W.array[...] = 0.1
    link.to_device("@cupy:0")
    assert isinstance(link.sampler.threshold, cupy.ndarray)
    loss = link(cupy.ones((2, 3), numpy.float32), cupy.array([0, 2], numpy.int32))
    assert isinstance(loss.array, cupy.ndarray)
