"""L.InceptionBN: forward against NumPy (batch statistics), gradients, structure."""

import itertools

import numpy
import pytest

import chainer
from chainer import gradient_check, initializers, testing

pytest.importorskip("chainer.links.normalization.batch_normalization")

from chainer.links.connection.inception_bn import InceptionBN  # noqa: E402
from chainer.links.normalization.batch_normalization import BatchNormalization  # noqa: E402


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


def pool_3x3(x, stride, kind):
    """3x3 pooling with pad 1: max ignores the padding, average divides by 9."""
    fill = -numpy.inf if kind == "max" else 0.0
    padded = numpy.full(x.shape[:2] + (x.shape[2] + 2, x.shape[3] + 2), fill)
    padded[:, :, 1:-1, 1:-1] = x
    out_h, out_w = ((d - 1) // stride + 1 for d in x.shape[2:])
    windows = [
        padded[
            :,
            :,
            u : u + stride * (out_h - 1) + 1 : stride,
            v : v + stride * (out_w - 1) + 1 : stride,
        ]
        for u in range(3)
        for v in range(3)
    ]
    return numpy.max(windows, axis=0) if kind == "max" else numpy.sum(windows, axis=0) / 9


def _bn_relu(h, bn):
    mean = h.mean(axis=(0, 2, 3), keepdims=True)
    var = h.var(axis=(0, 2, 3), keepdims=True)
    gamma = bn.gamma.array.reshape(1, -1, 1, 1)
    beta = bn.beta.array.reshape(1, -1, 1, 1)
    return numpy.maximum(gamma * (h - mean) / numpy.sqrt(var + bn.eps) + beta, 0)


def inception_bn_reference(link, x):
    def block(conv, bn, h):
        return _bn_relu(conv_reference(h, conv.W.array, None, conv.stride, conv.pad), bn)

    outs = []
    if link.out1 > 0:
        outs.append(block(link.conv1, link.conv1n, x))
    outs.append(block(link.conv3, link.conv3n, block(link.proj3, link.proj3n, x)))
    h = block(link.conv33a, link.conv33an, block(link.proj33, link.proj33n, x))
    outs.append(block(link.conv33b, link.conv33bn, h))
    p = pool_3x3(x, link.stride, link.pooltype)
    if link.proj_pool is not None:
        p = block(link.poolp, link.poolpn, p)
    outs.append(p)
    return numpy.concatenate(outs, axis=1)


def _link(out1, pooltype, proj_pool, stride, in_channels=3):
    return InceptionBN(
        in_channels,
        out1,
        2,
        3,
        2,
        2,
        pooltype,
        proj_pool,
        stride,
        conv_init=initializers.Uniform(1.0),
        dtype=numpy.float64,
    )


@pytest.mark.parametrize(
    ("out1", "pooltype", "proj_pool", "stride", "channels"),
    [(2, "max", 2, 1, 2 + 3 + 2 + 2), (0, "avg", None, 2, 3 + 2 + 3), (0, "max", 1, 1, 6)],
)
def test_forward(out1, pooltype, proj_pool, stride, channels):
    numpy.random.seed(0)
    with chainer.using_config("dtype", numpy.float64):
        link = _link(out1, pooltype, proj_pool, stride)
        x = numpy.random.uniform(-1, 1, (3, 3, 5, 4))
        y = link(x)
    assert y.shape == (3, channels, (5 - 1) // stride + 1, (4 - 1) // stride + 1)
    testing.assert_allclose(y.array, inception_bn_reference(link, x), atol=1e-10, rtol=1e-10)


def test_backward_in_test_mode():
    numpy.random.seed(1)
    with chainer.using_config("dtype", numpy.float64):
        link = _link(1, "avg", 2, 1, in_channels=2)
    x = numpy.random.uniform(-1, 1, (2, 2, 3, 3))
    with chainer.using_config("train", False):
        gy = numpy.random.uniform(-1, 1, link(x).shape)
        gradient_check.check_backward(
            link,
            x,
            gy,
            params=tuple(link.params()),
            atol=1e-5,
            rtol=1e-4,
            detect_nondifferentiable=True,
        )


def test_structure():
    link = InceptionBN(3, 2, 2, 3, 2, 2, "max", 2)
    names = {name for name, _ in link.namedlinks(skipself=True)}
    assert names == {
        "/conv1",
        "/conv1n",
        "/proj3",
        "/proj3n",
        "/conv3",
        "/conv3n",
        "/proj33",
        "/proj33n",
        "/conv33a",
        "/conv33an",
        "/conv33b",
        "/conv33bn",
        "/poolp",
        "/poolpn",
    }
    assert all(getattr(link, n[1:]).b is None for n in names if not n.endswith("n"))
    assert isinstance(link.conv3n, BatchNormalization)
    no_branch1 = InceptionBN(3, 0, 2, 3, 2, 2, "avg")
    assert not hasattr(no_branch1, "conv1") and not hasattr(no_branch1, "poolp")


def test_lazy_in_channels():
    link = InceptionBN(None, 0, 2, 3, 2, 2, "max", stride=2)
    y = link(numpy.ones((2, 4, 4, 4), numpy.float32))
    assert y.shape == (2, 3 + 2 + 4, 2, 2)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((3, 0, 2, 3, 2, 2, "min"), ValueError, "pooltype must be 'max' or 'avg'"),
        ((3, 2, 2, 3, 2, 2, "max", 2, 2), ValueError, "out1 > 0 needs stride == 1"),
        ((3, 2, 2, 3, 2, 2, "max"), ValueError, "out1 > 0 needs proj_pool"),
        ((3, -1, 2, 3, 2, 2, "max"), ValueError, "out1 must be at least 0"),
    ],
)
def test_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        InceptionBN(*args)
