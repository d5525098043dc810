"""F.simplified_dropconnect: exact with a given mask, statistical with a drawn one."""

import numpy
import pytest

from chainer import testing
from chainer.backends import cuda
from chainer.functions.noise.simplified_dropconnect import simplified_dropconnect
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@pytest.fixture(params=["numpy", pytest.param("cupy", marks=pytest.mark.gpu)])
def xp(request):
    if request.param == "numpy":
        return numpy
    if not cuda.available:
        pytest.skip("no GPU")
    return cuda.cupy


def _reference(x, W, b, mask, ratio):
    x = x.reshape(x.shape[0], -1).astype(numpy.float64)
    w = W.astype(numpy.float64) * mask / (1 - ratio)
    if w.ndim == 2:
        w = numpy.broadcast_to(w, (x.shape[0], *w.shape))
    y = numpy.einsum("ijk,ik->ij", w, x)
    if b is not None:
        y = y + b
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "x_shape": [(3, 4), (3, 2, 2)],
            "batchwise": [True, False],
            "use_bias": [True, False],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSimplifiedDropconnectGivenMask(testing.FunctionTestCase):
    ratio = 0.4
    out_size = 2

    def setUp(self):
        in_size = 4
        shape = (self.out_size, in_size)
        if self.batchwise:
            shape = (self.x_shape[0], *shape)
        self.mask = numpy.random.uniform(0, 1, shape) >= self.ratio
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        self.check_double_backward_options = dict(self.check_backward_options)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (self.out_size, 4)).astype(self.dtype)
        if not self.use_bias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, (self.out_size,)).astype(self.dtype)

    def forward(self, inputs, device):
        x, W = inputs[:2]
        b = inputs[2] if self.use_bias else None
        y = simplified_dropconnect(
            x, W, b, self.ratio, mask=device.send(self.mask), use_batchwise_mask=self.batchwise
        )
        return (y,)

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2].astype(numpy.float64) if self.use_bias else None
        return (_reference(x, W, b, self.mask, self.ratio).astype(self.dtype),)


def test_not_training_is_a_linear_layer():
    x = numpy.random.uniform(-1, 1, (5, 3))
    W = numpy.random.uniform(-1, 1, (2, 3))
    b = numpy.random.uniform(-1, 1, (2,))
    y = simplified_dropconnect(x, W, b, ratio=0.9, train=False)
    numpy.testing.assert_allclose(y.array, x @ W.T + b, rtol=1e-12)


@pytest.mark.parametrize("batchwise", [True, False])
def test_keep_rate_and_scale(xp, batchwise):
    xp.random.seed(0)
    ratio, n, in_size = 0.25, 400, 50
    x = xp.ones((n, in_size), numpy.float64)
    W = xp.ones((3, in_size), numpy.float64)
    y = cuda.to_cpu(simplified_dropconnect(x, W, ratio=ratio, use_batchwise_mask=batchwise).array)
    # With ones, each output is (number of kept weights) / (1 - ratio).
    kept = y * (1 - ratio)
    numpy.testing.assert_allclose(kept, numpy.round(kept), atol=1e-9)
    draws = kept.size * in_size if batchwise else 3 * in_size
    rate = kept.sum() / (kept.size * in_size)
    assert abs(rate - (1 - ratio)) < 5 * (ratio * (1 - ratio) / draws) ** 0.5
    if batchwise:
        # Samples get different masks.
        assert len({tuple(row) for row in kept}) > n // 2
    else:
        # One mask for the whole batch.
        assert (kept == kept[0]).all()


def test_mask_of_wrong_shape():
    x = numpy.ones((3, 4), numpy.float32)
    W = numpy.ones((2, 4), numpy.float32)
    with pytest.raises(ValueError, match=r"mask must have shape \(3, 2, 4\) or \(2, 4\)"):
        simplified_dropconnect(x, W, mask=numpy.ones((4, 2), bool))


def test_input_size_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        simplified_dropconnect(numpy.ones((3, 5), numpy.float32), numpy.ones((2, 4), numpy.float32))
    assert "prod(x.shape[1:]) == W.shape[1]" in str(info.value)


def test_bias_shape_is_checked():
    with pytest.raises(type_check.InvalidType) as info:
        simplified_dropconnect(
            numpy.ones((3, 4), numpy.float32),
            numpy.ones((2, 4), numpy.float32),
            numpy.ones((3,), numpy.float32),
        )
    assert "b.shape[0] == W.shape[0]" in str(info.value)


@pytest.mark.parametrize("ratio", [1.0, -0.5])
def test_ratio_out_of_range(ratio):
    with pytest.raises(ValueError, match=r"ratio must be in \[0, 1\)"):
        simplified_dropconnect(
            numpy.ones((3, 4), numpy.float32), numpy.ones((2, 4), numpy.float32), ratio=ratio
        )
