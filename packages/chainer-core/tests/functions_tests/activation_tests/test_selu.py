"""F.selu: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.selu import selu
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), (2, 3, 4)],
            "params": [{}, {"alpha": 1.0, "scale": 2.0}],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSELU(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}

    def generate_inputs(self):
        return (numpy.random.uniform(-2, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (selu(inputs[0], **self.params),)

    def forward_expected(self, inputs):
        alpha = self.params.get("alpha", 1.6732632423543772)
        scale = self.params.get("scale", 1.0507009873554805)
        x = inputs[0].astype(numpy.float64)
        y = scale * numpy.where(x >= 0, x, alpha * (numpy.exp(x) - 1))
        return (y.astype(self.dtype),)


def test_selu_default_constants():
    x = chainer.Variable(numpy.array([-30.0, 1.0], numpy.float64))
    y = selu(x)
    # The negative saturation value is -scale * alpha.
    numpy.testing.assert_allclose(
        y.array, [-1.0507009873554805 * 1.6732632423543772, 1.0507009873554805]
    )


@pytest.mark.parametrize("kwargs", [{"alpha": "1"}, {"scale": None}])
def test_selu_parameters_must_be_numbers(kwargs):
    with pytest.raises(TypeError, match="must be a real number"):
        selu(numpy.ones((2,), numpy.float32), **kwargs)


def test_selu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="ELU"):
        selu(numpy.ones((2,), numpy.int32))
