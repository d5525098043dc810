"""F.connectionist_temporal_classification, against a brute-force sum over every alignment."""

import itertools

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.loss.ctc import connectionist_temporal_classification as ctc
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-10, "rtol": 1e-10}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _collapse(path, blank):
    """The labelling a path emits: repeats merged, then blanks removed."""
    out = []
    previous = None
    for k in path:
        if k != previous and k != blank:
            out.append(k)
        previous = k
    return out


def _reference_losses(xs, t, blank, input_length, label_length):
    """``-log p(t | x)`` of each sample, summing over all ``V ** T_b`` paths."""
    x = numpy.stack(xs).astype(numpy.float64)
    n_vocab = x.shape[2]
    losses = []
    for b in range(x.shape[1]):
        steps = int(input_length[b])
        scores = x[:steps, b]
        log_y = scores - numpy.log(numpy.exp(scores).sum(axis=1, keepdims=True))
        target = [int(k) for k in t[b, : int(label_length[b])]]
        total = 0.0
        for path in itertools.product(range(n_vocab), repeat=steps):
            if _collapse(path, blank) == target:
                total += numpy.exp(sum(log_y[i, k] for i, k in enumerate(path)))
        losses.append(-numpy.log(total))
    return numpy.array(losses)


# (T, V, blank, t, input_length, label_length); None lengths mean "all".
_CONFIGS = [
    (4, 3, 0, [[1, 2], [2, 2]], [4, 3], [2, 2]),
    (4, 3, 2, [[0, 1], [1, 0]], [3, 4], [1, 2]),
    (3, 3, 0, [[1], [2]], None, None),
    (3, 3, 1, [[0, 0], [2, 0]], [3, 2], [0, 1]),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "config": _CONFIGS,
            "reduce": ["mean", "no"],
            "dtype": [numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    ),
    *testing.product(
        {
            "config": _CONFIGS[:1],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16],
            "contiguous": [None, "C"],
        }
    ),
)
@testing.fix_random()
class TestCTC(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.n_step, self.n_vocab, self.blank, t, input_length, label_length = self.config
        self.t = numpy.array(t, numpy.int32)
        self.n_batch = self.t.shape[0]
        self.input_length = None if input_length is None else numpy.array(input_length, numpy.int32)
        self.label_length = None if label_length is None else numpy.array(label_length, numpy.int32)

    def generate_inputs(self):
        return tuple(
            numpy.random.uniform(-1, 1, (self.n_batch, self.n_vocab)).astype(self.dtype)
            for _ in range(self.n_step)
        )

    def forward(self, inputs, device):
        def send(a):
            return None if a is None else device.send(a)

        loss = ctc(
            list(inputs),
            send(self.t),
            self.blank,
            send(self.input_length),
            send(self.label_length),
            reduce=self.reduce,
        )
        return (loss,)

    def forward_expected(self, inputs):
        full = numpy.full(self.n_batch, self.n_step)
        input_length = full if self.input_length is None else self.input_length
        label_length = (
            numpy.full(self.n_batch, self.t.shape[1])
            if self.label_length is None
            else self.label_length
        )
        loss = _reference_losses(inputs, self.t, self.blank, input_length, label_length)
        if self.reduce == "mean":
            loss = numpy.asarray(loss.mean())
        return (loss.astype(self.dtype),)


def test_gradient_beyond_input_length_is_zero():
    rng = numpy.random.default_rng(0)
    xs = [chainer.Variable(rng.normal(size=(2, 4))) for _ in range(5)]
    t = numpy.array([[1, 2], [3, 3]], numpy.int32)
    ctc(xs, t, 0, input_length=numpy.array([5, 3], numpy.int32)).backward()
    for step in (3, 4):
        numpy.testing.assert_array_equal(xs[step].grad[1], 0)
    assert numpy.abs(xs[4].grad[0]).sum() > 0
    # Each active row of softmax - posterior sums to 0.
    numpy.testing.assert_allclose(sum(x.grad.sum() for x in xs), 0, atol=1e-12)


def test_long_float32_sequence_matches_float64():
    rng = numpy.random.default_rng(1)
    n_step, n_batch, n_vocab = 40, 3, 6
    xs = [
        chainer.Variable(rng.normal(size=(n_batch, n_vocab)).astype(numpy.float32))
        for _ in range(n_step)
    ]
    t = rng.integers(1, n_vocab, (n_batch, 10)).astype(numpy.int32)
    loss = ctc(xs, t, 0, reduce="no")
    loss64 = ctc([x.array.astype(numpy.float64) for x in xs], t, 0, reduce="no")
    numpy.testing.assert_allclose(loss.array, loss64.array, rtol=1e-5)
    chainer.functions.sum(loss).backward()
    assert all(numpy.isfinite(x.grad).all() for x in xs)


def test_double_backprop_through_grad():
    rng = numpy.random.default_rng(2)
    xs = [chainer.Variable(rng.normal(size=(2, 3))) for _ in range(4)]
    t = numpy.array([[1, 2], [2, 2]], numpy.int32)
    loss = ctc(xs, t, 0)
    grads = chainer.grad([loss], xs, enable_double_backprop=True)
    penalty = sum(chainer.functions.sum(g * g) for g in grads)
    second = chainer.grad([penalty], xs)
    assert all(g is not None and numpy.isfinite(g.array).all() for g in second)


def test_impossible_alignment_gives_huge_loss():
    # Two equal labels need a blank between them: three steps, but only two given.
    xs = [numpy.zeros((1, 3)), numpy.zeros((1, 3))]
    loss = ctc(xs, numpy.array([[1, 1]], numpy.int32), 0)
    assert loss.array > 1e20


def test_float16_keeps_dtype():
    xs = [numpy.zeros((2, 3), numpy.float16)] * 3
    loss = ctc(xs, numpy.ones((2, 1), numpy.int32), 0, reduce="no")
    assert loss.dtype == numpy.float16
    # Six of the 27 equally likely paths emit "1": a single run of 1 among blanks.
    numpy.testing.assert_allclose(loss.array, -numpy.log(6 / 27), rtol=1e-3)


def _args():
    xs = [numpy.zeros((2, 3), numpy.float32)] * 3
    return xs, numpy.ones((2, 1), numpy.int32)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"reduce": "sum"}, ValueError, "reduce must be 'mean' or 'no', not 'sum'"),
        ({"blank_symbol": 1.0}, TypeError, "blank_symbol must be an int"),
        ({"blank_symbol": 3}, ValueError, r"blank_symbol must be in \[0, V\) = \[0, 3\)"),
        ({"x": numpy.zeros((3, 2, 3), numpy.float32)}, TypeError, "x must be a list or tuple"),
        ({"x": []}, ValueError, "at least one input step"),
        (
            {"x": [numpy.zeros((2, 3), numpy.float32), numpy.zeros((2, 4), numpy.float32)]},
            ValueError,
            r"x\[1\] has shape \(2, 4\)",
        ),
        (
            {"input_length": numpy.array([3, 4], numpy.int32)},
            ValueError,
            r"input_length must be in \[1, T\] = \[1, 3\]",
        ),
        (
            {"label_length": numpy.array([2, 1], numpy.int32)},
            ValueError,
            r"label_length must be in \[0, t.shape\[1\]\] = \[0, 1\]",
        ),
        (
            {"t": numpy.array([[1], [3]], numpy.int32)},
            ValueError,
            r"label in t must be in \[0, V\)",
        ),
        ({"t": [[1], [1]]}, TypeError, "t must be an integer array"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    xs, t = _args()
    args = {"x": xs, "t": t, "blank_symbol": 0}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        ctc(**args)


def test_shape_mismatch_names_argument():
    xs, _ = _args()
    with pytest.raises(type_check.InvalidType) as info:
        ctc(xs, numpy.ones((3, 1), numpy.int32), 0)
    assert "t.shape[0] == x.shape[1]" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        ctc(xs, numpy.ones((2, 1), numpy.float32), 0)
    assert "t.dtype.kind == i" in str(info.value).replace("'", "")
