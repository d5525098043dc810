"""F.average_pooling_1d/2d/3d/nd against a naive loop over windows."""

import itertools

import numpy
import pytest

from chainer import testing
from chainer.functions.pooling.average_pooling_2d import average_pooling_2d
from chainer.functions.pooling.average_pooling_nd import (
    average_pooling_1d,
    average_pooling_3d,
    average_pooling_nd,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


def naive_average_pooling(x, ksize, stride, pad, pad_value):
    n = x.ndim - 2
    k = _tuple(ksize, n)
    s = k if stride is None else _tuple(stride, n)
    p = _tuple(pad, n)
    out = tuple((d + 2 * pp - kk) // ss + 1 for d, kk, ss, pp in zip(x.shape[2:], k, s, p))
    x64 = x.astype(numpy.float64)
    y = numpy.zeros(x.shape[:2] + out)
    for b, c in numpy.ndindex(*x.shape[:2]):
        for o in numpy.ndindex(*out):
            total, count = 0.0, 0
            for j in itertools.product(*(range(kk) for kk in k)):
                pos = tuple(oo * ss - pp + jj for oo, ss, pp, jj in zip(o, s, p, j))
                if all(0 <= q < d for q, d in zip(pos, x.shape[2:])):
                    total += x64[(b, c) + pos]
                    count += 1
            y[(b, c) + o] = total / (count if pad_value is None else numpy.prod(k))
    return y.astype(x.dtype)


_CASES = [
    # (function, x shape, ksize, stride, pad, pad_value)
    ("1d", (2, 3, 7), 3, 2, 1, 0),
    ("1d", (2, 3, 7), 3, 2, 1, None),
    ("2d", (2, 3, 5, 6), 3, 2, 1, 0),
    ("2d", (1, 2, 5, 7), (2, 3), (2, 1), 0, 0),
    ("2d", (2, 2, 4, 4), 2, None, 0, 0),
    ("nd", (1, 2, 5, 7), (1, 2), (2, 3), (0, 1), None),  # gaps between windows
    ("nd", (1, 2, 5, 6), 3, (2, 1), (1, 2), None),
    ("3d", (1, 2, 4, 3, 4), 2, (1, 2, 2), (1, 0, 1), None),
    ("3d", (1, 2, 3, 4, 3), (2, 3, 2), 1, 0, 0),
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
class TestAveragePooling(testing.FunctionTestCase):
    def setUp(self):
        self.func, self.shape, self.ksize, self.stride, self.pad, self.pad_value = self.case
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_backward_options = {"atol": 2e-2, "rtol": 2e-2}
            self.check_double_backward_options = {"atol": 2e-2, "rtol": 2e-2}
        else:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        if self.func == "2d":
            assert self.pad_value == 0
            return (average_pooling_2d(x, self.ksize, self.stride, self.pad),)
        f = {"1d": average_pooling_1d, "3d": average_pooling_3d, "nd": average_pooling_nd}
        return (f[self.func](x, self.ksize, self.stride, self.pad, self.pad_value),)

    def forward_expected(self, inputs):
        (x,) = inputs
        return (naive_average_pooling(x, self.ksize, self.stride, self.pad, self.pad_value),)


def test_bad_dtype_and_ndim():
    with pytest.raises(type_check.InvalidType) as info:
        average_pooling_2d(numpy.ones((1, 1, 4, 4), numpy.int32), 2)
    assert "Invalid operation is performed in: AveragePoolingND (Forward)" in str(info.value)
    with pytest.raises(type_check.InvalidType, match=r"x\.ndim == 4"):
        average_pooling_2d(numpy.ones((1, 4, 4), numpy.float32), 2)
    # As in Chainer v7, the 1-d and 3-d forms check the rank themselves.
    with pytest.raises(ValueError, match=r"average_pooling_3d: x must have shape \(n, c\) \+ 3"):
        average_pooling_3d(numpy.ones((1, 1, 4, 4), numpy.float32), 2)
    with pytest.raises(ValueError, match="average_pooling_nd: x must have shape"):
        average_pooling_nd(numpy.ones((2, 2), numpy.float32), 2)


def test_bad_arguments():
    x = numpy.ones((1, 1, 4, 4), numpy.float32)
    with pytest.raises(ValueError, match="average_pooling_nd: pad_value must be 0 or None, not 1"):
        average_pooling_nd(x, 2, pad_value=1)
    with pytest.raises(TypeError, match="average_pooling_2d: ksize must be an int or a tuple"):
        average_pooling_2d(x, (2, 2, 2))
    with pytest.raises(ValueError, match="average_pooling_1d: stride must be at least 1"):
        average_pooling_1d(numpy.ones((1, 1, 4), numpy.float32), 2, stride=-1)
    with pytest.raises(type_check.InvalidType, match="gives an output of spatial size"):
        average_pooling_2d(x, 5)
