"""Lasso: ``g += rate * sign(p)`` before the update, with and without loss scaling."""

import numpy
import pytest

import chainer
from chainer import optimizer_hooks, optimizers

RATE = 0.1


def test_attributes():
    hook = optimizer_hooks.Lasso(RATE)
    assert (hook.name, hook.timing, hook.call_for_each_param) == ("Lasso", "pre", True)


def test_adds_rate_times_sign_of_param(make_setup, dtype, device, tol):
    s = make_setup(dtype, device)
    s.link.b.array[1] = 0  # sign(0) = 0: no term
    params_b = s.params["b"].copy()
    params_b[1] = 0
    opt = optimizers.SGD().setup(s.link)
    opt.add_hook(optimizer_hooks.Lasso(RATE))
    opt.call_hooks("pre")
    params = dict(s.params, b=params_b)
    for name in s.shapes:
        expected = s.grads[name].astype(numpy.float64) + RATE * numpy.sign(params[name])
        numpy.testing.assert_allclose(s.grad(name), expected, **tol(dtype))
    assert s.grad("b")[1] == s.grads["b"][1].astype(numpy.float64)


def test_loss_scaling_gives_the_same_update():
    def run(scale):
        link = chainer.Link()
        with link.init_scope():
            link.x = chainer.Parameter(numpy.array([1.0, -2.0, 0.0]))
        opt = optimizers.SGD(lr=0.5).setup(link)
        opt.add_hook(optimizer_hooks.Lasso(RATE))
        if scale is not None:
            opt.set_loss_scale(scale)
        opt.update(lambda: chainer.functions.sum(link.x))
        return link.x.array

    numpy.testing.assert_allclose(run(None), [1 - 0.5 * 1.1, -2 - 0.5 * 0.9, -0.5])
    numpy.testing.assert_allclose(run(8.0), run(None), rtol=1e-15)


def test_bad_rate_is_rejected():
    with pytest.raises(TypeError, match="Lasso: rate must be a real number"):
        optimizer_hooks.Lasso([0.1])
