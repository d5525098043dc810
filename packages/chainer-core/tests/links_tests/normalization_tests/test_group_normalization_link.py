"""L.GroupNormalization: forward against NumPy, gradients, lazy size, initializers."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.normalization.group_normalization import GroupNormalization

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [((3, 4, 2), 2), ((2, 6), 3), ((2, 4, 2, 2), 1)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "lazy": [False],
        }
    ),
    {"case": ((3, 4, 2), 2), "dtype": numpy.float32, "lazy": True},
)
@testing.fix_random()
class TestGroupNormalization(testing.LinkTestCase):
    param_names = ("gamma", "beta")
    eps = 1e-5

    def setUp(self):
        self.x_shape, self.groups = self.case
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        else:
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_params(self):
        c = self.x_shape[1]
        gamma = numpy.random.uniform(0.5, 1.5, c).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, c).astype(self.dtype)
        return gamma, beta

    def create_link(self, initializers):
        gamma, beta = initializers
        size = None if self.lazy else self.x_shape[1]
        with chainer.using_config("dtype", self.dtype):
            return GroupNormalization(
                self.groups, size, eps=self.eps, initial_gamma=gamma, initial_beta=beta
            )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        n, c = x.shape[:2]
        rows = x.astype(numpy.float64).reshape(n * self.groups, -1)
        rows = (rows - rows.mean(1, keepdims=True)) / numpy.sqrt(
            rows.var(1, keepdims=True) + self.eps
        )
        shape = (1, c) + (1,) * (x.ndim - 2)
        y = rows.reshape(x.shape) * link.gamma.array.reshape(shape) + link.beta.array.reshape(shape)
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize({"lazy": False}, {"lazy": True})
class TestGroupNormalizationInitializers(testing.LinkInitializersTestCase):
    param_names = ("gamma", "beta")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        return (
            [testing.InitializerArgument(None, 1), 2.0, numpy.arange(4, dtype=numpy.float32)],
            [testing.InitializerArgument(None, 0), initializers.Constant(3)],
        )

    def create_link(self, initializers):
        gamma, beta = initializers
        return GroupNormalization(
            2, None if self.lazy else 4, initial_gamma=gamma, initial_beta=beta
        )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (3, 4)).astype(numpy.float32),)


def test_lazy_size_and_errors():
    link = GroupNormalization(2)
    assert link.gamma.array is None
    link(numpy.random.uniform(-1, 1, (2, 6, 3)).astype(numpy.float32))
    assert link.gamma.shape == (6,) and link.beta.shape == (6,)
    assert (link.groups, link.eps) == (2, 1e-5)
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        GroupNormalization(2)(numpy.ones(4, numpy.float32))
    with pytest.raises(ValueError, match="not divisible by groups"):
        GroupNormalization(4, 6)(numpy.ones((2, 6), numpy.float32))
