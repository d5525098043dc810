"""GradientClipping: rescale every gradient to a global L2 norm of at most ``threshold``."""

import numpy
import pytest

import chainer
from chainer import optimizer_hooks, optimizers


def _global_norm(s):
    return numpy.sqrt(sum((g.astype(numpy.float64) ** 2).sum() for g in s.grads.values()))


def test_attributes():
    hook = optimizer_hooks.GradientClipping(1.0)
    assert (hook.name, hook.timing, hook.threshold) == ("GradientClipping", "pre", 1.0)
    assert not getattr(hook, "call_for_each_param", False)  # called once with the optimizer


def test_clips_to_the_threshold(make_setup, dtype, device, tol):
    s = make_setup(dtype, device)
    norm = _global_norm(s)
    threshold = norm / 4
    opt = optimizers.SGD().setup(s.link)
    opt.add_hook(optimizer_hooks.GradientClipping(threshold))
    opt.call_hooks("pre")
    for name in s.shapes:
        expected = s.grads[name].astype(numpy.float64) * threshold / norm
        numpy.testing.assert_allclose(s.grad(name), expected, **tol(dtype))
    clipped = numpy.sqrt(sum((s.grad(n) ** 2).sum() for n in s.shapes))
    numpy.testing.assert_allclose(clipped, threshold, rtol=5e-3)


def test_leaves_small_gradients_untouched(make_setup, dtype, device):
    s = make_setup(dtype, device)
    opt = optimizers.SGD().setup(s.link)
    opt.add_hook(optimizer_hooks.GradientClipping(_global_norm(s) * 2))
    opt.call_hooks("pre")
    for name in s.shapes:
        numpy.testing.assert_array_equal(s.grad(name), s.grads[name].astype(numpy.float64))


def test_update_moves_by_at_most_lr_times_threshold(make_setup):
    s = make_setup(numpy.float64, chainer.get_device("@numpy"))
    opt = optimizers.SGD(lr=1.0).setup(s.link)
    opt.add_hook(optimizer_hooks.GradientClipping(0.5))
    opt.update()
    moved = numpy.sqrt(sum(((s.array(n) - s.params[n]) ** 2).sum() for n in s.shapes))
    numpy.testing.assert_allclose(moved, 0.5, rtol=1e-12)


def test_threshold_applies_to_the_true_gradient_under_loss_scaling():
    def run(scale):
        link = chainer.Link()
        with link.init_scope():
            link.x = chainer.Parameter(numpy.array([3.0, 4.0]))
        opt = optimizers.SGD(lr=1.0).setup(link)
        opt.add_hook(optimizer_hooks.GradientClipping(1.0))
        if scale is not None:
            opt.set_loss_scale(scale)
        # gradient (3, 4): norm 5, clipped to (0.6, 0.8)
        opt.update(lambda: chainer.functions.sum(link.x * link.x) * 0.5)
        return link.x.array

    numpy.testing.assert_allclose(run(None), [2.4, 3.2])
    numpy.testing.assert_allclose(run(32.0), run(None), rtol=1e-15)


def test_skips_parameters_without_gradient():
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.array([3.0, 4.0]))
        link.y = chainer.Parameter(numpy.array([1.0]))
    opt = optimizers.SGD().setup(link)
    link.x.grad = numpy.array([3.0, 4.0])
    optimizer_hooks.GradientClipping(1.0)(opt)
    numpy.testing.assert_allclose(link.x.grad, [0.6, 0.8])
    assert link.y.grad is None


@pytest.mark.parametrize("threshold, error", [(-1.0, ValueError), ("1", TypeError)])
def test_bad_threshold_is_rejected(threshold, error):
    with pytest.raises(error, match="GradientClipping: threshold must be"):
        optimizer_hooks.GradientClipping(threshold)
