"""F.unpooling_1d/2d/3d/nd against a naive loop over windows."""

import itertools

import numpy
import pytest

from chainer import testing
from chainer.functions.pooling.unpooling_2d import unpooling_2d
from chainer.functions.pooling.unpooling_nd import unpooling_1d, unpooling_3d, unpooling_nd
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]
_FUNCS = {"1d": unpooling_1d, "2d": unpooling_2d, "3d": unpooling_3d, "nd": unpooling_nd}


def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


def naive_unpooling(x, ksize, stride, pad, outsize, cover_all):
    n = x.ndim - 2
    k = _tuple(ksize, n)
    s = k if stride is None else _tuple(stride, n)
    p = _tuple(pad, n)
    if outsize is None:
        outsize = tuple(
            ss * (d - 1) + kk - 2 * pp + ((1 - ss) if cover_all else 0)
            for d, kk, ss, pp in zip(x.shape[2:], k, s, p)
        )
    else:
        outsize = _tuple(outsize, n)
    y = numpy.zeros(x.shape[:2] + outsize)
    for b, c in numpy.ndindex(*x.shape[:2]):
        for o in numpy.ndindex(*x.shape[2:]):
            for j in itertools.product(*(range(kk) for kk in k)):
                pos = tuple(oo * ss - pp + jj for oo, ss, pp, jj in zip(o, s, p, j))
                if all(0 <= q < d for q, d in zip(pos, outsize)):
                    y[(b, c) + pos] += x[(b, c) + o]
    return y.astype(x.dtype)


_CASES = [
    # (function, x shape, ksize, stride, pad, outsize, cover_all)
    ("1d", (2, 3, 4), 2, None, 0, None, True),
    ("1d", (2, 3, 4), 3, 2, 1, None, False),
    ("2d", (2, 3, 3, 4), 2, None, 0, None, True),
    ("2d", (1, 2, 3, 3), (3, 2), (2, 1), (1, 0), (5, 4), True),
    ("2d", (1, 2, 3, 4), 3, 2, 1, None, False),
    ("3d", (1, 2, 2, 3, 2), (2, 1, 3), (1, 2, 2), (0, 0, 1), None, True),
    ("nd", (1, 2, 3, 2), 2, 2, 1, (4, 2), False),
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
class TestUnpooling(testing.FunctionTestCase):
    def setUp(self):
        (self.func, self.shape, self.ksize, self.stride, self.pad, self.outsize, self.cover_all) = (
            self.case
        )
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 2e-3, "rtol": 2e-3}
            self.check_backward_options = {"atol": 3e-2, "rtol": 3e-2}
            self.check_double_backward_options = {"atol": 3e-2, "rtol": 3e-2}
        else:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        f = _FUNCS[self.func]
        return (f(inputs[0], self.ksize, self.stride, self.pad, self.outsize, self.cover_all),)

    def forward_expected(self, inputs):
        x = inputs[0]
        return (
            naive_unpooling(x, self.ksize, self.stride, self.pad, self.outsize, self.cover_all),
        )


def test_repeats_each_element():
    x = numpy.arange(4, dtype=numpy.float32).reshape(1, 1, 2, 2)
    y = unpooling_2d(x, 2, cover_all=False)
    numpy.testing.assert_array_equal(y.array[0, 0], numpy.kron(x[0, 0], numpy.ones((2, 2))))


def test_outsize_that_does_not_pool_back():
    x = numpy.ones((1, 1, 3, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        unpooling_2d(x, 2, outsize=(9, 6))
    message = str(info.value)
    assert "Invalid operation is performed in: UnpoolingND (Forward)" in message
    assert "outsize (9, 6) pools back to the spatial size of x, (5, 3)" in message


def test_bad_arguments():
    x = numpy.ones((1, 1, 3, 3), numpy.float32)
    with pytest.raises(TypeError, match="unpooling_2d: outsize must be an int or a tuple of 2"):
        unpooling_2d(x, 2, outsize=(4, 4, 4))
    with pytest.raises(ValueError, match="unpooling_2d: ksize must be at least 1"):
        unpooling_2d(x, 0)
    with pytest.raises(ValueError, match=r"unpooling_1d: x must have shape \(n, c\) \+ 1"):
        unpooling_1d(x, 2)
    with pytest.raises(type_check.InvalidType, match=r"x\.ndim == 4"):
        unpooling_2d(x[0], 2)
    with pytest.raises(ValueError, match="unpooling_nd: x must have shape"):
        unpooling_nd(numpy.ones((3, 3), numpy.float32), 2)
