"""L.Inception: forward against NumPy, gradients of every convolution, structure."""

import itertools

import numpy
import pytest

import chainer
from chainer import gradient_check, initializers, testing
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.inception import Inception


def _tuple(value, ndim):
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


def conv_reference(x, W, b, stride=1, pad=0, dilate=1, groups=1, cover_all=False):
    """N-d convolution in float64, one loop over the filter taps and the groups."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    nd = x.ndim - 2
    stride, pad, dilate = (_tuple(v, nd) for v in (stride, pad, dilate))
    n, c = x.shape[:2]
    c_out, c_group = W.shape[:2]
    ksize = W.shape[2:]
    out = []
    for d, k, s, p, t in zip(x.shape[2:], ksize, stride, pad, dilate):
        extra = s - 1 if cover_all else 0
        out.append((d + 2 * p - (k - 1) * t - 1 + extra) // s + 1)
    padded = numpy.zeros((n, c) + tuple(d + 2 * p + s for d, p, s in zip(x.shape[2:], pad, stride)))
    padded[
        (slice(None), slice(None)) + tuple(slice(p, p + d) for p, d in zip(pad, x.shape[2:]))
    ] = x
    o_group = c_out // groups
    y = numpy.zeros((n, c_out) + tuple(out))
    for taps in itertools.product(*(range(k) for k in ksize)):
        window = tuple(
            slice(j * t, j * t + s * (m - 1) + 1, s)
            for j, t, s, m in zip(taps, dilate, stride, out)
        )
        patch = padded[(slice(None), slice(None)) + window]
        for g in range(groups):
            w = W[(slice(g * o_group, (g + 1) * o_group), slice(None)) + taps]
            y[:, g * o_group : (g + 1) * o_group] += numpy.einsum(
                "nc...,oc->no...", patch[:, g * c_group : (g + 1) * c_group], w
            )
    if b is not None:
        y += b.astype(numpy.float64).reshape((1, c_out) + (1,) * nd)
    return y


def max_pool_3x3(x):
    """3x3 max pooling, stride 1, pad 1 (padding never wins)."""
    padded = numpy.full(x.shape[:2] + (x.shape[2] + 2, x.shape[3] + 2), -numpy.inf)
    padded[:, :, 1:-1, 1:-1] = x
    h, w = x.shape[2:]
    return numpy.max(
        [padded[:, :, u : u + h, v : v + w] for u in range(3) for v in range(3)], axis=0
    )


def inception_reference(link, x):
    def conv(layer, h, pad=0):
        return conv_reference(h, layer.W.array, layer.b.array, pad=pad)

    relu = lambda a: numpy.maximum(a, 0)  # noqa: E731
    out1 = conv(link.conv1, x)
    out3 = conv(link.conv3, relu(conv(link.proj3, x)), 1)
    out5 = conv(link.conv5, relu(conv(link.proj5, x)), 2)
    pool = conv(link.projp, max_pool_3x3(x))
    return relu(numpy.concatenate([out1, out3, out5, pool], axis=1))


def _link(in_channels):
    with chainer.using_config("dtype", numpy.float64):
        return Inception(
            in_channels,
            2,
            2,
            3,
            1,
            2,
            2,
            conv_init=initializers.Uniform(0.5),
            bias_init=initializers.Uniform(0.5),
        )


@pytest.mark.parametrize("lazy", [False, True])
def test_forward(lazy):
    numpy.random.seed(0)
    link = _link(None if lazy else 3)
    x = numpy.random.uniform(-1, 1, (2, 3, 5, 4))
    with chainer.using_config("dtype", numpy.float64):
        y = link(x)
    assert y.shape == (2, 2 + 3 + 2 + 2, 5, 4)
    testing.assert_allclose(y.array, inception_reference(link, x), atol=1e-12, rtol=1e-12)


def test_backward():
    numpy.random.seed(1)
    link = _link(2)
    # Distinct values keep the max pooling away from ties.
    x = numpy.random.permutation(2 * 2 * 4 * 4).reshape(2, 2, 4, 4) / 32.0 - 1
    gy = numpy.random.uniform(-1, 1, link(x).shape)
    link.cleargrads()
    gradient_check.check_backward(
        link,
        x,
        gy,
        params=tuple(link.params()),
        eps=1e-4,
        atol=1e-5,
        rtol=1e-4,
        detect_nondifferentiable=True,
    )


def test_structure():
    link = Inception(3, 4, 2, 5, 1, 6, 7, bias_init=0.5)
    convs = dict(link.namedlinks(skipself=True))
    assert sorted(convs) == ["/conv1", "/conv3", "/conv5", "/proj3", "/proj5", "/projp"]
    assert all(isinstance(c, Convolution2D) for c in convs.values())
    assert link.conv3.W.shape == (5, 2, 3, 3) and link.conv5.W.shape == (6, 1, 5, 5)
    assert (link.conv3.pad, link.conv5.pad) == ((1, 1), (2, 2))
    numpy.testing.assert_array_equal(link.projp.b.array, numpy.full(7, 0.5, numpy.float32))
    assert link(numpy.ones((1, 3, 3, 3), numpy.float32)).shape == (1, 4 + 5 + 6 + 7, 3, 3)


def test_bad_arguments():
    with pytest.raises(ValueError, match="Inception: out5 must be at least 1"):
        Inception(3, 4, 2, 5, 1, 0, 7)
