"""AdaDelta: Zeiler's running-mean ratio step by step, convergence, resume."""

import numpy
import pytest

from chainer import optimizers

RHO, EPS = 0.95, 1e-6


def reference(p, g, state, t):
    # Zeiler 2012 (https://arxiv.org/abs/1212.5701), Algorithm 1.
    msg = RHO * state.get("msg", numpy.zeros_like(p)) + (1 - RHO) * g * g
    msdx = state.get("msdx", numpy.zeros_like(p))
    dx = numpy.sqrt(msdx + EPS) / numpy.sqrt(msg + EPS) * g
    state["msg"] = msg
    state["msdx"] = RHO * msdx + (1 - RHO) * dx * dx
    return p - dx


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(lambda: optimizers.AdaDelta(rho=RHO, eps=EPS), reference, dtype, device)


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.AdaDelta(rho=0.9, eps=1e-2), 300, tol=1e-4)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.AdaDelta(rho=RHO, eps=EPS))
    assert sorted(store) == ["b/msdx", "b/msg", "b/t", "epoch", "t", "w/msdx", "w/msg", "w/t"]


def test_defaults_and_bad_arguments():
    opt = optimizers.AdaDelta()
    assert (opt.rho, opt.eps) == (0.95, 1e-6)
    with pytest.raises(ValueError, match=r"AdaDelta: rho must be in \[0, 1\], not 1.5"):
        optimizers.AdaDelta(rho=1.5)
    with pytest.raises(TypeError, match="AdaDelta: eps must be a real number"):
        optimizers.AdaDelta(eps=None)
