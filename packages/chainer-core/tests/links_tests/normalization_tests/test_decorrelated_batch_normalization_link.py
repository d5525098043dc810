"""L.DecorrelatedBatchNormalization: whitening per group, running statistics, test mode."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.normalization.decorrelated_batch_normalization import (
    DecorrelatedBatchNormalization,
)

_BACKENDS = [{}, {"use_cuda": True}]


def _to_rows(x, groups):
    # (N, c, *spatial) -> (groups, C, N * spatial)
    n, c = x.shape[:2]
    rows = x.reshape(n, groups, c // groups, -1).transpose(1, 2, 0, 3)
    return rows.reshape(groups, c // groups, -1)


def _from_rows(y, shape, groups):
    n, c = shape[:2]
    y = y.reshape(groups, c // groups, n, -1).transpose(2, 0, 1, 3)
    return y.reshape(shape)


def _whiten(x, groups, eps):
    rows = _to_rows(x.astype(numpy.float64), groups)
    out = numpy.empty_like(rows)
    for g, r in enumerate(rows):
        centered = r - r.mean(axis=1, keepdims=True)
        cov = centered @ centered.T / r.shape[1] + eps * numpy.eye(r.shape[0])
        w, v = numpy.linalg.eigh(cov)
        out[g] = (v * w**-0.5) @ v.T @ centered
    return _from_rows(out, x.shape, groups)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [((10, 4), 2), ((5, 4, 2, 2), 2), ((8, 3), 1)],
            "dtype": [numpy.float32, numpy.float64],
            "train": [True, False],
        }
    )
)
@testing.fix_random()
class TestDecorrelatedBatchNormalization(testing.LinkTestCase):
    eps = 2e-5

    def setUp(self):
        self.x_shape, self.groups = self.case
        c = self.x_shape[1]
        per = c // self.groups
        self.mean = numpy.random.uniform(-1, 1, (self.groups, per)).astype(self.dtype)
        a = numpy.random.uniform(-1, 1, (self.groups, per, per))
        self.projection = (a + a.transpose(0, 2, 1) + 3 * numpy.eye(per)).astype(self.dtype)
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_backward_options = {"atol": 5e-3, "rtol": 5e-3, "eps": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-9, "rtol": 1e-8}
            self.check_backward_options = {"atol": 1e-5, "rtol": 1e-4}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        link = DecorrelatedBatchNormalization(self.x_shape[1], groups=self.groups, dtype=self.dtype)
        link.avg_mean[...] = self.mean
        link.avg_projection[...] = self.projection
        return link

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, link, inputs, device):
        (x,) = inputs
        link.avg_mean = link.avg_mean.astype(x.dtype)
        link.avg_projection = link.avg_projection.astype(x.dtype)
        with chainer.using_config("train", self.train):
            return (link(x),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        if self.train:
            y = _whiten(x, self.groups, self.eps)
        else:
            rows = _to_rows(x.astype(numpy.float64), self.groups)
            rows = rows - self.mean[:, :, None]
            y = _from_rows(self.projection.astype(numpy.float64) @ rows, x.shape, self.groups)
        return (y.astype(self.dtype),)


def test_initial_statistics():
    link = DecorrelatedBatchNormalization(6, groups=3)
    assert link.avg_mean.shape == (3, 2) and not link.avg_mean.any()
    numpy.testing.assert_array_equal(link.avg_projection, numpy.tile(numpy.eye(2), (3, 1, 1)))
    assert link.avg_projection.dtype == numpy.float32
    assert (link.groups, link.decay, link.eps, link.N) == (3, 0.9, 2e-5, 0)


def test_training_updates_statistics_and_finetune_counts():
    x = numpy.random.RandomState(0).uniform(-1, 1, (10, 4)).astype(numpy.float32)
    link = DecorrelatedBatchNormalization(4, groups=2)
    link(x)
    numpy.testing.assert_allclose(
        link.avg_mean, 0.1 * x.mean(0).reshape(2, 2), rtol=1e-5, atol=1e-7
    )
    assert not numpy.allclose(link.avg_projection, numpy.tile(numpy.eye(2), (2, 1, 1)))
    link = DecorrelatedBatchNormalization(4, groups=2)
    link(x, finetune=True)
    link(x, finetune=True)
    assert link.N == 2
    numpy.testing.assert_allclose(link.avg_mean, x.mean(0).reshape(2, 2), rtol=1e-5)
    link.start_finetuning()
    assert link.N == 0
    before = link.avg_mean.copy()
    with chainer.using_config("in_recomputing", True):
        link(2 * x, finetune=True)
    numpy.testing.assert_array_equal(link.avg_mean, before)


def test_errors():
    with pytest.raises(ValueError, match="size 6 is not divisible by groups 4"):
        DecorrelatedBatchNormalization(6, groups=4)
    with pytest.raises(ValueError, match="groups must be a positive int"):
        DecorrelatedBatchNormalization(6, groups=0)
    link = DecorrelatedBatchNormalization(4, groups=2)
    with pytest.raises(ValueError, match="test argument"):
        link(numpy.ones((3, 4), numpy.float32), test=True)
