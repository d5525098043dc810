"""F.max_pooling_1d/2d/3d/nd against a naive loop over windows."""

import itertools

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.functions.pooling.max_pooling_nd import (
    MaxPoolingND,
    max_pooling_1d,
    max_pooling_3d,
    max_pooling_nd,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

_FUNCS = {"1d": max_pooling_1d, "2d": max_pooling_2d, "3d": max_pooling_3d, "nd": max_pooling_nd}


def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


def _outsize(d, k, s, p, cover_all):
    if cover_all:
        return (d + 2 * p - k + s - 1) // s + 1
    return (d + 2 * p - k) // s + 1


def naive_max_pooling(x, ksize, stride, pad, cover_all):
    """Maxima and flat window offsets, one window and one offset at a time."""
    n = x.ndim - 2
    k = _tuple(ksize, n)
    s = k if stride is None else _tuple(stride, n)
    p = _tuple(pad, n)
    out = tuple(_outsize(d, *a, cover_all) for d, *a in zip(x.shape[2:], k, s, p))
    y = numpy.zeros(x.shape[:2] + out, x.dtype)
    idx = numpy.zeros(y.shape, numpy.int32)
    for b, c in numpy.ndindex(*x.shape[:2]):
        for o in numpy.ndindex(*out):
            best, best_j = -numpy.inf, 0
            for j_flat, j in enumerate(itertools.product(*(range(kk) for kk in k))):
                pos = tuple(oo * ss - pp + jj for oo, ss, pp, jj in zip(o, s, p, j))
                if all(0 <= q < d for q, d in zip(pos, x.shape[2:])):
                    v = x[(b, c) + pos]
                    if v > best:
                        best, best_j = v, j_flat
            y[(b, c) + o] = best
            idx[(b, c) + o] = best_j
    return y, idx


def distinct_values(shape, dtype):
    """Values in [-1, 1) at least 2 / size apart (no ties, and no kink within eps)."""
    size = int(numpy.prod(shape))
    values = numpy.random.permutation(size).astype(numpy.float64) * (2.0 / size) - 1.0
    return values.reshape(shape).astype(dtype)


_CASES = [
    # (function, x shape, ksize, stride, pad, cover_all)
    ("1d", (2, 3, 7), 3, 2, 1, True),
    ("2d", (2, 3, 5, 6), 3, 2, 1, True),
    ("2d", (1, 2, 5, 7), (2, 3), (2, 1), 0, False),
    ("2d", (2, 2, 4, 4), 2, None, 0, True),
    ("2d", (1, 2, 5, 7), (1, 2), (2, 3), 0, True),  # gaps between windows
    ("3d", (1, 2, 4, 3, 4), 2, (1, 2, 2), (1, 0, 0), True),
    ("nd", (1, 2, 5, 4), (3, 2), 2, (1, 0), False),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestMaxPooling(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        self.func, self.shape, self.ksize, self.stride, self.pad, self.cover_all = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 2e-2 if self.dtype == numpy.float16 else 1e-4
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (distinct_values(self.shape, self.dtype),)

    def forward(self, inputs, device):
        f = _FUNCS[self.func]
        return (f(inputs[0], self.ksize, self.stride, self.pad, self.cover_all),)

    def forward_expected(self, inputs):
        y, _ = naive_max_pooling(inputs[0], self.ksize, self.stride, self.pad, self.cover_all)
        return (y,)


@pytest.mark.parametrize("case", _CASES)
def test_return_indices(case):
    func, shape, ksize, stride, pad, cover_all = case
    x = distinct_values(shape, numpy.float32)
    y, indexes = _FUNCS[func](x, ksize, stride, pad, cover_all, return_indices=True)
    expected_y, expected_idx = naive_max_pooling(x, ksize, stride, pad, cover_all)
    numpy.testing.assert_array_equal(y.array, expected_y)
    assert indexes.dtype == numpy.int32
    numpy.testing.assert_array_equal(indexes, expected_idx)


def test_gradient_goes_to_the_first_maximum_on_ties():
    x = chainer.Variable(numpy.array([[[1.0, 3.0, 3.0, 2.0]]], numpy.float32))
    y = max_pooling_1d(x, 3, 1, cover_all=False)
    y.grad = numpy.array([[[1.0, 10.0]]], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [[[0.0, 11.0, 0.0, 0.0]]])


def test_padding_never_wins():
    x = numpy.full((1, 1, 2, 2), -5.0, numpy.float32)
    y = max_pooling_2d(x, 3, 1, 1)
    numpy.testing.assert_array_equal(y.array, numpy.full((1, 1, 2, 2), -5.0))


def test_second_order_gradient_of_indices():
    # d/dx of sum(w * grad(sum(g * pool(x)))) is zero, but grad(gx) w.r.t. gy
    # gathers w at the maxima: check it against the forward indices.
    x = chainer.Variable(distinct_values((1, 2, 4, 4), numpy.float64))
    y, idx = max_pooling_2d(x, 2, return_indices=True)
    gy = chainer.Variable(numpy.ones(y.shape))
    (gx,) = chainer.grad([y], [x], [gy], enable_double_backprop=True)
    w = numpy.arange(x.size, dtype=numpy.float64).reshape(x.shape)
    (ggy,) = chainer.grad([gx], [gy], [chainer.Variable(w)])
    expected = numpy.empty(y.shape)
    for b, c, i, j in numpy.ndindex(*y.shape):
        a, e = divmod(int(idx[b, c, i, j]), 2)
        expected[b, c, i, j] = w[b, c, 2 * i + a, 2 * j + e]
    numpy.testing.assert_array_equal(ggy.array, expected)


def test_bad_dtype_and_ndim():
    with pytest.raises(type_check.InvalidType) as info:
        max_pooling_2d(numpy.ones((1, 1, 4, 4), numpy.int32), 2)
    assert "Invalid operation is performed in: MaxPoolingND (Forward)" in str(info.value)
    assert "x.dtype.kind == f" in str(info.value).replace("'", "")
    # As in Chainer v7, the 1-d, 2-d and 3-d forms check the rank themselves.
    with pytest.raises(ValueError, match=r"max_pooling_2d: x must have shape \(n, c\) \+ 2"):
        max_pooling_2d(numpy.ones((1, 4, 4), numpy.float32), 2)
    with pytest.raises(ValueError, match=r"got shape \(1, 1, 4, 4\) \(2 spatial axes\)"):
        max_pooling_1d(numpy.ones((1, 1, 4, 4), numpy.float32), 2)
    with pytest.raises(ValueError, match="max_pooling_nd: x must have shape"):
        max_pooling_nd(numpy.ones((1, 4), numpy.float32), 2)


def test_window_larger_than_input():
    with pytest.raises(type_check.InvalidType) as info:
        max_pooling_2d(numpy.ones((1, 1, 2, 2), numpy.float32), 3, cover_all=False)
    assert "x.shape == (1, 1, 2, 2) gives an output of spatial size (0, 0)" in str(info.value)


def test_bad_arguments():
    x = numpy.ones((1, 1, 4, 4), numpy.float32)
    with pytest.raises(TypeError, match="max_pooling_2d: ksize must be an int or a tuple of 2"):
        max_pooling_2d(x, (2, 2, 2))
    with pytest.raises(TypeError, match="max_pooling_2d: ksize must be an int"):
        max_pooling_2d(x, 2.0)
    with pytest.raises(ValueError, match="max_pooling_2d: stride must be at least 1"):
        max_pooling_2d(x, 2, stride=0)
    with pytest.raises(ValueError, match="max_pooling_3d: pad must be at least 0"):
        max_pooling_3d(numpy.ones((1, 1, 4, 4, 4), numpy.float32), 2, pad=-1)


def test_node_attributes():
    node = MaxPoolingND(2, 3, None, 1, cover_all=False)
    assert node.ksize == (3, 3)
    assert node.stride == (3, 3)
    assert node.pad == (1, 1)
    assert node.cover_all is False
