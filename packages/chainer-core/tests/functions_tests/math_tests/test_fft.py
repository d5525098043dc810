"""F.fft and F.ifft on (real, imag) pairs."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.fft import fft, ifft
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "method": ["fft", "ifft"],
            "shape": [(4,), (2, 3)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFFT(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        real = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        imag = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return real, imag

    def forward(self, inputs, device):
        func = fft if self.method == "fft" else ifft
        return func(tuple(inputs))

    def forward_expected(self, inputs):
        real, imag = (x.astype(numpy.float64) for x in inputs)
        y = getattr(numpy.fft, self.method)(real + 1j * imag)
        return y.real.astype(self.dtype), y.imag.astype(self.dtype)


@pytest.mark.parametrize("method", ["fft", "ifft"])
def test_gradient_of_one_output_only(method):
    # sum(Re(fft(z))) = n * Re(z[0]); sum(Re(ifft(z))) = Re(z[0]).
    n = 4
    real = chainer.Variable(numpy.random.RandomState(0).uniform(-1, 1, (n,)))
    imag = chainer.Variable(numpy.random.RandomState(1).uniform(-1, 1, (n,)))
    func = fft if method == "fft" else ifft
    y_real, _ = func((real, imag))
    chainer.functions.sum(y_real).backward()
    scale = n if method == "fft" else 1
    testing.assert_allclose(real.grad, numpy.array([scale, 0, 0, 0.0]), atol=1e-12)
    testing.assert_allclose(imag.grad, numpy.zeros(n), atol=1e-12)


def test_ifft_inverts_fft():
    real = numpy.random.RandomState(0).uniform(-1, 1, (2, 5)).astype(numpy.float32)
    imag = numpy.random.RandomState(1).uniform(-1, 1, (2, 5)).astype(numpy.float32)
    back_real, back_imag = ifft(fft((real, imag)))
    testing.assert_allclose(back_real.array, real, atol=1e-6)
    testing.assert_allclose(back_imag.array, imag, atol=1e-6)


@pytest.mark.parametrize("x", [numpy.ones((2, 3)), (numpy.ones(3),), [numpy.ones(3)] * 3])
def test_input_must_be_a_pair(x):
    with pytest.raises(TypeError, match=r"fft: x must be a pair \(real, imag\)"):
        fft(x)


@pytest.mark.parametrize(
    "real, imag, expect",
    [
        (numpy.ones(3, numpy.float32), numpy.ones(4, numpy.float32), "real.shape == imag.shape"),
        (numpy.ones(3, numpy.float32), numpy.ones(3, numpy.float64), "real.dtype == imag.dtype"),
        (numpy.ones((), numpy.float32), numpy.ones((), numpy.float32), "real.ndim > 0"),
    ],
)
def test_bad_inputs(real, imag, expect):
    with pytest.raises(type_check.InvalidType) as info:
        fft((real, imag))
    message = str(info.value)
    assert "Invalid operation is performed in: FFT (Forward)" in message
    assert f"Expect: {expect}" in message
