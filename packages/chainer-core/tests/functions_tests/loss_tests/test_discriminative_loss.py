"""F.discriminative_margin_based_clustering_loss."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.loss.discriminative_loss import (
    discriminative_margin_based_clustering_loss as discriminative_loss,
)

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 2e-2, "rtol": 2e-2}
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


def _norm(v, order):
    v = numpy.asarray(v)
    return numpy.abs(v).sum() if order == 1 else numpy.sqrt((v * v).sum())


def _reference(emb, labels, delta_v, delta_d, n_cluster, order, alpha, beta, gamma):
    """The three terms, by loops over instances, images and pixels."""
    emb = emb.astype(numpy.float64)
    n_batch, _, height, width = emb.shape
    means = numpy.zeros((n_cluster, n_batch, emb.shape[1]))
    counts = numpy.zeros((n_cluster, n_batch))
    for c in range(n_cluster):
        for b in range(n_batch):
            pixels = [
                (i, j) for i in range(height) for j in range(width) if labels[b, i, j] == c + 1
            ]
            counts[c, b] = len(pixels)
            if pixels:
                means[c, b] = numpy.mean([emb[b, :, i, j] for i, j in pixels], axis=0)
    variance = 0.0
    for c in range(n_cluster):
        total = 0.0
        for b in range(n_batch):
            for i in range(height):
                for j in range(width):
                    if labels[b, i, j] == c + 1:
                        d = _norm(means[c, b] - emb[b, :, i, j], order)
                        total += max(d - delta_v, 0.0) ** 2
        variance += total / max(counts[c].sum(), 1)
    variance /= n_cluster
    distance = 0.0
    pairs = 0
    for c in range(n_cluster):
        for c2 in range(c + 1, n_cluster):
            pairs += 1
            for b in range(n_batch):
                d = _norm(means[c, b] - means[c2, b], order)
                distance += max(2 * delta_d - d, 0.0) ** 2
    distance /= max(pairs * n_batch, 1)
    regularization = sum(_norm(means[c], order) for c in range(n_cluster)) / (n_cluster * n_batch)
    return alpha * variance, beta * distance, gamma * regularization


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "norm": [1, 2],
            "margins": [(0.3, 1.0), (0.05, 0.2)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDiscriminativeLoss(testing.FunctionTestCase):
    n_cluster = 3
    shape = (2, 3, 3, 4)
    weights = (1.0, 0.7, 0.01)

    def setUp(self):
        _options(self, self.dtype)
        n_batch, _, height, width = self.shape
        # Labels 0 (background), 1..3 (instances) and 4 (beyond max_embedding_dim).
        self.labels = numpy.random.randint(0, 5, (n_batch, height, width)).astype(numpy.int32)
        self.labels[1][self.labels[1] == 2] = 3  # instance 2 is absent from image 1

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        delta_v, delta_d = self.margins
        return discriminative_loss(
            inputs[0],
            device.send(self.labels),
            delta_v,
            delta_d,
            self.n_cluster,
            self.norm,
            *self.weights,
        )

    def forward_expected(self, inputs):
        delta_v, delta_d = self.margins
        terms = _reference(
            inputs[0], self.labels, delta_v, delta_d, self.n_cluster, self.norm, *self.weights
        )
        return tuple(numpy.asarray(term).astype(self.dtype) for term in terms)


def test_l2_gradient_is_finite_with_absent_instances():
    # Chainer v7's L2 norm gave NaN gradients at zero distances; here they are 0.
    emb = chainer.Variable(numpy.random.RandomState(0).randn(1, 3, 2, 2))
    labels = numpy.array([[[1, 1], [0, 0]]], numpy.int32)
    terms = discriminative_loss(emb, labels, 0.1, 1.0, 3, norm=2)
    chainer.functions.sum(chainer.functions.stack(terms)).backward()
    assert numpy.isfinite(emb.grad).all()
    numpy.testing.assert_array_equal(emb.grad[0, :, 1], 0)  # background pixels


def test_single_instance_has_no_distance_term():
    emb = numpy.random.RandomState(1).randn(2, 1, 2, 2).astype(numpy.float32)
    labels = numpy.ones((2, 2, 2), numpy.int32)
    _, distance, _ = discriminative_loss(emb, labels, 0.5, 1.5, 1)
    assert distance.shape == ()
    assert distance.array == 0


def test_float16_keeps_dtype():
    terms = discriminative_loss(
        numpy.zeros((1, 2, 2, 2), numpy.float16), numpy.ones((1, 2, 2), numpy.int32), 0.5, 1.5, 2
    )
    assert all(term.dtype == numpy.float16 for term in terms)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"max_embedding_dim": 0}, ValueError, "max_embedding_dim must be positive"),
        ({"max_embedding_dim": 2.0}, TypeError, "max_embedding_dim must be an int"),
        (
            {"max_embedding_dim": 2},
            ValueError,
            r"embeddings.shape\[1\] must equal max_embedding_dim = 2",
        ),
        ({"norm": 3}, ValueError, "norm must be 1 or 2, not 3"),
        ({"delta_v": -0.1}, ValueError, "delta_v must be at least 0"),
        ({"delta_d": "1"}, TypeError, "delta_d must be a real number"),
        ({"alpha": None}, TypeError, "alpha must be a real number"),
        ({"embeddings": numpy.zeros((2, 3, 4), numpy.float32)}, ValueError, r"4-D \(B, C, H, W\)"),
        (
            {"labels": numpy.zeros((2, 4, 4), numpy.int32)},
            ValueError,
            r"labels must have shape \(B, H, W\)",
        ),
        ({"labels": numpy.zeros((2, 4, 5))}, TypeError, "labels must be a signed integer array"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    args = {
        "embeddings": numpy.zeros((2, 3, 4, 5), numpy.float32),
        "labels": numpy.zeros((2, 4, 5), numpy.int32),
        "delta_v": 0.5,
        "delta_d": 1.5,
        "max_embedding_dim": 3,
    }
    args.update(kwargs)
    with pytest.raises(error, match=match):
        discriminative_loss(**args)
