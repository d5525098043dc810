"""SMORMS3: Simon Funk's adaptive memory update step by step, convergence, resume."""

import numpy
import pytest

from chainer import optimizers

LR, EPS = 0.01, 1e-16


def reference(p, g, state, t):
    # http://sifter.org/~simon/journal/20150420.html
    mem = state.get("mem", numpy.ones_like(p))
    r = 1 / (mem + 1)
    gbar = (1 - r) * state.get("g", numpy.zeros_like(p)) + r * g
    g2 = (1 - r) * state.get("g2", numpy.zeros_like(p)) + r * g * g
    x = gbar * gbar / (g2 + EPS)
    new_p = p - g * numpy.minimum(x, LR) / (numpy.sqrt(g2) + EPS)
    state.update(mem=1 + mem * (1 - x), g=gbar, g2=g2)
    return new_p


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(lambda: optimizers.SMORMS3(lr=LR, eps=EPS), reference, dtype, device)


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.SMORMS3(lr=0.1), 300, tol=1e-4)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.SMORMS3(lr=LR))
    assert sorted(k for k in store if k.startswith("b/")) == ["b/g", "b/g2", "b/mem", "b/t"]


def test_defaults_and_bad_arguments():
    opt = optimizers.SMORMS3()
    assert (opt.lr, opt.eps) == (0.001, 1e-16)
    with pytest.raises(ValueError, match="SMORMS3: eps must be >= 0"):
        optimizers.SMORMS3(eps=-1e-3)
