"""RMSprop: mean squared gradient scaling step by step (both eps placements)."""

import numpy
import pytest

import chainer
from chainer import optimizers

LR, ALPHA, EPS = 0.01, 0.9, 1e-6


def make_reference(eps_inside_sqrt):
    def reference(p, g, state, t):
        ms = ALPHA * state.get("ms", numpy.zeros_like(p)) + (1 - ALPHA) * g * g
        state["ms"] = ms
        denom = numpy.sqrt(ms + EPS) if eps_inside_sqrt else numpy.sqrt(ms) + EPS
        return p - LR * g / denom

    return reference


@pytest.mark.parametrize("eps_inside_sqrt", [False, True])
def test_three_steps_match_formula(optimizer_check, dtype, device, eps_inside_sqrt):
    optimizer_check.steps(
        lambda: optimizers.RMSprop(lr=LR, alpha=ALPHA, eps=EPS, eps_inside_sqrt=eps_inside_sqrt),
        make_reference(eps_inside_sqrt),
        dtype,
        device,
    )


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.RMSprop(lr=0.01), 300, tol=1e-2)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.RMSprop(lr=LR, alpha=ALPHA, eps=EPS))
    assert sorted(store) == ["b/ms", "b/t", "epoch", "t", "w/ms", "w/t"]


def test_eps_too_small_for_float16_is_an_error():
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.ones(2, numpy.float16))
    opt = optimizers.RMSprop(eps=1e-8).setup(link)
    link.x.grad = numpy.ones(2, numpy.float16)
    with pytest.raises(ValueError, match="eps of RMSprop optimizer is too small for float16"):
        opt.update()
    opt.use_fp32_update()  # computed in float32: fine
    opt.update()
    assert numpy.isfinite(link.x.array).all()


def test_defaults_and_bad_arguments():
    opt = optimizers.RMSprop()
    assert (opt.lr, opt.alpha, opt.eps, opt.eps_inside_sqrt) == (0.01, 0.99, 1e-8, False)
    with pytest.raises(TypeError, match="RMSprop: eps_inside_sqrt must be a bool"):
        optimizers.RMSprop(eps_inside_sqrt="yes")
    with pytest.raises(ValueError, match="RMSprop: alpha must be in"):
        optimizers.RMSprop(alpha=-0.5)
