"""L.MLPConvolution2D: a convolution and 1x1 convolutions, forward against NumPy, gradients."""

import itertools

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check, initializers, testing
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.mlp_convolution_2d import MLPConvolution2D


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


def mlp_reference(link, x, stride, pad, activation=lambda a: numpy.maximum(a, 0)):
    convs = list(link)
    h = conv_reference(x, convs[0].W.array, convs[0].b.array, stride, pad)
    for conv in convs[1:]:
        h = conv_reference(activation(h), conv.W.array, conv.b.array)
    return h


def _link(in_channels, out_channels=(3, 2, 4), **kwargs):
    with chainer.using_config("dtype", numpy.float64):
        return MLPConvolution2D(
            in_channels,
            out_channels,
            2,
            stride=(1, 2),
            pad=1,
            conv_init=initializers.Uniform(1.0),
            bias_init=initializers.Uniform(1.0),
            **kwargs,
        )


@pytest.mark.parametrize("lazy", [False, True])
def test_forward(lazy):
    numpy.random.seed(0)
    link = _link(None if lazy else 3)
    x = numpy.random.uniform(-1, 1, (2, 3, 4, 5))
    with chainer.using_config("dtype", numpy.float64):
        y = link(x)
    expected = mlp_reference(link, x, (1, 2), 1)
    assert y.shape == expected.shape == (2, 4, 5, 3)
    testing.assert_allclose(y.array, expected, atol=1e-12, rtol=1e-12)


def test_activation_and_backward():
    numpy.random.seed(1)
    link = _link(2, activation=F.tanh)
    x = numpy.random.uniform(-1, 1, (1, 2, 3, 3))
    expected = mlp_reference(link, x, (1, 2), 1, numpy.tanh)
    testing.assert_allclose(link(x).array, expected, atol=1e-12, rtol=1e-12)
    gy = numpy.random.uniform(-1, 1, expected.shape)
    link.cleargrads()
    gradient_check.check_backward(link, x, gy, params=tuple(link.params()), atol=1e-6, rtol=1e-5)


def test_structure():
    link = MLPConvolution2D(3, (4, 5, 6), 3, pad=1)
    assert len(link) == 3 and all(isinstance(c, Convolution2D) for c in link)
    assert [c.W.shape for c in link] == [(4, 3, 3, 3), (5, 4, 1, 1), (6, 5, 1, 1)]
    assert [name for name, _ in link.namedlinks(skipself=True)] == ["/0", "/1", "/2"]


def test_two_arguments_mean_out_channels_and_ksize():
    link = MLPConvolution2D((4, 2), 3)
    assert link[0].in_channels is None and link[0].ksize == (3, 3)
    assert link(numpy.ones((1, 5, 4, 4), numpy.float32)).shape == (1, 2, 2, 2)


def test_initializers_reach_every_convolution():
    link = MLPConvolution2D(2, (3, 3), 1, conv_init=0.5, bias_init=2.0)
    for conv in link:
        assert (conv.W.array == 0.5).all() and (conv.b.array == 2.0).all()


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((3, (4,), 3, 1, 0, F.relu, 1.0), {}, TypeError, "wscale is not supported"),
        ((3, (4,), 3), {"wscale": 1.0}, ValueError, "wscale argument is not supported"),
        ((3, (4,), 3), {"foo": 1}, TypeError, "unexpected keyword argument.*foo"),
        ((3, 4, 3), {}, TypeError, "out_channels must be a non-empty tuple of ints"),
        ((3, (), 3), {}, ValueError, "out_channels must not be empty"),
        ((3, (4,), 3), {"activation": 1}, TypeError, "activation must be callable"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        MLPConvolution2D(*args, **kwargs)
