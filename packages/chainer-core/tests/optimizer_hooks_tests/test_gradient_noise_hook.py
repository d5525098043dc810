"""GradientNoise: add (annealed Gaussian) noise to every gradient."""

import numpy
import pytest

import chainer
from chainer import optimizer_hooks, optimizers

ETA = 0.3


def test_attributes():
    hook = optimizer_hooks.GradientNoise(ETA)
    assert (hook.name, hook.timing, hook.call_for_each_param) == ("GradientNoise", "pre", True)
    assert hook.noise_func is optimizer_hooks.exponential_decay_noise


def test_adds_the_noise_func_result(make_setup, dtype, device, tol):
    calls = []

    def noise_func(xp, shape, dtype_, hook, rule):
        calls.append((shape, numpy.dtype(dtype_), hook, rule))
        return xp.full(shape, 0.125, dtype=dtype_)

    s = make_setup(dtype, device)
    opt = optimizers.SGD().setup(s.link)
    hook = optimizer_hooks.GradientNoise(ETA, noise_func=noise_func)
    opt.add_hook(hook)
    opt.call_hooks("pre")
    for name in s.shapes:
        numpy.testing.assert_allclose(
            s.grad(name), s.grads[name].astype(numpy.float64) + 0.125, **tol(dtype)
        )
    assert sorted(c[0] for c in calls) == sorted(s.shapes.values())
    assert all(c[1] == dtype and c[2] is hook for c in calls)
    assert {id(c[3]) for c in calls} == {id(s.link.w.update_rule), id(s.link.b.update_rule)}


def test_exponential_decay_noise_draws_from_the_global_generator():
    class Rule:
        t = 4

    hook = optimizer_hooks.GradientNoise(ETA)
    numpy.random.seed(7)
    noise = optimizer_hooks.exponential_decay_noise(numpy, (3, 2), numpy.float32, hook, Rule())
    numpy.random.seed(7)
    std = numpy.sqrt(ETA / (1 + 4) ** 0.55)
    expected = numpy.random.normal(0, std, (3, 2)).astype(numpy.float32)
    assert noise.dtype == numpy.float32 and noise.shape == (3, 2)
    numpy.testing.assert_array_equal(noise, expected)


def test_default_noise_has_the_annealed_variance():
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.zeros(20000))
    opt = optimizers.SGD().setup(link)
    link.x.grad = numpy.zeros(20000)
    link.x.update_rule.t = 9
    numpy.random.seed(0)
    opt.add_hook(optimizer_hooks.GradientNoise(ETA))
    opt.call_hooks("pre")
    expected_std = numpy.sqrt(ETA / 10**0.55)
    numpy.testing.assert_allclose(link.x.grad.std(), expected_std, rtol=0.03)
    assert abs(link.x.grad.mean()) < 0.03 * expected_std * 10


def test_noise_is_scaled_with_the_loss_scale():
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.zeros(3))
    opt = optimizers.SGD(lr=1.0).setup(link)
    opt.add_hook(
        optimizer_hooks.GradientNoise(
            ETA, noise_func=lambda xp, shape, dt, h, r: xp.ones(shape, dt)
        )
    )
    opt.set_loss_scale(4.0)
    opt.update(lambda: chainer.functions.sum(link.x))  # true gradient 1, plus noise 1
    numpy.testing.assert_allclose(link.x.array, [-2.0, -2.0, -2.0])


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="GradientNoise: eta must be >= 0"):
        optimizer_hooks.GradientNoise(-1.0)
    with pytest.raises(TypeError, match="GradientNoise: noise_func must be callable"):
        optimizer_hooks.GradientNoise(ETA, noise_func=3)
