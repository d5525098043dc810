"""GradientHardClipping: clip every gradient element to ``[lower_bound, upper_bound]``."""

import numpy
import pytest

import chainer
from chainer import optimizer_hooks, optimizers

LOWER, UPPER = -0.25, 0.5


def test_attributes():
    hook = optimizer_hooks.GradientHardClipping(LOWER, UPPER)
    assert (hook.name, hook.timing, hook.call_for_each_param) == (
        "GradientHardClipping", "pre", True,
    )  # fmt: skip
    assert (hook.lower_bound, hook.upper_bound) == (LOWER, UPPER)


def test_clips_elementwise(make_setup, dtype, device, tol):
    s = make_setup(dtype, device)
    opt = optimizers.SGD().setup(s.link)
    opt.add_hook(optimizer_hooks.GradientHardClipping(LOWER, UPPER))
    opt.call_hooks("pre")
    for name in s.shapes:
        expected = numpy.minimum(numpy.maximum(s.grads[name].astype(numpy.float64), LOWER), UPPER)
        numpy.testing.assert_allclose(s.grad(name), expected, **tol(dtype))


def test_bounds_apply_to_the_true_gradient_under_loss_scaling():
    def run(scale):
        link = chainer.Link()
        with link.init_scope():
            link.x = chainer.Parameter(numpy.array([-1.0, 0.1, 2.0]))
        opt = optimizers.SGD(lr=1.0).setup(link)
        opt.add_hook(optimizer_hooks.GradientHardClipping(LOWER, UPPER))
        if scale is not None:
            opt.set_loss_scale(scale)
        opt.update(lambda: chainer.functions.sum(link.x * link.x) * 0.5)  # gradient = x
        return link.x.array

    numpy.testing.assert_allclose(run(None), [-1.0 + 0.25, 0.0, 2.0 - 0.5])
    numpy.testing.assert_allclose(run(64.0), run(None), rtol=1e-15)


def test_bad_bounds_are_rejected():
    with pytest.raises(ValueError, match="lower_bound must not exceed upper_bound"):
        optimizer_hooks.GradientHardClipping(1.0, -1.0)
    with pytest.raises(TypeError, match="GradientHardClipping: upper_bound must be a real number"):
        optimizer_hooks.GradientHardClipping(-1.0, None)
