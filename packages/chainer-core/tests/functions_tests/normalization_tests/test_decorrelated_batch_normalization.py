"""F.decorrelated_batch_normalization and F.fixed_decorrelated_batch_normalization."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.normalization.decorrelated_batch_normalization import (
    decorrelated_batch_normalization,
    fixed_decorrelated_batch_normalization,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 2e-2, "rtol": 2e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-4, "rtol": 1e-4}
        case.check_backward_options = {"atol": 2e-3, "rtol": 2e-3}
        case.check_double_backward_options = {"atol": 2e-3, "rtol": 2e-3}
    else:
        case.check_forward_options = {"atol": 1e-10, "rtol": 1e-8}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _grouped(x, groups):
    """(N, c, *s) -> list of (C, m) matrices, one per group of consecutive channels."""
    n, c = x.shape[:2]
    per = c // groups
    cols = numpy.moveaxis(x, 1, 0).reshape(c, -1)
    return [cols[i * per : (i + 1) * per] for i in range(groups)]


def _ungrouped(mats, shape):
    cols = numpy.concatenate(mats, axis=0)
    return numpy.moveaxis(cols.reshape((shape[1], shape[0], *shape[2:])), 0, 1)


def _inverse_sqrt(sym):
    lam, vec = numpy.linalg.eigh(sym)
    return (vec * lam**-0.5) @ vec.T


def _whiten_reference(x, groups, eps):
    outs, means, projections = [], [], []
    for xg in _grouped(x.astype(numpy.float64), groups):
        mean = xg.mean(axis=1, keepdims=True)
        xc = xg - mean
        cov = xc @ xc.T / xg.shape[1] + eps * numpy.eye(xg.shape[0])
        w = _inverse_sqrt(cov)
        outs.append(w @ xc)
        means.append(mean[:, 0])
        projections.append(w)
    return _ungrouped(outs, x.shape), numpy.stack(means), numpy.stack(projections)


# (x shape, groups)
_CASES = [((6, 4, 3), 2), ((8, 3), 1), ((5, 4, 2), 4)]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDecorrelatedBatchNormalization(testing.FunctionTestCase):
    eps = 2e-5

    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.groups = self.case

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (decorrelated_batch_normalization(inputs[0], groups=self.groups, eps=self.eps),)

    def forward_expected(self, inputs):
        y, _, _ = _whiten_reference(inputs[0], self.groups, self.eps)
        return (y.astype(self.dtype),)


def test_output_is_white_within_each_group():
    x = numpy.random.default_rng(0).normal(size=(50, 6)) @ numpy.random.default_rng(1).normal(
        size=(6, 6)
    )
    y = decorrelated_batch_normalization(x, groups=2, eps=0.0).array
    for yg in _grouped(y, 2):
        numpy.testing.assert_allclose(yg @ yg.T / yg.shape[1], numpy.eye(3), atol=1e-10)


@pytest.mark.parametrize("dtype", [numpy.float32, numpy.float64])
def test_running_statistics_are_updated_in_place(dtype):
    rng = numpy.random.default_rng(2)
    x = rng.normal(size=(7, 4, 2)).astype(dtype)
    running_mean = rng.normal(size=(2, 2)).astype(dtype)
    running_projection = rng.normal(size=(2, 2, 2)).astype(dtype)
    mean0, proj0 = running_mean.copy(), running_projection.copy()
    refs = running_mean, running_projection
    decorrelated_batch_normalization(
        x,
        groups=2,
        running_mean=running_mean,
        running_projection=running_projection,
        decay=0.6,
    )
    _, mean, projection = _whiten_reference(x, 2, 2e-5)
    m = 7 * 2
    tol = 1e-5 if dtype == numpy.float32 else 1e-12
    assert refs == (running_mean, running_projection)
    numpy.testing.assert_allclose(running_mean, 0.6 * mean0 + 0.4 * mean, rtol=tol, atol=tol)
    numpy.testing.assert_allclose(
        running_projection, 0.6 * proj0 + 0.4 * m / (m - 1) * projection, rtol=tol, atol=tol
    )


def test_third_derivative_is_not_implemented():
    x = chainer.Variable(numpy.random.default_rng(3).normal(size=(5, 2)))
    y = decorrelated_batch_normalization(x, groups=1)
    (gx,) = chainer.grad([chainer.functions.sum(y * y * y)], [x], enable_double_backprop=True)
    (ggx,) = chainer.grad([chainer.functions.sum(gx * gx)], [x], enable_double_backprop=True)
    with pytest.raises(NotImplementedError, match="second order"):
        chainer.grad([chainer.functions.sum(ggx)], [x])


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFixedDecorrelatedBatchNormalization(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.groups = self.case

    def generate_inputs(self):
        per = self.x_shape[1] // self.groups
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        mean = numpy.random.uniform(-1, 1, (self.groups, per)).astype(self.dtype)
        projection = numpy.random.uniform(-1, 1, (self.groups, per, per)).astype(self.dtype)
        return x, mean, projection

    def forward(self, inputs, device):
        return (fixed_decorrelated_batch_normalization(*inputs, groups=self.groups),)

    def forward_expected(self, inputs):
        x, mean, projection = (a.astype(numpy.float64) for a in inputs)
        outs = [
            projection[i] @ (xg - mean[i][:, None]) for i, xg in enumerate(_grouped(x, self.groups))
        ]
        return (_ungrouped(outs, x.shape).astype(self.dtype),)


def test_channels_must_divide_into_groups():
    with pytest.raises(type_check.InvalidType) as info:
        decorrelated_batch_normalization(numpy.ones((4, 6)), groups=4)
    assert "x.shape[1] % 4 == 0" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"groups": 1.5}, TypeError, "groups must be an int"),
        ({"groups": 0}, ValueError, "groups must be at least 1"),
        ({"train": True}, TypeError, "train"),
        ({"running_mean": numpy.zeros((1, 3))}, ValueError, r"shape \(2, 2\)"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    kwargs = {"groups": 2, **kwargs}
    with pytest.raises(error, match=match):
        decorrelated_batch_normalization(numpy.ones((4, 4)), **kwargs)


def test_fixed_statistics_must_have_group_shapes():
    with pytest.raises(type_check.InvalidType) as info:
        fixed_decorrelated_batch_normalization(
            numpy.ones((4, 4)), numpy.zeros((2, 2)), numpy.zeros((2, 3, 3)), groups=2
        )
    assert "projection.shape[1]" in str(info.value)
