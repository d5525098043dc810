"""WeightDecay: ``g += rate * p`` before the update, with and without loss scaling."""

import numpy
import pytest

import chainer
from chainer import optimizer_hooks, optimizers

RATE = 0.1


def test_attributes():
    hook = optimizer_hooks.WeightDecay(RATE)
    assert (hook.name, hook.timing, hook.call_for_each_param, hook.rate) == (
        "WeightDecay", "pre", True, RATE,
    )  # fmt: skip
    assert repr(hook) == "WeightDecay(rate=0.1)"


def test_adds_rate_times_param_to_every_gradient(make_setup, dtype, device, tol):
    s = make_setup(dtype, device)
    opt = optimizers.SGD(lr=0.5).setup(s.link)
    opt.add_hook(optimizer_hooks.WeightDecay(RATE))
    opt.call_hooks("pre")
    for name in s.shapes:
        expected = s.grads[name].astype(numpy.float64) + RATE * s.params[name]
        numpy.testing.assert_allclose(s.grad(name), expected, **tol(dtype))


def test_update_is_sgd_on_the_l2_regularized_loss(make_setup, device):
    s = make_setup(numpy.float64, device)
    opt = optimizers.SGD(lr=0.5).setup(s.link)
    opt.add_hook(optimizer_hooks.WeightDecay(RATE))
    opt.update()
    for name in s.shapes:
        p, g = s.params[name], s.grads[name]
        numpy.testing.assert_allclose(s.array(name), p - 0.5 * (g + RATE * p), rtol=1e-12)


def test_registered_on_one_rule_only(make_setup):
    s = make_setup(numpy.float64, chainer.get_device("@numpy"))
    opt = optimizers.SGD(lr=1.0).setup(s.link)
    s.link.w.update_rule.add_hook(optimizer_hooks.WeightDecay(RATE))
    opt.update()
    p, g = s.params, s.grads
    numpy.testing.assert_allclose(s.link.w.array, p["w"] - (g["w"] + RATE * p["w"]))
    numpy.testing.assert_allclose(s.link.b.array, p["b"] - g["b"])


def test_loss_scaling_gives_the_same_update():
    # The hook sees gradients scaled by the loss scale and scales its term too.
    def run(scale):
        link = chainer.Link()
        with link.init_scope():
            link.x = chainer.Parameter(numpy.array([1.0, -2.0, 3.0]))
        opt = optimizers.SGD(lr=0.25).setup(link)
        opt.add_hook(optimizer_hooks.WeightDecay(RATE))
        if scale is not None:
            opt.set_loss_scale(scale)
        opt.update(lambda: chainer.functions.sum(link.x * link.x))
        return link.x.array

    numpy.testing.assert_allclose(run(None), [1 - 0.25 * 2.1, -2 + 0.25 * 4.2, 3 - 0.25 * 6.3])
    numpy.testing.assert_allclose(run(16.0), run(None), rtol=1e-15)


@pytest.mark.parametrize("rate", ["0.1", None, True])
def test_bad_rate_is_rejected(rate):
    with pytest.raises(TypeError, match="WeightDecay: rate must be a real number"):
        optimizer_hooks.WeightDecay(rate)
