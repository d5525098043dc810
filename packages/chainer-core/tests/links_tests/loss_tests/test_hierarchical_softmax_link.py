"""L.BinaryHierarchicalSoftmax: the tree loss against NumPy, gradients, Huffman trees."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.loss.hierarchical_softmax import BinaryHierarchicalSoftmax

_BACKENDS = [{}, {"use_cuda": True}]


def _walks(tree):
    """{word: [(internal node, direction)]}, internal nodes numbered in pre-order."""
    walks = {}
    counter = [0]

    def visit(node, walk):
        if isinstance(node, tuple):
            index = counter[0]
            counter[0] += 1
            visit(node[0], walk + [(index, 1.0)])
            visit(node[1], walk + [(index, -1.0)])
        else:
            walks[node] = walk

    visit(tree, [])
    return walks


def _softplus(v):
    return numpy.logaddexp(0.0, v)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "tree": [((0, 1), (2, 3)), (((0, 1), 2), ((3, 4), 5)), (0, (1, (2, 3)))],
            "dtype": [numpy.float32, numpy.float64],
        }
    ),
    {"tree": ((0, 1), (2, 3)), "dtype": numpy.float16},
)
@testing.fix_random()
class TestBinaryHierarchicalSoftmax(testing.LinkTestCase):
    param_names = ("W",)
    in_size = 3
    batch = 5

    def setUp(self):
        self.walks = _walks(self.tree)
        self.n_internal = sum(1 for _ in self._internal(self.tree))
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-2, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def _internal(self, node):
        if isinstance(node, tuple):
            yield node
            for child in node:
                yield from self._internal(child)

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        return BinaryHierarchicalSoftmax(self.in_size, self.tree, dtype=self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (self.batch, self.in_size)).astype(self.dtype)
        t = numpy.random.randint(0, len(self.walks), self.batch).astype(numpy.int32)
        return x, t

    def forward_expected(self, link, inputs):
        x, t = inputs
        W = link.W.array.astype(numpy.float64)
        loss = 0.0
        for xi, ti in zip(x.astype(numpy.float64), t, strict=True):
            for node, code in self.walks[int(ti)]:
                loss += _softplus(-code * W[node] @ xi)
        return (numpy.asarray(loss, self.dtype),)


def test_weight_shape_and_default_initializer():
    numpy.random.seed(0)
    link = BinaryHierarchicalSoftmax(4, ((0, 1), (2, (3, 4))))
    assert link.W.shape == (4, 4) and link.W.dtype == numpy.float32
    assert (link.W.array >= -1).all() and (link.W.array < 1).all()
    assert BinaryHierarchicalSoftmax(2, (0, 1), dtype=numpy.float64).W.dtype == numpy.float64


def test_create_huffman_tree():
    assert BinaryHierarchicalSoftmax.create_huffman_tree({0: 8, 1: 5, 2: 6, 3: 4}) == (
        (3, 1),
        (2, 0),
    )
    assert BinaryHierarchicalSoftmax.create_huffman_tree({7: 1}) == 7
    counts = {i: c for i, c in enumerate([50, 1, 1, 1, 1, 1, 1, 1])}
    tree = BinaryHierarchicalSoftmax.create_huffman_tree(counts)
    walks = _walks(tree)
    assert sorted(walks) == list(range(8))
    assert len(walks[0]) == 1  # the frequent word sits next to the root
    with pytest.raises(ValueError, match="empty"):
        BinaryHierarchicalSoftmax.create_huffman_tree({})


def test_probabilities_sum_to_one():
    tree = (((0, 1), 2), ((3, 4), 5))
    link = BinaryHierarchicalSoftmax(3, tree, dtype=numpy.float64)
    x = numpy.random.RandomState(0).uniform(-1, 1, (1, 3))
    total = sum(numpy.exp(-float(link(x, numpy.array([w], numpy.int32)).array)) for w in range(6))
    assert total == pytest.approx(1.0)


def test_words_missing_from_the_tree_cost_nothing():
    link = BinaryHierarchicalSoftmax(2, (0, 3))
    loss = link(numpy.ones((2, 2), numpy.float32), numpy.array([1, 2], numpy.int32))
    assert float(loss.array) == 0.0


def test_errors():
    with pytest.raises(ValueError, match="must be a pair"):
        BinaryHierarchicalSoftmax(2, ((0, 1, 2), 3))
    with pytest.raises(ValueError, match="non-negative int word ids"):
        BinaryHierarchicalSoftmax(2, ("a", "b"))
    with pytest.raises(ValueError, match="appears twice"):
        BinaryHierarchicalSoftmax(2, (0, 0))
    link = BinaryHierarchicalSoftmax(2, ((0, 1), 2))
    x = numpy.ones((2, 2), numpy.float32)
    with pytest.raises(ValueError, match=r"in \[0, 3\)"):
        link(x, numpy.array([0, 3], numpy.int32))
    with pytest.raises(ValueError, match="shape"):
        link(x, numpy.array([0], numpy.int32))
    with pytest.raises(TypeError, match="signed integer"):
        link(x, numpy.array([0.0, 1.0], numpy.float32))


def test_copy_shares_the_tree():
    link = BinaryHierarchicalSoftmax(2, ((0, 1), 2))
    x = numpy.ones((1, 2), numpy.float32)
    t = numpy.array([2], numpy.int32)
    copied = link.copy(mode="copy")
    assert float(copied(x, t).array) == pytest.approx(float(link(x, t).array))
    assert chainer.backend.get_array_module(copied.W.array) is numpy


@testing.attr.gpu
def test_gpu_tables_follow_the_link():
    import cupy

    link = BinaryHierarchicalSoftmax(2, ((0, 1), 2))
    x = numpy.ones((2, 2), numpy.float32)
    t = numpy.array([0, 2], numpy.int32)
    expected = float(link(x, t).array)
    link.to_device("@cupy:0")
    loss = link(cupy.asarray(x), cupy.asarray(t))
    assert isinstance(loss.array, cupy.ndarray)
    assert float(loss.array) == pytest.approx(expected, rel=1e-5)
    link.to_device("@numpy")
    assert float(link(x, t).array) == pytest.approx(expected, rel=1e-5)
