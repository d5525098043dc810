"""F.softmax_cross_entropy."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.loss.softmax_cross_entropy import softmax_cross_entropy
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _ref_log_softmax(x):
    x = x.astype(numpy.float64)
    out = numpy.empty_like(x)
    # Plain loops over every position, independent of the op's vectorization.
    for idx in numpy.ndindex(x.shape[:1] + x.shape[2:]):
        sl = (idx[0], slice(None)) + idx[1:]
        v = x[sl]
        out[sl] = v - numpy.log(numpy.sum(numpy.exp(v)))
    return out


_CONFIGS = [
    # (x shape, reduce, normalize, class weights?, cache_score, ignore_label)
    ((4, 3), "mean", True, False, True, -1),
    ((4, 3), "no", True, True, True, -1),
    ((3, 4, 2), "mean", False, True, False, -1),
    ((3, 4, 2), "no", True, False, False, -1),
    ((5, 3), "mean", True, True, True, 2),
    ((2, 3, 2, 2), "mean", True, False, True, -1),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "config": _CONFIGS,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSoftmaxCrossEntropyLabels(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        shape, self.reduce, self.normalize, weighted, self.cache, self.ignore = self.config
        self.shape = shape
        n_class = shape[1]
        self.class_weight = (
            numpy.random.uniform(0.5, 2, n_class).astype(self.dtype) if weighted else None
        )

    def generate_inputs(self):
        x = numpy.random.uniform(-2, 2, self.shape).astype(self.dtype)
        t_shape = self.shape[:1] + self.shape[2:]
        t = numpy.random.randint(0, self.shape[1], t_shape).astype(numpy.int32)
        # One ignored position.
        t.ravel()[1] = self.ignore
        return x, t

    def forward(self, inputs, device):
        x, t = inputs
        cw = None if self.class_weight is None else device.send(self.class_weight)
        loss = softmax_cross_entropy(
            x,
            t,
            normalize=self.normalize,
            cache_score=self.cache,
            class_weight=cw,
            ignore_label=self.ignore,
            reduce=self.reduce,
        )
        return (loss,)

    def forward_expected(self, inputs):
        x, t = inputs
        log_y = _ref_log_softmax(x)
        loss = numpy.zeros(t.shape)
        count = 0
        for idx in numpy.ndindex(t.shape):
            label = int(t[idx])
            if label == self.ignore:
                continue
            count += 1
            value = -log_y[(idx[0], label) + idx[1:]]
            if self.class_weight is not None:
                value *= float(self.class_weight[label])
            loss[idx] = value
        if self.reduce == "mean":
            denominator = count if self.normalize else t.shape[0]
            loss = numpy.asarray(loss.sum() / max(denominator, 1))
        return (loss.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(4, 3), (2, 3, 2)],
            "soft_target_loss": ["cross-entropy", "kl-divergence"],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSoftmaxCrossEntropySoftTarget(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-2, 2, self.shape).astype(self.dtype)
        # Soft targets are constants (they get no gradient), kept on the test.
        t = numpy.random.uniform(0, 1, self.shape)
        t /= t.sum(axis=1, keepdims=True)
        self.t = t.astype(self.dtype)
        return (x,)

    def forward(self, inputs, device):
        (x,) = inputs
        loss = softmax_cross_entropy(
            x,
            device.send(self.t),
            reduce=self.reduce,
            soft_target_loss=self.soft_target_loss,
        )
        return (loss,)

    def forward_expected(self, inputs):
        (x,) = inputs
        t = self.t.astype(numpy.float64)
        log_y = _ref_log_softmax(x)
        if self.soft_target_loss == "cross-entropy":
            loss = -(t * log_y).sum(axis=1)
        else:
            loss = (t * (numpy.log(t + 1e-7) - log_y)).sum(axis=1)
        if self.reduce == "mean":
            loss = numpy.asarray(loss.mean())
        return (loss.astype(self.dtype),)


def test_soft_target_gets_no_gradient():
    x = chainer.Variable(numpy.random.randn(3, 4).astype(numpy.float32))
    t = chainer.Variable(numpy.full((3, 4), 0.25, numpy.float32))
    softmax_cross_entropy(x, t).backward()
    assert t.grad is None
    assert x.grad is not None


def test_gradient_values():
    x = numpy.array([[0.0, 0.0], [1.0, 3.0], [2.0, -1.0]], numpy.float64)
    t = numpy.array([1, -1, 0], numpy.int32)
    xv = chainer.Variable(x)
    softmax_cross_entropy(xv, t).backward()
    y = numpy.exp(x) / numpy.exp(x).sum(axis=1, keepdims=True)
    expected = y.copy()
    expected[0, 1] -= 1
    expected[2, 0] -= 1
    expected[1] = 0
    numpy.testing.assert_allclose(xv.grad, expected / 2)


def test_all_ignored_gives_zero():
    x = chainer.Variable(numpy.random.randn(2, 3).astype(numpy.float32))
    loss = softmax_cross_entropy(x, numpy.array([-1, -1], numpy.int32))
    assert loss.array == 0
    loss.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.zeros((2, 3), numpy.float32))


def test_empty_batch():
    loss = softmax_cross_entropy(numpy.zeros((0, 3), numpy.float32), numpy.zeros(0, numpy.int32))
    assert loss.shape == ()
    assert loss.array == 0


def test_float16_keeps_dtype():
    loss = softmax_cross_entropy(numpy.zeros((2, 3), numpy.float16), numpy.zeros(2, numpy.int32))
    assert loss.dtype == numpy.float16


def test_double_backprop_grad():
    x = chainer.Variable(numpy.random.randn(3, 4))
    t = numpy.array([0, 3, 1], numpy.int32)
    loss = softmax_cross_entropy(x, t, enable_double_backprop=True)
    (gx,) = chainer.grad([loss], [x], enable_double_backprop=True)
    # The Hessian of the mean cross entropy is (diag(y) - y y^T) / N per row.
    (ggx,) = chainer.grad([chainer.functions.sum(gx[:, 0])], [x])
    y = numpy.exp(x.array) / numpy.exp(x.array).sum(axis=1, keepdims=True)
    expected = (y[:, :1] * ((numpy.arange(4) == 0) - y)) / 3
    numpy.testing.assert_allclose(ggx.array, expected, atol=1e-12)


@pytest.mark.parametrize("t", [[0, 3], [-2, 0]])
def test_label_out_of_range(t):
    with pytest.raises(ValueError, match=r"0 <= t < x.shape\[1\] = 3 or t == ignore_label = -1"):
        softmax_cross_entropy(numpy.zeros((2, 3), numpy.float32), numpy.array(t, numpy.int32))


def test_label_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        softmax_cross_entropy(numpy.zeros((2, 3), numpy.float32), numpy.zeros(3, numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: SoftmaxCrossEntropy (Forward)" in message
    assert "x.shape[0] == t.shape[0]" in message


def test_soft_target_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        x = numpy.zeros((2, 3), numpy.float32)
        softmax_cross_entropy(x, numpy.zeros((2, 2), numpy.float32))
    assert "x.shape == t.shape" in str(info.value)


def test_int_scores():
    with pytest.raises(type_check.InvalidType) as info:
        softmax_cross_entropy(numpy.zeros((2, 3), numpy.int32), numpy.zeros(2, numpy.int32))
    assert "x.dtype.kind == f" in str(info.value).replace("'", "")


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"reduce": "sum"}, ValueError, "reduce must be 'mean' or 'no', not 'sum'"),
        ({"soft_target_loss": "l2"}, ValueError, "soft_target_loss must be"),
        ({"ignore_label": 1.5}, TypeError, "ignore_label must be an int"),
        ({"class_weight": numpy.ones((3, 1), numpy.float32)}, ValueError, "1-dimensional"),
        ({"class_weight": numpy.ones(3, numpy.int32)}, ValueError, "floating-point dtype"),
        ({"class_weight": numpy.ones(2, numpy.float32)}, ValueError, r"shape \(x.shape\[1\],\)"),
        ({"class_weight": [1.0, 1.0, 1.0]}, TypeError, "class_weight must be None or an array"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        softmax_cross_entropy(
            numpy.zeros((2, 3), numpy.float32), numpy.zeros(2, numpy.int32), **kwargs
        )


def test_class_weight_with_soft_target():
    with pytest.raises(ValueError, match="integer labels only"):
        softmax_cross_entropy(
            numpy.zeros((2, 3), numpy.float32),
            numpy.full((2, 3), 1 / 3, numpy.float32),
            class_weight=numpy.ones(3, numpy.float32),
        )
