"""MSVAG: M-SVAG of Balles & Hennig step by step, convergence, resume."""

import numpy
import pytest

import chainer
from chainer import optimizers

LR, BETA = 0.1, 0.9

# At t = 1, v_hat - m_hat^2 is 0 in exact arithmetic but float32 rounding
# noise (~1e-7 relative) divided by 1 - rho = 1e-4 perturbs the variance
# factor by ~1e-3: an inherent sensitivity of the formula, not an error.
FLOAT32_TOL = {"rtol": 1e-3, "atol": 1e-4}


def make_reference(lr=LR, beta=BETA, eta=1.0, weight_decay_rate=0.0):
    def reference(p, g, state, t):
        # Balles & Hennig 2018 (https://arxiv.org/abs/1705.07774), Alg. 1 (M-SVAG),
        # rho(beta, t) capped at 0.9999 (it is 1 at t = 1).
        m = beta * state.get("m", numpy.zeros_like(p)) + (1 - beta) * g
        v = beta * state.get("v", numpy.zeros_like(p)) + (1 - beta) * g * g
        state.update(m=m, v=v)
        m_hat, v_hat = m / (1 - beta**t), v / (1 - beta**t)
        rho = (1 - beta) * (1 + beta**t) / ((1 + beta) * (1 - beta**t))
        rho = min(rho, 0.9999)
        s = (v_hat - m_hat**2) / (1 - rho)
        with numpy.errstate(invalid="ignore"):
            factor = m_hat**2 / (m_hat**2 + rho * s)
        factor = numpy.where(numpy.isnan(factor), 0.0, numpy.clip(factor, 0, 1))
        return p - eta * (lr * factor * m_hat + weight_decay_rate * p)

    return reference


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(
        lambda: optimizers.MSVAG(lr=LR, beta=BETA),
        make_reference(),
        dtype,
        device,
        float32_tol=FLOAT32_TOL,
    )


def test_three_steps_with_eta_and_weight_decay(optimizer_check, dtype):
    optimizer_check.steps(
        lambda: optimizers.MSVAG(lr=LR, beta=0.5, eta=0.5, weight_decay_rate=0.1),
        make_reference(beta=0.5, eta=0.5, weight_decay_rate=0.1),
        dtype,
        float32_tol=FLOAT32_TOL,
    )


def test_zero_gradient_elements_do_not_move():
    # m = v = 0 makes the variance factor 0/0; those elements stay put.
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.array([1.0, 2.0, 3.0], numpy.float32))
    opt = optimizers.MSVAG().setup(link)
    for _ in range(3):
        link.x.grad = numpy.array([0.0, 1.0, 0.0], numpy.float32)
        opt.update()
    assert link.x.array[0] == 1.0 and link.x.array[2] == 3.0
    assert link.x.array[1] < 2.0 and numpy.isfinite(link.x.array).all()


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.MSVAG(lr=0.5), 200, tol=1e-4)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.MSVAG(lr=LR, beta=BETA))
    assert sorted(store) == ["b/m", "b/t", "b/v", "epoch", "t", "w/m", "w/t", "w/v"]


def test_defaults_and_bad_arguments():
    opt = optimizers.MSVAG()
    assert opt.hyperparam.get_dict() == {"lr": 0.1, "beta": 0.9, "eta": 1.0, "weight_decay_rate": 0}
    with pytest.raises(ValueError, match=r"MSVAG: beta must be in \[0, 1\), not 1"):
        optimizers.MSVAG(beta=1)
