"""F.batch_renormalization and F.fixed_batch_renormalization."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.normalization.batch_normalization import fixed_batch_normalization
from chainer.functions.normalization.batch_renormalization import (
    BatchRenormalizationFunction,
    batch_renormalization,
    fixed_batch_renormalization,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-10}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _reference(x, gamma, beta, running_mean, running_var, rmax, dmax, eps):
    """Batch renormalization in float64, with the r and d of the paper."""
    axes = (0, *range(gamma.ndim + 1, x.ndim))
    shape = (1, *gamma.shape) + (1,) * (x.ndim - gamma.ndim - 1)
    x = x.astype(numpy.float64)
    mean = x.mean(axis=axes)
    sigma = numpy.sqrt(x.var(axis=axes) + eps)
    running_sigma = numpy.sqrt(running_var.astype(numpy.float64) + eps)
    r = numpy.clip(sigma / running_sigma, 1 / rmax, rmax)
    d = numpy.clip((mean - running_mean) / running_sigma, -dmax, dmax)
    x_hat = (x - mean.reshape(shape)) / sigma.reshape(shape)
    g = gamma.astype(numpy.float64).reshape(shape)
    return g * (x_hat * r.reshape(shape) + d.reshape(shape)) + beta.reshape(shape)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((5, 3), (3,)), ((3, 4, 2), (4,)), ((3, 2, 3, 2), (2, 3))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBatchRenormalization(testing.FunctionTestCase):
    """r and d at their bounds (constant near the inputs), so finite differences apply."""

    rmax = 2.0
    dmax = 0.5
    eps = 2e-5

    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.gamma_shape = self.shapes
        half = numpy.prod(self.gamma_shape) // 2
        # Running sigma 10 clips r at 1 / rmax; running means far off clip d at +-dmax.
        mean = numpy.full(self.gamma_shape, 50.0)
        mean.reshape(-1)[:half] = -50.0
        self.running_mean = mean.astype(self.dtype)
        self.running_var = numpy.full(self.gamma_shape, 100.0, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        gamma = numpy.random.uniform(0.5, 1.5, self.gamma_shape).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, self.gamma_shape).astype(self.dtype)
        return x, gamma, beta

    def forward(self, inputs, device):
        x, gamma, beta = inputs
        y = batch_renormalization(
            x,
            gamma,
            beta,
            self.rmax,
            self.dmax,
            eps=self.eps,
            running_mean=device.send(self.running_mean),
            running_var=device.send(self.running_var),
        )
        return (y,)

    def forward_expected(self, inputs):
        y = _reference(*inputs, self.running_mean, self.running_var, self.rmax, self.dmax, self.eps)
        return (y.astype(self.dtype),)


def test_r_and_d_inside_their_bounds_are_constants_of_the_gradient():
    rng = numpy.random.default_rng(0)
    x = rng.normal(size=(6, 3, 2))
    gamma = rng.uniform(0.5, 1.5, 3)
    beta = rng.normal(size=3)
    running_mean = rng.normal(size=3) * 0.1
    running_var = rng.uniform(0.8, 1.2, 3)
    gy = rng.normal(size=x.shape)
    xv, gv, bv = (chainer.Variable(a) for a in (x, gamma, beta))
    y = batch_renormalization(
        xv, gv, bv, 3.0, 5.0, running_mean=running_mean, running_var=running_var
    )
    numpy.testing.assert_allclose(
        y.array, _reference(x, gamma, beta, running_mean, running_var, 3.0, 5.0, 2e-5)
    )
    y.grad = gy
    y.backward()

    axes = (0, 2)
    mean = x.mean(axis=axes, keepdims=True)
    inv_std = 1 / numpy.sqrt(x.var(axis=axes, keepdims=True) + 2e-5)
    x_hat = (x - mean) * inv_std
    r = (1 / inv_std) / numpy.sqrt(running_var.reshape(1, 3, 1) + 2e-5)
    d = (mean - running_mean.reshape(1, 3, 1)) / numpy.sqrt(running_var.reshape(1, 3, 1) + 2e-5)
    assert numpy.all((1 / 3 < r) & (r < 3)) and numpy.all(numpy.abs(d) < 5)
    g = gamma.reshape(1, 3, 1)
    gx = (
        g
        * r
        * inv_std
        * (
            gy
            - gy.mean(axis=axes, keepdims=True)
            - x_hat * (gy * x_hat).mean(axis=axes, keepdims=True)
        )
    )
    numpy.testing.assert_allclose(xv.grad, gx, rtol=1e-10, atol=1e-12)
    numpy.testing.assert_allclose(gv.grad, (gy * (x_hat * r + d)).sum(axis=axes), rtol=1e-10)
    numpy.testing.assert_allclose(bv.grad, gy.sum(axis=axes), rtol=1e-10)


@pytest.mark.parametrize("update", [True, False])
def test_running_statistics_update_after_r_and_d(update):
    rng = numpy.random.default_rng(1)
    x = rng.normal(1.0, 2.0, size=(5, 2)).astype(numpy.float32)
    gamma, beta = numpy.ones(2, numpy.float32), numpy.zeros(2, numpy.float32)
    running_mean = numpy.array([0.5, -0.5], numpy.float32)
    running_var = numpy.array([2.0, 3.0], numpy.float32)
    mean0, var0 = running_mean.copy(), running_var.copy()
    y = batch_renormalization(
        x,
        gamma,
        beta,
        4.0,
        4.0,
        running_mean=running_mean,
        running_var=running_var,
        decay=0.7,
        update_statistics=update,
    )
    # r and d come from the statistics before the update.
    expected_y = _reference(x, gamma, beta, mean0, var0, 4.0, 4.0, 2e-5)
    numpy.testing.assert_allclose(y.array, expected_y, rtol=1e-5, atol=1e-5)
    if update:
        x64 = x.astype(numpy.float64)
        numpy.testing.assert_allclose(running_mean, 0.7 * mean0 + 0.3 * x64.mean(axis=0), 1e-5)
        numpy.testing.assert_allclose(
            running_var, 0.7 * var0 + 0.3 * x64.var(axis=0) * 5 / 4, rtol=1e-5
        )
    else:
        numpy.testing.assert_array_equal(running_mean, mean0)
        numpy.testing.assert_array_equal(running_var, var0)


def test_deprecated_attributes_warn():
    node = BatchRenormalizationFunction(mean=numpy.zeros(2), var=numpy.ones(2))
    with pytest.warns(DeprecationWarning, match="update_statistics"):
        assert node.running_mean.shape == (2,)


def test_fixed_batch_renormalization_is_deprecated_fixed_batch_normalization():
    rng = numpy.random.default_rng(2)
    args = (rng.normal(size=(3, 2)), *(rng.uniform(0.5, 1, 2) for _ in range(4)))
    with pytest.warns(DeprecationWarning, match="fixed_batch_normalization"):
        y = fixed_batch_renormalization(*args, eps=1e-3)
    numpy.testing.assert_array_equal(y.array, fixed_batch_normalization(*args, eps=1e-3).array)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"running_var": numpy.ones(2)}, TypeError, "running_mean is required"),
        ({"running_mean": numpy.zeros(2)}, TypeError, "running_var is required"),
        (
            {"running_mean": numpy.zeros(2), "running_var": numpy.ones(2), "rmax": 0.5},
            ValueError,
            "rmax",
        ),
        (
            {"running_mean": numpy.zeros(3), "running_var": numpy.ones(2)},
            ValueError,
            r"running_mean must have shape \(2,\)",
        ),
    ],
)
def test_bad_arguments(kwargs, error, match):
    kwargs = {"rmax": 2.0, "dmax": 1.0, **kwargs}
    with pytest.raises(error, match=match):
        batch_renormalization(numpy.ones((3, 2)), numpy.ones(2), numpy.zeros(2), **kwargs)


def test_gamma_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType):
        batch_renormalization(
            numpy.ones((3, 2)),
            numpy.ones(3),
            numpy.zeros(3),
            2.0,
            1.0,
            running_mean=numpy.zeros(3),
            running_var=numpy.ones(3),
        )
