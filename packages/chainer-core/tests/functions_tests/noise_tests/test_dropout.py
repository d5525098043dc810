"""F.dropout: exact with a given mask, statistical with a drawn one, identity in test mode."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.backends import cuda
from chainer.functions.noise.dropout import dropout
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _tolerances(case, dtype):
    case.check_forward_options = {"atol": 0, "rtol": 0}
    if dtype == numpy.float16:
        case.check_backward_options = {"atol": 5e-3, "rtol": 5e-3}
    else:
        case.check_backward_options = {"atol": 1e-5, "rtol": 1e-5}
    case.check_double_backward_options = dict(case.check_backward_options)


@pytest.fixture(params=["numpy", pytest.param("cupy", marks=pytest.mark.gpu)])
def xp(request):
    if request.param == "numpy":
        return numpy
    if not cuda.available:
        pytest.skip("no GPU")
    return cuda.cupy


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 4), (2, 3, 2)],
            "ratio": [0.0, 0.3, 0.75],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDropoutGivenMask(testing.FunctionTestCase):
    def setUp(self):
        _tolerances(self, self.dtype)
        keep = numpy.random.uniform(0, 1, self.shape) >= self.ratio
        self.mask = (keep / (1 - self.ratio)).astype(self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (dropout(inputs[0], self.ratio, mask=device.send(self.mask)),)

    def forward_expected(self, inputs):
        return (inputs[0] * self.mask,)


def test_keep_rate_and_scale(xp):
    xp.random.seed(0)
    ratio = 0.3
    n = 20000
    x = xp.ones((n,), numpy.float32)
    y, mask = dropout(x, ratio, return_mask=True)
    y = cuda.to_cpu(y.array)
    mask = cuda.to_cpu(mask)
    kept = y != 0
    # Kept elements are scaled by exactly 1 / (1 - ratio).
    scale = numpy.float32(1 / (1 - ratio))
    assert (y[kept] == scale).all()
    numpy.testing.assert_array_equal(mask, y)
    # The keep rate is binomial: within 5 standard deviations of 1 - ratio.
    sigma = (ratio * (1 - ratio) / n) ** 0.5
    assert abs(kept.mean() - (1 - ratio)) < 5 * sigma
    # The expectation is unchanged.
    assert abs(y.mean() - 1) < 5 * sigma * float(scale)


def test_masks_are_independent_per_element(xp):
    xp.random.seed(1)
    y = cuda.to_cpu(dropout(xp.ones((200, 100), numpy.float64), 0.5).array) != 0
    # Neighbouring elements are uncorrelated.
    corr = numpy.corrcoef(y[:, :-1].ravel(), y[:, 1:].ravel())[0, 1]
    assert abs(corr) < 0.03


def test_seed_reproduces_the_mask(xp):
    x = xp.ones((50,), numpy.float32)
    xp.random.seed(3)
    _, a = dropout(x, 0.5, return_mask=True)
    xp.random.seed(3)
    _, b = dropout(x, 0.5, return_mask=True)
    _, c = dropout(x, 0.5, return_mask=True)
    numpy.testing.assert_array_equal(cuda.to_cpu(a), cuda.to_cpu(b))
    assert not (cuda.to_cpu(b) == cuda.to_cpu(c)).all()


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64])
def test_dtype_is_kept(dtype):
    y, mask = dropout(numpy.ones((4, 3), dtype), 0.5, return_mask=True)
    assert y.dtype == dtype and mask.dtype == dtype


def test_returned_mask_reproduces_the_output():
    x = numpy.random.uniform(-1, 1, (5, 4)).astype(numpy.float32)
    y, mask = dropout(x, 0.4, return_mask=True)
    numpy.testing.assert_array_equal(dropout(x, 0.4, mask=mask).array, y.array)


def test_gradient_uses_the_mask():
    x = chainer.Variable(numpy.random.uniform(-1, 1, (6, 5)))
    y, mask = dropout(x, 0.5, return_mask=True)
    y.grad = numpy.ones_like(y.array)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, mask)


def test_identity_outside_training():
    x = chainer.Variable(numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32))
    with chainer.using_config("train", False):
        y = dropout(x, 0.9)
        y2, mask = dropout(x, 0.9, return_mask=True)
    assert y is x and y2 is x and mask is None
    with chainer.using_config("train", False):
        z = dropout(x.array, 0.5)
    numpy.testing.assert_array_equal(z.array, x.array)


def test_ratio_zero_keeps_everything():
    x = numpy.random.uniform(-1, 1, (4, 4)).astype(numpy.float32)
    numpy.testing.assert_array_equal(dropout(x, 0.0).array, x)


@pytest.mark.parametrize("ratio", [1.0, -0.1, 1.5])
def test_ratio_out_of_range(ratio):
    with pytest.raises(ValueError, match=r"ratio must be in \[0, 1\)"):
        dropout(numpy.ones((2,), numpy.float32), ratio)


def test_train_argument_is_rejected():
    with pytest.raises(ValueError, match="using_config"):
        dropout(numpy.ones((2,), numpy.float32), 0.5, train=True)


def test_unknown_keyword():
    with pytest.raises(TypeError, match="unexpected keyword argument.*foo"):
        dropout(numpy.ones((2,), numpy.float32), 0.5, foo=1)


def test_mask_of_wrong_shape():
    with pytest.raises(ValueError, match=r"mask must have shape \(2, 3\), not \(3, 2\)"):
        dropout(numpy.ones((2, 3), numpy.float32), mask=numpy.ones((3, 2), numpy.float32))


def test_integer_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        dropout(numpy.ones((2,), numpy.int32))
    assert "Dropout" in str(info.value)
    assert "x.dtype.kind == f" in str(info.value).replace("'", "")
