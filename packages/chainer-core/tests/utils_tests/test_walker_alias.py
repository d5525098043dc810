"""chainer.utils.WalkerAlias: sampling frequencies against the given probabilities."""

import pickle

import numpy
import pytest

import chainer
from chainer import testing
from chainer.utils import WalkerAlias


@pytest.mark.parametrize(
    "probs",
    [
        [0.5, 0.5],
        [1.0, 2.0, 3.0, 4.0],
        [0.0, 5.0, 0.0, 1.0, 0.1],
        numpy.random.default_rng(3).random(50),
    ],
)
def test_frequencies_match_probabilities(probs):
    numpy.random.seed(0)
    probs = numpy.asarray(probs, numpy.float64)
    expected = probs / probs.sum()
    n_draws = 200_000
    samples = WalkerAlias(probs).sample((n_draws,))
    assert samples.dtype == numpy.int32 and samples.shape == (n_draws,)
    counts = numpy.bincount(samples, minlength=probs.size)
    assert counts.size == probs.size
    # Five binomial standard deviations per outcome; zero-probability outcomes never appear.
    tolerance = 5 * numpy.sqrt(n_draws * expected * (1 - expected)) + 1e-9
    numpy.testing.assert_array_less(numpy.abs(counts - n_draws * expected), tolerance + 1)
    assert (counts[expected == 0] == 0).all()


def test_tables_describe_the_distribution_exactly():
    # P(i) = (threshold[i] + sum of (1 - threshold[k]) over bins k aliasing to i) / n.
    probs = numpy.array([0.1, 0.2, 0.3, 0.4, 0.0, 1.0])
    walker = WalkerAlias(probs)
    n = probs.size
    mass = walker.threshold.copy()
    numpy.add.at(mass, walker.values, 1.0 - walker.threshold)
    numpy.testing.assert_allclose(mass / n, probs / probs.sum(), atol=1e-12)


def test_sample_shape():
    samples = WalkerAlias([1.0, 1.0, 2.0]).sample((4, 5))
    assert samples.shape == (4, 5)
    assert samples.min() >= 0 and samples.max() <= 2


@pytest.mark.parametrize(
    "probs, message",
    [
        ([], "non-empty 1-D"),
        ([[0.5, 0.5]], "non-empty 1-D"),
        ([0.5, -0.1], "non-negative"),
        ([0.0, 0.0], "positive sum"),
        ([numpy.nan, 1.0], "finite"),
    ],
)
def test_bad_probs_are_rejected(probs, message):
    with pytest.raises(ValueError, match=message):
        WalkerAlias(probs)


def test_pickles_and_stays_on_cpu():
    walker = pickle.loads(pickle.dumps(WalkerAlias([1.0, 3.0])))
    assert not walker.use_gpu
    assert walker.device == chainer.get_device("@numpy")
    with pytest.raises(RuntimeError, match="to_gpu"):
        walker.sample_gpu((2,))


@testing.attr.gpu
def test_gpu_sampling():
    import cupy

    walker = WalkerAlias([0.0, 1.0, 3.0]).to_gpu()
    assert walker.use_gpu and isinstance(walker.threshold, cupy.ndarray)
    samples = walker.sample((100_000,))
    assert isinstance(samples, cupy.ndarray)
    counts = numpy.bincount(cupy.asnumpy(samples), minlength=3)
    assert counts[0] == 0
    assert abs(counts[2] / counts.sum() - 0.75) < 0.01
