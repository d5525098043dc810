"""L.CRF1d: the loss and the Viterbi path against brute force, time-major and per sample."""

import itertools

import numpy
import pytest

from chainer import initializers, testing
from chainer.links.loss.crf1d import CRF1d

_BACKENDS = [{}, {"use_cuda": True}]


def _path_score(cost, x, y):
    score = sum(x[t, y[t]] for t in range(len(y)))
    return score + sum(cost[y[t - 1], y[t]] for t in range(1, len(y)))


def _nll(cost, x, y):
    paths = itertools.product(range(cost.shape[0]), repeat=len(y))
    log_z = numpy.logaddexp.reduce([_path_score(cost, x, p) for p in paths])
    return log_z - _path_score(cost, x, y)


def _best(cost, x):
    paths = list(itertools.product(range(cost.shape[0]), repeat=len(x)))
    scores = [_path_score(cost, x, p) for p in paths]
    best = int(numpy.argmax(scores))
    return scores[best], numpy.array(paths[best], numpy.int32)


def _transpose(seqs):
    return [
        numpy.stack([s[t] for s in seqs if len(s) > t]) for t in range(max(len(s) for s in seqs))
    ]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float32, numpy.float64],
            "transpose": [False, True],
            "reduce": ["mean", "no"],
        }
    )
)
@testing.fix_random()
class TestCRF1d(testing.LinkTestCase):
    param_names = ("cost",)
    n_label = 3

    def setUp(self):
        # Per-sample lengths; time-major inputs need them sorted.
        self.lengths = [2, 3, 1] if self.transpose else [3, 2, 1]
        self.ys = [
            numpy.random.randint(0, self.n_label, n).astype(numpy.int32) for n in self.lengths
        ]
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return (numpy.random.uniform(-1, 1, (self.n_label, self.n_label)).astype(self.dtype),)

    def create_link(self, initializers):
        return CRF1d(self.n_label, initial_cost=initializers[0])

    def generate_inputs(self):
        seqs = [
            numpy.random.uniform(-1, 1, (n, self.n_label)).astype(self.dtype) for n in self.lengths
        ]
        return tuple(seqs if self.transpose else _transpose(seqs))

    def forward(self, link, inputs, device):
        if self.transpose:
            ys = [device.send(y) for y in self.ys]
        else:
            ys = [device.send(y) for y in _transpose(self.ys)]
        return (link(list(inputs), ys, reduce=self.reduce, transpose=self.transpose),)

    def forward_expected(self, link, inputs):
        cost = link.cost.array.astype(numpy.float64)
        if self.transpose:
            seqs = list(inputs)
        else:
            seqs = [
                numpy.stack([x[i] for x in inputs if x.shape[0] > i])
                for i in range(inputs[0].shape[0])
            ]
        losses = numpy.array(
            [_nll(cost, s.astype(numpy.float64), y) for s, y in zip(seqs, self.ys, strict=True)]
        )
        if self.reduce == "mean":
            return (numpy.asarray(losses.mean(), self.dtype),)
        return (losses.astype(self.dtype),)


@pytest.mark.parametrize("transpose", [False, True])
def test_argmax_matches_brute_force(transpose):
    rng = numpy.random.RandomState(0)
    link = CRF1d(3, initial_cost=rng.uniform(-1, 1, (3, 3)).astype(numpy.float32))
    lengths = [2, 4, 3] if transpose else [4, 3, 2]
    seqs = [rng.uniform(-1, 1, (n, 3)).astype(numpy.float32) for n in lengths]
    score, path = link.argmax(seqs if transpose else _transpose(seqs), transpose=transpose)
    cost = link.cost.array.astype(numpy.float64)
    expected = [_best(cost, s.astype(numpy.float64)) for s in seqs]
    numpy.testing.assert_allclose(score.array, [e[0] for e in expected], rtol=1e-5)
    if transpose:
        for p, (_, e) in zip(path, expected, strict=True):
            numpy.testing.assert_array_equal(p, e)
    else:
        for p, e in zip(path, _transpose([e for _, e in expected]), strict=True):
            numpy.testing.assert_array_equal(p, e)


def test_default_cost_is_zero():
    link = CRF1d(4)
    assert link.cost.shape == (4, 4) and not link.cost.array.any()
    link = CRF1d(2, initial_cost=initializers.Constant(0.5))
    numpy.testing.assert_array_equal(link.cost.array, numpy.full((2, 2), 0.5, numpy.float32))
