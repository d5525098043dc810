"""L.BatchRenormalization: the corrected training forward, test mode, statistics."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.normalization.batch_renormalization import BatchRenormalization

_BACKENDS = [{}, {"use_cuda": True}]


def _renorm_reference(x, gamma, beta, mean_r, var_r, rmax, dmax, eps):
    x = x.astype(numpy.float64)
    mean = x.mean(axis=0)
    sigma = numpy.sqrt(x.var(axis=0) + eps)
    sigma_r = numpy.sqrt(var_r + eps)
    r = numpy.clip(sigma / sigma_r, 1 / rmax, rmax)
    d = numpy.clip((mean - mean_r) / sigma_r, -dmax, dmax)
    return gamma * ((x - mean) / sigma * r + d) + beta


# (rmax, dmax, running variance): r and d must be locally constant for the
# numerical gradient: rmax=1 and dmax=0 fix them, as does a clipped r.
@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "bounds": [(1.0, 0.0, 1.0), (2.0, 0.0, 100.0)],
            "dtype": [numpy.float32, numpy.float64],
            "train": [True, False],
        }
    )
)
@testing.fix_random()
class TestBatchRenormalization(testing.LinkTestCase):
    param_names = ("gamma", "beta")
    eps = 2e-5
    size = 3

    def setUp(self):
        self.rmax, self.dmax, var = self.bounds
        self.mean = numpy.random.uniform(-0.2, 0.2, self.size).astype(self.dtype)
        self.var = numpy.full(self.size, var, self.dtype)
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        else:
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_params(self):
        gamma = numpy.random.uniform(0.5, 1.5, self.size).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, self.size).astype(self.dtype)
        return gamma, beta

    def create_link(self, initializers):
        gamma, beta = initializers
        # decay=1 keeps the running statistics fixed over the many forwards.
        return BatchRenormalization(
            self.size,
            rmax=self.rmax,
            dmax=self.dmax,
            decay=1.0,
            dtype=self.dtype,
            initial_gamma=gamma,
            initial_beta=beta,
            initial_avg_mean=self.mean,
            initial_avg_var=self.var,
        )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (6, self.size, 2)).astype(self.dtype),)

    def forward(self, link, inputs, device):
        link.avg_mean = link.avg_mean.astype(link.gamma.dtype)
        link.avg_var = link.avg_var.astype(link.gamma.dtype)
        with chainer.using_config("train", self.train):
            return (link(*inputs),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        gamma = link.gamma.array[:, None].astype(numpy.float64)
        beta = link.beta.array[:, None].astype(numpy.float64)
        mean_r, var_r = self.mean[:, None], self.var[:, None]
        if self.train:
            x2 = x.astype(numpy.float64)
            y = _renorm_reference(
                x2.transpose(0, 2, 1).reshape(-1, self.size),
                gamma[:, 0],
                beta[:, 0],
                mean_r[:, 0],
                var_r[:, 0],
                self.rmax,
                self.dmax,
                self.eps,
            )
            y = y.reshape(x.shape[0], x.shape[2], self.size).transpose(0, 2, 1)
        else:
            y = gamma * (x - mean_r) / numpy.sqrt(var_r + self.eps) + beta
        return (y.astype(self.dtype),)


def test_r_and_d_correct_toward_running_statistics():
    x = numpy.random.RandomState(0).uniform(-1, 1, (8, 3)).astype(numpy.float64)
    mean = numpy.array([0.5, -0.5, 0.0])
    var = numpy.array([0.1, 4.0, 0.3])
    link = BatchRenormalization(
        3, rmax=3.0, dmax=1.0, dtype=numpy.float64, initial_avg_mean=mean, initial_avg_var=var
    )
    y = link(x)
    expected = _renorm_reference(x, 1.0, 0.0, mean, var, 3.0, 1.0, 2e-5)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-10)
    m = x.shape[0]
    numpy.testing.assert_allclose(link.avg_mean, 0.9 * mean + 0.1 * x.mean(0))
    numpy.testing.assert_allclose(link.avg_var, 0.9 * var + 0.1 * x.var(0) * m / (m - 1))


def test_finetune_and_recomputation():
    link = BatchRenormalization(3)
    x = numpy.random.RandomState(1).uniform(-1, 1, (5, 3)).astype(numpy.float32)
    link(x, finetune=True)
    assert link.N == 1
    numpy.testing.assert_allclose(link.avg_mean, x.mean(0), rtol=1e-6)
    link.start_finetuning()
    with chainer.using_config("in_recomputing", True):
        link(x * 2, finetune=True)
    assert link.N == 0
    numpy.testing.assert_allclose(link.avg_mean, x.mean(0), rtol=1e-6)


def test_attributes_and_errors():
    link = BatchRenormalization(3, rmax=2, dmax=0.5, use_gamma=False)
    assert (link.rmax, link.dmax) == (2, 0.5)
    assert link.gamma is None and link.beta is not None
    assert link(numpy.ones((2, 3), numpy.float32)).shape == (2, 3)
    with pytest.raises(ValueError, match="size is required"):
        BatchRenormalization(None)
