"""F.classification_summary, precision, recall, f1_score, fbeta_score: against per-class counts."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.evaluation.classification_summary import (
    classification_summary,
    f1_score,
    fbeta_score,
    precision,
    recall,
)

_BACKENDS = [{}, {"use_cuda": True}]


def _summary(y, t, label_num, beta, ignore_label):
    pred = numpy.moveaxis(y, 1, -1).argmax(axis=-1).ravel()
    t = t.ravel()
    tp = numpy.zeros(label_num)
    predicted = numpy.zeros(label_num)
    support = numpy.zeros(label_num, numpy.int64)
    for p, c in zip(pred, t):
        if c == ignore_label:
            continue
        support[c] += 1
        if p < label_num:
            predicted[p] += 1
        if p == c:
            tp[c] += 1
    with numpy.errstate(divide="ignore", invalid="ignore"):
        prec = tp / predicted
        rec = tp / support
        fbeta = (1 + beta**2) * prec * rec / (beta**2 * prec + rec)
    return prec, rec, fbeta, support


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((20, 3), (20,)), ((6, 3, 4), (6, 4))],
            "label_num": [None, 4],
            "beta": [1.0, 2.0],
            "ignore_label": [-1, 255],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestClassificationSummary(testing.FunctionTestCase):
    skip_backward_test = True
    skip_double_backward_test = True

    def setUp(self):
        self.check_forward_options = {"atol": 1e-3 if self.dtype == numpy.float16 else 1e-7}

    def generate_inputs(self):
        y_shape, t_shape = self.shapes
        scores = numpy.random.rand(*y_shape).argsort(axis=1).astype(self.dtype)
        # Every label 0..2 and the ignored label occur; label 3 never does.
        size = int(numpy.prod(t_shape))
        t = numpy.resize(numpy.array([0, 1, 2, self.ignore_label]), size)
        numpy.random.shuffle(t)
        return scores, t.reshape(t_shape).astype(numpy.int32)

    def forward(self, inputs, device):
        y, t = inputs
        return classification_summary(y, t, self.label_num, self.beta, self.ignore_label)

    def forward_expected(self, inputs):
        y, t = inputs
        label_num = self.label_num
        if label_num is None:
            label_num = int(t[t != self.ignore_label].max()) + 1
        prec, rec, fbeta, support = _summary(y, t, label_num, self.beta, self.ignore_label)
        return (
            prec.astype(self.dtype),
            rec.astype(self.dtype),
            fbeta.astype(self.dtype),
            support,
        )


def test_known_values():
    # Predictions: 0, 1, 1, 2, 0, 1, 2; labels: 0, 1, 0, 2, 1, 1 and one ignored.
    y = numpy.eye(3, dtype=numpy.float32)[[0, 1, 1, 2, 0, 1, 2]]
    t = numpy.array([0, 1, 0, 2, 1, 1, -1], numpy.int32)
    prec, rec, f1, support = classification_summary(y, t)
    numpy.testing.assert_allclose(prec.array, [1 / 2, 2 / 3, 1.0], rtol=1e-6)
    numpy.testing.assert_allclose(rec.array, [1 / 2, 2 / 3, 1.0], rtol=1e-6)
    numpy.testing.assert_allclose(f1.array, [1 / 2, 2 / 3, 1.0], rtol=1e-6)
    numpy.testing.assert_array_equal(support.array, [2, 3, 1])
    assert prec.dtype == numpy.float32 and support.dtype == numpy.int64


def test_wrappers_return_score_and_support():
    numpy.random.seed(0)
    y = numpy.random.rand(30, 3).astype(numpy.float32)
    t = numpy.random.randint(0, 3, 30).astype(numpy.int32)
    full = classification_summary(y, t, beta=0.5)
    for (score, support), index in [
        (precision(y, t), 0),
        (recall(y, t), 1),
        (f1_score(y, t), 2),
    ]:
        expected = classification_summary(y, t)[index]
        numpy.testing.assert_array_equal(score.array, expected.array)
        numpy.testing.assert_array_equal(support.array, full[3].array)
    fbeta, _ = fbeta_score(y, t, beta=0.5)
    numpy.testing.assert_array_equal(fbeta.array, full[2].array)


def test_absent_class_gives_nan():
    y = numpy.eye(3, dtype=numpy.float64)[[0, 0, 1]]
    t = numpy.array([0, 1, 1], numpy.int32)
    prec, rec, _, support = classification_summary(y, t, label_num=3)
    assert numpy.isnan(prec.array[2]) and numpy.isnan(rec.array[2])
    assert support.array[2] == 0


def test_label_out_of_range():
    y = numpy.zeros((3, 2), numpy.float32)
    t = numpy.array([0, 1, 5], numpy.int32)
    with pytest.raises(ValueError, match=r"t holds the label 5, outside \[0, 2\)"):
        classification_summary(y, t, label_num=2)


def test_has_no_gradient():
    y = chainer.Variable(numpy.random.rand(4, 2).astype(numpy.float32))
    t = numpy.array([0, 1, 1, 0], numpy.int32)
    prec, _ = precision(y, t)
    prec.grad = numpy.ones(2, numpy.float32)
    prec.backward()
    assert y.grad is None


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"label_num": 2.0}, TypeError, "label_num must be None or an int"),
        ({"label_num": -1}, ValueError, "label_num must be non-negative"),
        ({"beta": "1"}, TypeError, "beta must be a real number"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    y = numpy.zeros((3, 2), numpy.float32)
    t = numpy.zeros((3,), numpy.int32)
    with pytest.raises(error, match=match):
        classification_summary(y, t, **kwargs)
