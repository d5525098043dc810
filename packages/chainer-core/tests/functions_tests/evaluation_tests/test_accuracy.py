"""F.accuracy: against a NumPy count, with and without ignore_label."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.evaluation.accuracy import accuracy
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((10, 3), (10,)), ((4, 3, 5), (4, 5)), ((6, 4, 1), (6,)), ((0, 3), (0,))],
            "ignore_label": [None, 0],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestAccuracy(testing.FunctionTestCase):
    skip_backward_test = True
    skip_double_backward_test = True

    def setUp(self):
        self.check_forward_options = {"atol": 1e-3 if self.dtype == numpy.float16 else 1e-7}

    def generate_inputs(self):
        y_shape, t_shape = self.shapes
        # Distinct scores per sample, so that the argmax is unique in float16 too.
        scores = numpy.random.rand(*y_shape).argsort(axis=1).astype(self.dtype)
        t = numpy.random.randint(0, y_shape[1], t_shape).astype(numpy.int32)
        return scores, t

    def forward(self, inputs, device):
        return (accuracy(*inputs, ignore_label=self.ignore_label),)

    def forward_expected(self, inputs):
        y, t = inputs
        pred = numpy.moveaxis(y, 1, -1).argmax(axis=-1).reshape(t.shape)
        counted = numpy.ones(t.shape, bool) if self.ignore_label is None else t != 0
        total = counted.sum()
        correct = ((pred == t) & counted).sum()
        expected = correct / total if total else 0.0
        return (numpy.asarray(expected, dtype=self.dtype),)


def test_known_value():
    y = numpy.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]], numpy.float32)
    t = numpy.array([1, 1, 1, -1], numpy.int32)
    assert float(accuracy(y, t).array) == 0.5
    assert float(accuracy(y, t, ignore_label=-1).array) == pytest.approx(2 / 3)


def test_all_ignored_gives_zero():
    y = numpy.zeros((3, 2), numpy.float32)
    t = numpy.full((3,), -1, numpy.int32)
    acc = accuracy(y, t, ignore_label=-1)
    assert acc.dtype == numpy.float32 and acc.shape == ()
    assert float(acc.array) == 0.0


def test_has_no_gradient():
    y = chainer.Variable(numpy.random.rand(4, 3).astype(numpy.float32))
    t = numpy.array([0, 1, 2, 0], numpy.int32)
    acc = accuracy(y, t)
    acc.backward()
    assert y.grad is None


def test_float_labels_are_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        accuracy(numpy.zeros((2, 3), numpy.float32), numpy.zeros((2,), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: Accuracy (Forward)" in message
    assert "t.dtype.kind == i" in message.replace("'", "")


def test_batch_size_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        accuracy(numpy.zeros((2, 3), numpy.float32), numpy.zeros((3,), numpy.int32))
    assert "y.shape[0] == t.shape[0]" in str(info.value)


def test_spatial_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType):
        accuracy(numpy.zeros((2, 3, 4), numpy.float32), numpy.zeros((2, 5), numpy.int32))


def test_extra_axes_must_have_length_one():
    with pytest.raises(type_check.InvalidType) as info:
        accuracy(numpy.zeros((2, 3, 4), numpy.float32), numpy.zeros((2,), numpy.int32))
    assert "y.shape[2] == 1" in str(info.value)


def test_ignore_label_type():
    with pytest.raises(TypeError, match="ignore_label must be None or an int"):
        accuracy(numpy.zeros((2, 3), numpy.float32), numpy.zeros((2,), numpy.int32), 0.5)
