"""F.crf1d and F.argmax_crf1d, against a brute-force enumeration of every label path."""

import itertools

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.loss.crf1d import argmax_crf1d, crf1d

_BACKENDS = [{}, {"use_cuda": True}]
_N_LABEL = 3


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


def _batch_sizes(lengths):
    return [sum(1 for n in lengths if n > t) for t in range(max(lengths))]


def _sequence(xs, i, length):
    """Sequence ``i``'s unary scores, ``(length, K)``, from the time-major steps."""
    return numpy.stack([xs[t][i] for t in range(length)]).astype(numpy.float64)


def _path_score(cost, unary, path):
    score = sum(unary[t, k] for t, k in enumerate(path))
    return score + sum(cost[a, b] for a, b in zip(path[:-1], path[1:]))


def _all_scores(cost, unary):
    paths = list(itertools.product(range(cost.shape[0]), repeat=unary.shape[0]))
    return paths, numpy.array([_path_score(cost, unary, p) for p in paths])


_LENGTHS = [(3, 2, 2, 1), (2, 2), (1,), (4,)]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "lengths": _LENGTHS[:3],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestCRF1d(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.batch_sizes = _batch_sizes(self.lengths)
        self.ys = [
            numpy.random.randint(0, _N_LABEL, b).astype(numpy.int32) for b in self.batch_sizes
        ]

    def generate_inputs(self):
        cost = numpy.random.uniform(-1, 1, (_N_LABEL, _N_LABEL)).astype(self.dtype)
        xs = [
            numpy.random.uniform(-1, 1, (b, _N_LABEL)).astype(self.dtype) for b in self.batch_sizes
        ]
        return (cost, *xs)

    def forward(self, inputs, device):
        cost, *xs = inputs
        return (crf1d(cost, xs, [device.send(y) for y in self.ys], reduce=self.reduce),)

    def forward_expected(self, inputs):
        cost, *xs = inputs
        cost = cost.astype(numpy.float64)
        losses = []
        for i, length in enumerate(self.lengths):
            unary = _sequence(xs, i, length)
            _, scores = _all_scores(cost, unary)
            gold = [int(self.ys[t][i]) for t in range(length)]
            log_z = numpy.log(numpy.exp(scores).sum())
            losses.append(log_z - _path_score(cost, unary, gold))
        loss = numpy.array(losses)
        if self.reduce == "mean":
            loss = numpy.asarray(loss.mean())
        return (loss.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "lengths": [_LENGTHS[0], _LENGTHS[3]],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestArgmaxCRF1dScore(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.batch_sizes = _batch_sizes(self.lengths)

    def generate_inputs(self):
        # Well separated scores, so that the best path is unique and stable.
        cost = numpy.random.permutation(_N_LABEL * _N_LABEL).reshape(_N_LABEL, _N_LABEL) * 0.3
        xs = [
            numpy.random.permutation(b * _N_LABEL).reshape(b, _N_LABEL) * 0.7
            for b in self.batch_sizes
        ]
        return tuple(a.astype(self.dtype) for a in (cost, *xs))

    def forward(self, inputs, device):
        cost, *xs = inputs
        score, _ = argmax_crf1d(cost, xs)
        return (score,)

    def forward_expected(self, inputs):
        cost, *xs = inputs
        cost = cost.astype(numpy.float64)
        best = [_all_scores(cost, _sequence(xs, i, n))[1].max() for i, n in enumerate(self.lengths)]
        return (numpy.array(best).astype(self.dtype),)


@pytest.mark.parametrize("lengths", [(4, 3, 3, 1), (2,), (3, 3)])
def test_argmax_path_matches_brute_force(lengths):
    rng = numpy.random.default_rng(0)
    cost = rng.normal(size=(_N_LABEL, _N_LABEL))
    xs = [rng.normal(size=(b, _N_LABEL)) for b in _batch_sizes(lengths)]
    score, path = argmax_crf1d(cost, xs)
    assert len(path) == len(xs)
    for t, b in enumerate(_batch_sizes(lengths)):
        assert path[t].shape == (b,)
        assert path[t].dtype == numpy.int32
    for i, n in enumerate(lengths):
        paths, scores = _all_scores(cost, _sequence(xs, i, n))
        assert [int(path[t][i]) for t in range(n)] == list(paths[int(scores.argmax())])
        numpy.testing.assert_allclose(score.array[i], scores.max(), rtol=1e-12)


def test_padded_array_inputs_match_lists():
    rng = numpy.random.default_rng(1)
    cost = rng.normal(size=(_N_LABEL, _N_LABEL))
    xs = rng.normal(size=(3, 2, _N_LABEL))
    ys = rng.integers(0, _N_LABEL, (3, 2)).astype(numpy.int32)
    from_array = crf1d(cost, xs, ys, reduce="no").array
    from_lists = crf1d(cost, list(xs), list(ys), reduce="no").array
    numpy.testing.assert_allclose(from_array, from_lists, rtol=1e-12)
    numpy.testing.assert_array_equal(argmax_crf1d(cost, xs)[1], argmax_crf1d(cost, list(xs))[1])


def test_gradient_is_marginals_minus_gold():
    # d loss / d x_t[k] = P(y_t = k) - [gold_t == k] for a single sequence.
    rng = numpy.random.default_rng(2)
    cost = rng.normal(size=(_N_LABEL, _N_LABEL))
    xs = [chainer.Variable(rng.normal(size=(1, _N_LABEL))) for _ in range(3)]
    ys = [numpy.array([k], numpy.int32) for k in (0, 2, 1)]
    crf1d(cost, xs, ys).backward()
    unary = numpy.concatenate([x.array for x in xs])
    paths, scores = _all_scores(cost, unary)
    prob = numpy.exp(scores - numpy.log(numpy.exp(scores).sum()))
    for t in range(3):
        marginal = numpy.zeros(_N_LABEL)
        for p, w in zip(paths, prob):
            marginal[p[t]] += w
        marginal[int(ys[t][0])] -= 1
        numpy.testing.assert_allclose(xs[t].grad[0], marginal, atol=1e-12)


def test_float16_keeps_dtype():
    cost = numpy.zeros((2, 2), numpy.float16)
    xs = [numpy.zeros((1, 2), numpy.float16)] * 2
    ys = [numpy.zeros(1, numpy.int32)] * 2
    assert crf1d(cost, xs, ys).dtype == numpy.float16
    assert argmax_crf1d(cost, xs)[0].dtype == numpy.float16


def _valid_args():
    cost = numpy.zeros((3, 3), numpy.float32)
    xs = [numpy.zeros((2, 3), numpy.float32), numpy.zeros((1, 3), numpy.float32)]
    ys = [numpy.zeros(2, numpy.int32), numpy.zeros(1, numpy.int32)]
    return cost, xs, ys


@pytest.mark.parametrize(
    "change, error, match",
    [
        ({"reduce": "sum"}, ValueError, "reduce must be 'mean' or 'no', not 'sum'"),
        (
            {"cost": numpy.zeros((3, 2), numpy.float32)},
            ValueError,
            r"cost must have shape \(K, K\)",
        ),
        ({"cost": numpy.zeros((3, 3), numpy.int32)}, ValueError, "cost must be floating point"),
        ({"cost": [[0.0]]}, TypeError, "cost must be a Variable or an array"),
        ({"xs": []}, ValueError, "xs must hold at least one time step"),
        ({"xs": 3}, TypeError, "xs must be a list"),
        (
            {"xs": [numpy.zeros((2, 3), numpy.float32), numpy.zeros((1, 2), numpy.float32)]},
            ValueError,
            r"xs\[1\] must have shape \(B_1, 3\)",
        ),
        (
            {"xs": [numpy.zeros((1, 3), numpy.float32), numpy.zeros((2, 3), numpy.float32)]},
            ValueError,
            "batch sizes of xs must not increase",
        ),
        (
            {"xs": [numpy.zeros((2, 3)), numpy.zeros((1, 3))]},
            ValueError,
            r"xs\[0\] has dtype float64, but cost has float32",
        ),
        ({"ys": [numpy.zeros(2, numpy.int32)]}, ValueError, "one entry per step of xs"),
        (
            {"ys": [numpy.zeros(2, numpy.int32), numpy.zeros(2, numpy.int32)]},
            ValueError,
            r"ys\[1\] must have shape \(1,\)",
        ),
        (
            {"ys": [numpy.zeros(2, numpy.float32), numpy.zeros(1, numpy.int32)]},
            TypeError,
            r"ys\[0\] must be an integer array",
        ),
        (
            {"ys": [numpy.array([0, 3], numpy.int32), numpy.zeros(1, numpy.int32)]},
            ValueError,
            "0 <= y < K = 3",
        ),
    ],
)
def test_bad_arguments(change, error, match):
    cost, xs, ys = _valid_args()
    args = {"cost": cost, "xs": xs, "ys": ys, "reduce": "mean"}
    args.update(change)
    with pytest.raises(error, match=match):
        crf1d(**args)


def test_argmax_bad_arguments():
    cost, xs, _ = _valid_args()
    with pytest.raises(ValueError, match="batch sizes of xs must not increase"):
        argmax_crf1d(cost, xs[::-1])
    with pytest.raises(ValueError, match=r"cost must have shape \(K, K\)"):
        argmax_crf1d(numpy.zeros(3, numpy.float32), xs)
