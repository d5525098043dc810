"""F.shift."""

import numpy
import pytest

from chainer import testing
from chainer.functions.connection.shift import shift
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _reference(x, kh, kw, dy, dx):
    """Group ``g`` of ``C // (kh * kw)`` channels moves by kernel position ``p(g)``, where
    ``p`` swaps the center position with the last one; the last group takes the rest."""
    n, c, h, w = x.shape
    n_groups = kh * kw
    size = c // n_groups
    center = (n_groups - 1) // 2
    y = numpy.zeros_like(x)
    for ch in range(c):
        g = min(ch // size, n_groups - 1)
        pos = {center: n_groups - 1, n_groups - 1: center}.get(g, g)
        oy = (pos // kw - kh // 2) * dy
        ox = (pos % kw - kw // 2) * dx
        for i in range(h):
            for j in range(w):
                if 0 <= i - oy < h and 0 <= j - ox < w:
                    y[:, ch, i, j] = x[:, ch, i - oy, j - ox]
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (x shape, ksize, dilate)
            "config": [
                ((2, 9, 4, 5), 3, 1),
                ((1, 11, 5, 4), 3, 2),
                ((1, 7, 3, 6), (1, 5), (1, -1)),
                ((1, 9, 4, 4), 3, (3, 1)),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestShift(testing.FunctionTestCase):
    def setUp(self):
        self.x_shape, self.ksize, self.dilate = self.config
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-2 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (shift(inputs[0], ksize=self.ksize, dilate=self.dilate),)

    def forward_expected(self, inputs):
        kh, kw = (self.ksize, self.ksize) if isinstance(self.ksize, int) else self.ksize
        dy, dx = (self.dilate, self.dilate) if isinstance(self.dilate, int) else self.dilate
        return (_reference(inputs[0], kh, kw, dy, dx),)


def test_group_offsets_3x3():
    # One channel per group: the kernel positions in order, with the center last.
    x = numpy.zeros((1, 9, 3, 3), numpy.float32)
    x[:, :, 1, 1] = 1
    y = shift(x).array
    expected_positions = [(0, 0), (0, 1), (0, 2), (1, 0), (2, 2), (1, 2), (2, 0), (2, 1), (1, 1)]
    for ch, (a, b) in enumerate(expected_positions):
        # A pixel at the center moves by (a - 1, b - 1).
        assert y[0, ch, 1 + (a - 1), 1 + (b - 1)] == 1
        assert y[0, ch].sum() == 1


def test_too_few_channels():
    with pytest.raises(type_check.InvalidType) as info:
        shift(numpy.zeros((1, 8, 3, 3), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: Shift (Forward)" in message
    assert "x.shape[1] >= 9" in message


def test_not_4d():
    with pytest.raises(type_check.InvalidType, match="x.ndim == 4"):
        shift(numpy.zeros((9, 3, 3), numpy.float32))


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"ksize": 2}, ValueError, "ksize must be odd, got 2"),
        ({"ksize": (3, 4)}, ValueError, r"ksize must be odd, got \(3, 4\)"),
        ({"ksize": 0}, ValueError, "ksize must be at least 1"),
        ({"ksize": 3.0}, TypeError, "ksize must be an int or a pair of ints"),
        ({"dilate": 0}, ValueError, "dilate must not be 0"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        shift(numpy.zeros((1, 9, 3, 3), numpy.float32), **kwargs)
