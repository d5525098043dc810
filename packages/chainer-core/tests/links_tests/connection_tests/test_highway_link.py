"""L.Highway: forward against NumPy, gradients of both Linear links, initializers."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check, initializers, testing
from chainer.links.connection.highway import Highway
from chainer.links.connection.linear import Linear


def _sigmoid(a):
    return 1 / (1 + numpy.exp(-a))


def highway_reference(link, x, activate=lambda a: numpy.maximum(a, 0)):
    plain, transform = link.plain, link.transform
    h = x @ plain.W.array.T + (0 if plain.b is None else plain.b.array)
    t = _sigmoid(x @ transform.W.array.T + (0 if transform.b is None else transform.b.array))
    return activate(h) * t + x * (1 - t)


def _link(nobias=False, **kwargs):
    with chainer.using_config("dtype", numpy.float64):
        return Highway(
            4,
            nobias=nobias,
            init_Wh=initializers.Uniform(1.0),
            init_Wt=initializers.Uniform(1.0),
            init_bh=None if nobias else initializers.Uniform(1.0),
            init_bt=None if nobias else initializers.Uniform(1.0),
            **kwargs,
        )


@pytest.mark.parametrize("nobias", [False, True])
def test_forward_and_backward(nobias):
    numpy.random.seed(0)
    link = _link(nobias)
    x = numpy.random.uniform(-1, 1, (3, 4))
    testing.assert_allclose(link(x).array, highway_reference(link, x), atol=1e-12, rtol=1e-12)
    assert len(list(link.params())) == (2 if nobias else 4)
    gy = numpy.random.uniform(-1, 1, (3, 4))
    gradient_check.check_backward(
        link,
        x,
        gy,
        params=tuple(link.params()),
        atol=1e-6,
        rtol=1e-5,
        detect_nondifferentiable=True,
    )


def test_float32_forward():
    numpy.random.seed(1)
    link = Highway(3)
    x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    y = link(x)
    assert y.dtype == numpy.float32
    testing.assert_allclose(y.array, highway_reference(link, x), atol=1e-6, rtol=1e-5)


def test_custom_activation():
    numpy.random.seed(2)
    link = _link(activate=F.tanh)
    x = numpy.random.uniform(-1, 1, (2, 4))
    expected = highway_reference(link, x, numpy.tanh)
    testing.assert_allclose(link(x).array, expected, atol=1e-12, rtol=1e-12)


def test_structure_and_defaults():
    link = Highway(5)
    assert isinstance(link.plain, Linear) and isinstance(link.transform, Linear)
    assert link.plain.W.shape == (5, 5)
    numpy.testing.assert_array_equal(link.plain.b.array, numpy.zeros(5, numpy.float32))
    numpy.testing.assert_array_equal(link.transform.b.array, -numpy.ones(5, numpy.float32))
    assert link.activate is F.relu


def test_initializers_reach_the_linear_links():
    link = Highway(2, init_Wh=1.0, init_Wt=2.0, init_bh=3.0, init_bt=4.0)
    for array, value in (
        (link.plain.W.array, 1),
        (link.transform.W.array, 2),
        (link.plain.b.array, 3),
        (link.transform.b.array, 4),
    ):
        numpy.testing.assert_array_equal(array, numpy.full_like(array, value))


def test_bad_arguments():
    with pytest.raises(TypeError, match="Highway: in_out_size must be an int"):
        Highway(None)
    with pytest.raises(TypeError, match="activate must be callable"):
        Highway(3, activate="relu")
