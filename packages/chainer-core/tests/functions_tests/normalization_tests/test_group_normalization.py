"""F.group_normalization: values, gradients and errors."""

import numpy
import pytest

from chainer import testing
from chainer.functions.normalization.group_normalization import group_normalization
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


def group_normalization_reference(x, groups, gamma, beta, eps):
    """Each sample's group of channels standardized, in float64, then scaled and shifted."""
    n, c = x.shape[:2]
    per = c // groups
    x = x.astype(numpy.float64)
    y = numpy.empty_like(x)
    for i in range(n):
        for j in range(groups):
            part = x[i, j * per : (j + 1) * per]
            y[i, j * per : (j + 1) * per] = (part - part.mean()) / numpy.sqrt(part.var() + eps)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return y * gamma.reshape(shape) + beta.reshape(shape)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [((2, 4, 3), 2), ((3, 6), 2), ((2, 4, 2, 2), 1), ((2, 4, 3), 4)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestGroupNormalization(testing.FunctionTestCase):
    eps = 1e-5

    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.groups = self.case

    def generate_inputs(self):
        c = self.x_shape[1]
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        gamma = numpy.random.uniform(0.5, 1.5, c).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, c).astype(self.dtype)
        return x, gamma, beta

    def forward(self, inputs, device):
        x, gamma, beta = inputs
        return (group_normalization(x, self.groups, gamma, beta, eps=self.eps),)

    def forward_expected(self, inputs):
        x, gamma, beta = inputs
        y = group_normalization_reference(x, self.groups, gamma, beta, self.eps)
        return (y.astype(self.dtype),)


def test_channels_must_divide_into_groups():
    with pytest.raises(ValueError, match="channels 4 is not divisible by groups 3"):
        group_normalization(numpy.ones((2, 4)), 3, numpy.ones(4), numpy.zeros(4))


def test_groups_must_be_an_int():
    with pytest.raises(TypeError, match="groups must be an int"):
        group_normalization(numpy.ones((2, 4)), 2.0, numpy.ones(4), numpy.zeros(4))


def test_parameters_must_match_the_channels_and_dtype():
    with pytest.raises(type_check.InvalidType) as info:
        group_normalization(numpy.ones((2, 4)), 2, numpy.ones(3), numpy.zeros(3))
    assert "x.shape[1] == gamma.shape[0]" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        group_normalization(
            numpy.ones((2, 4)), 2, numpy.ones(4, numpy.float32), numpy.zeros(4, numpy.float32)
        )
    assert "gamma.dtype == x.dtype" in str(info.value)
