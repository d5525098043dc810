"""GradientLARS: layer-wise rescaling ``g <- r (g + wd p)`` with the LARS trust ratio."""

import numpy
import pytest

import chainer
from chainer import optimizer_hooks, optimizers

WD, EPS = 0.01, 1e-9


def expected_grad(p, g, threshold, weight_decay=WD, eps=EPS):
    p, g = p.astype(numpy.float64), g.astype(numpy.float64)
    p_norm, g_norm = numpy.linalg.norm(p), numpy.linalg.norm(g)
    rate = p_norm / (eps + g_norm + weight_decay * p_norm) if p_norm > threshold else 1.0
    return rate * (g + weight_decay * p)


def test_attributes_and_defaults():
    hook = optimizer_hooks.GradientLARS()
    assert (hook.name, hook.timing, hook.call_for_each_param) == ("GradientLARS", "pre", True)
    assert (hook.threshold, hook.weight_decay, hook.eps) == (1e-2, 0.0, 1e-9)


@pytest.mark.parametrize("threshold", [0.01, 100.0], ids=["rescaled", "below_threshold"])
def test_matches_the_formula(make_setup, dtype, device, tol, threshold):
    s = make_setup(dtype, device)
    opt = optimizers.SGD().setup(s.link)
    opt.add_hook(optimizer_hooks.GradientLARS(threshold=threshold, weight_decay=WD, eps=EPS))
    opt.call_hooks("pre")
    t = tol(dtype)
    if dtype == numpy.float16:
        t = {"rtol": 5e-3, "atol": 5e-3}
    for name in s.shapes:
        expected = expected_grad(s.params[name], s.grads[name], threshold)
        numpy.testing.assert_allclose(s.grad(name), expected, **t)


def test_loss_scaling_gives_the_same_update():
    def run(scale):
        link = chainer.Link()
        with link.init_scope():
            link.x = chainer.Parameter(numpy.array([1.0, -2.0, 2.0]))
        opt = optimizers.SGD(lr=0.1).setup(link)
        opt.add_hook(optimizer_hooks.GradientLARS(threshold=0.01, weight_decay=0.1))
        if scale is not None:
            opt.set_loss_scale(scale)
        opt.update(lambda: chainer.functions.sum(link.x * link.x))  # gradient 2x
        return link.x.array

    x = numpy.array([1.0, -2.0, 2.0])
    numpy.testing.assert_allclose(
        run(None), x - 0.1 * expected_grad(x, 2 * x, 0.01, weight_decay=0.1)
    )
    numpy.testing.assert_allclose(run(16.0), run(None), rtol=1e-14)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="GradientLARS: eps must be >= 0"):
        optimizer_hooks.GradientLARS(eps=-1)
    with pytest.raises(TypeError, match="GradientLARS: weight_decay must be a real number"):
        optimizer_hooks.GradientLARS(weight_decay="0.1")
