"""F.embed_id."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.connection.embed_id import embed_id
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "x_shape": [(4,), (2, 3)],
            "ignore_label": [None, -1, 2],
            "x_dtype": [numpy.int32, numpy.int64],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestEmbedID(testing.FunctionTestCase):
    n_vocab = 4

    def setUp(self):
        tol = 1e-2 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        low = -1 if self.ignore_label == -1 else 0
        x = numpy.random.randint(low, self.n_vocab, self.x_shape)
        # Repeated IDs, so that the weight gradient must add rows up.
        x.flat[-1] = x.flat[0]
        if self.ignore_label is not None:
            x.flat[1] = self.ignore_label
        W = numpy.random.uniform(-1, 1, (self.n_vocab, 3)).astype(self.dtype)
        return x.astype(self.x_dtype), W

    def forward(self, inputs, device):
        x, W = inputs
        return (embed_id(x, W, ignore_label=self.ignore_label),)

    def forward_expected(self, inputs):
        x, W = inputs
        y = numpy.zeros(x.shape + (W.shape[1],), self.dtype)
        for idx in numpy.ndindex(*x.shape):
            if x[idx] != self.ignore_label:
                y[idx] = W[x[idx]]
        return (y,)


def test_weight_gradient_adds_repeated_ids_and_skips_ignored():
    W = chainer.Variable(numpy.zeros((3, 2), numpy.float32))
    y = embed_id(numpy.array([1, 1, -1, 0], numpy.int32), W, ignore_label=-1)
    y.grad = numpy.arange(8, dtype=numpy.float32).reshape(4, 2)
    y.backward()
    numpy.testing.assert_array_equal(W.grad, [[6, 7], [2, 4], [0, 0]])


def test_ignored_rows_are_zero_even_for_non_finite_weights():
    W = numpy.full((2, 2), numpy.inf, numpy.float32)
    y = embed_id(numpy.array([0, 5], numpy.int32), W, ignore_label=5)
    assert numpy.isinf(y.array[0]).all()
    numpy.testing.assert_array_equal(y.array[1], [0, 0])


def test_uint8_ids():
    W = numpy.arange(6, dtype=numpy.float32).reshape(3, 2)
    y = embed_id(numpy.array([2, 0], numpy.uint8), W)
    numpy.testing.assert_array_equal(y.array, [[4, 5], [0, 1]])


@pytest.mark.parametrize("ids, ignore", [([0, 3], None), ([-1, 0], None), ([-2, -1], -1)])
def test_id_out_of_range(ids, ignore):
    W = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(ValueError, match=r"0 <= x < len\(W\) = 3"):
        embed_id(numpy.array(ids, numpy.int32), W, ignore_label=ignore)


def test_float_ids():
    with pytest.raises(type_check.InvalidType) as info:
        embed_id(numpy.zeros(2, numpy.float32), numpy.zeros((3, 2), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: EmbedIDFunction (Forward)" in message
    assert "x.dtype.kind in (i, u)" in message
    assert "x.dtype == float32" in message


def test_w_not_matrix():
    with pytest.raises(type_check.InvalidType, match="W.ndim == 2"):
        embed_id(numpy.zeros(2, numpy.int32), numpy.zeros(3, numpy.float32))


def test_ignore_label_not_int():
    with pytest.raises(TypeError, match="ignore_label must be None or an int"):
        embed_id(numpy.zeros(2, numpy.int32), numpy.zeros((3, 2), numpy.float32), 0.5)
