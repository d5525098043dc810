"""F.r2_score: against the formula in NumPy, both multioutput modes."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.evaluation.r2_score import r2_score
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(8,), (8, 3), (6, 2, 2)],
            "multioutput": ["uniform_average", "raw_values"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestR2Score(testing.FunctionTestCase):
    skip_backward_test = True
    skip_double_backward_test = True

    def setUp(self):
        tol = {numpy.float16: 5e-3, numpy.float32: 1e-5, numpy.float64: 1e-12}[self.dtype]
        self.check_forward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        true = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        pred = (true + numpy.random.uniform(-0.5, 0.5, self.shape)).astype(self.dtype)
        return pred, true

    def forward(self, inputs, device):
        return (r2_score(*inputs, multioutput=self.multioutput),)

    def forward_expected(self, inputs):
        pred, true = (x.astype(numpy.float64) for x in inputs)
        ss_res = ((true - pred) ** 2).sum(axis=0)
        ss_tot = ((true - true.mean(axis=0)) ** 2).sum(axis=0)
        score = 1 - ss_res / ss_tot
        if self.multioutput == "uniform_average":
            score = score.mean()
        return (numpy.asarray(score).astype(self.dtype),)


def test_known_value():
    true = numpy.array([1.0, 4.0, 3.0], numpy.float32)
    pred = numpy.array([2.0, 4.0, 4.0], numpy.float32)
    assert float(r2_score(pred, true).array) == pytest.approx(1 - 2 / (14 / 3), rel=1e-6)


def test_perfect_prediction_and_constant_target():
    true = numpy.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    scores = r2_score(true.copy(), true, multioutput="raw_values").array
    # A perfect fit scores 1; a constant target scores 0.
    numpy.testing.assert_array_equal(scores, [1.0, 0.0])
    assert float(r2_score(true.copy(), true).array) == 0.5


def test_float16_sums_do_not_overflow():
    true = numpy.linspace(-300, 300, 64).astype(numpy.float16)
    pred = (true + numpy.float16(10)).astype(numpy.float16)
    score = r2_score(pred, true)
    assert score.dtype == numpy.float16
    t64, p64 = true.astype(numpy.float64), pred.astype(numpy.float64)
    expected = 1 - ((t64 - p64) ** 2).sum() / ((t64 - t64.mean()) ** 2).sum()
    assert float(score.array) == pytest.approx(expected, abs=2e-3)


def test_has_no_gradient():
    pred = chainer.Variable(numpy.random.rand(5).astype(numpy.float32))
    score = r2_score(pred, numpy.random.rand(5).astype(numpy.float32))
    score.backward()
    assert pred.grad is None


def test_sample_weight_is_not_supported():
    x = numpy.zeros((3,), numpy.float32)
    with pytest.raises(NotImplementedError, match="sample_weight"):
        r2_score(x, x, sample_weight=numpy.ones((3,), numpy.float32))


def test_unknown_multioutput():
    x = numpy.zeros((3,), numpy.float32)
    with pytest.raises(ValueError, match="multioutput must be 'uniform_average' or 'raw_values'"):
        r2_score(x, x, multioutput="variance_weighted")


def test_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        r2_score(numpy.zeros((3, 2), numpy.float32), numpy.zeros((3,), numpy.float32))
    assert "true.shape == pred.shape" in str(info.value)


def test_dtype_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType):
        r2_score(numpy.zeros((3,), numpy.float32), numpy.zeros((3,), numpy.float64))
