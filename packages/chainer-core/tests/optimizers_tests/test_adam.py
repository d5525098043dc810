"""Adam, AdamW, AMSGrad, AdaBound and AMSBound against the formulas of their papers."""

import inspect
import math
import warnings

import numpy
import pytest

import chainer
from chainer import optimizers
from chainer.optimizers import adam


def make_reference(
    alpha,
    beta1,
    beta2,
    eps,
    eta=1.0,
    weight_decay_rate=0.0,
    amsgrad=False,
    adabound=False,
    final_lr=0.1,
    gamma=1e-3,
):
    """Adam in the "efficient" form of Kingma & Ba (end of their Section 2).

    alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t) and
    step = alpha_t m / (sqrt(v) + eps), then the variants:
    AMSGrad (Reddi et al.) replaces v by its running maximum, AdaBound
    (Luo et al.) clips alpha_t / (sqrt(v) + eps) to
    [final_lr (1 - 1/(gamma t + 1)), final_lr (1 + 1/(gamma t))], and AdamW
    (Loshchilov & Hutter) subtracts eta * weight_decay_rate * p besides.
    """

    def reference(p, g, state, t):
        m = beta1 * state.get("m", numpy.zeros_like(p)) + (1 - beta1) * g
        v = beta2 * state.get("v", numpy.zeros_like(p)) + (1 - beta2) * g * g
        state.update(m=m, v=v)
        if amsgrad:
            v = numpy.maximum(state.get("vhat", numpy.zeros_like(p)), v)
            state["vhat"] = v
        alpha_t = alpha * math.sqrt(1 - beta2**t) / (1 - beta1**t)
        rate = alpha_t / (numpy.sqrt(v) + eps)
        if adabound:
            lower = final_lr * (1 - 1 / (gamma * t + 1))
            upper = final_lr * (1 + 1 / (gamma * t))
            rate = numpy.clip(rate, lower, upper)
        return p - eta * (rate * m + weight_decay_rate * p)

    return reference


# beta2 = 0.5 lets v fall between steps (so AMSGrad's maximum matters), and
# gamma = 0.5 keeps AdaBound's bounds tight (so the clipping matters).
VARIANTS = {
    "adam": (optimizers.Adam, {"alpha": 0.05, "beta1": 0.8, "beta2": 0.5, "eps": 1e-7}),
    "adam_decoupled_weight_decay": (
        optimizers.Adam,
        {"alpha": 0.05, "beta2": 0.5, "eps": 1e-7, "eta": 0.5, "weight_decay_rate": 0.1},
    ),
    "adamw": (optimizers.AdamW, {"alpha": 0.05, "beta2": 0.5, "weight_decay_rate": 0.1}),
    "amsgrad": (optimizers.AMSGrad, {"alpha": 0.05, "beta2": 0.5, "eps": 1e-7}),
    "adabound": (
        optimizers.AdaBound,
        {"alpha": 0.05, "beta2": 0.5, "final_lr": 0.1, "gamma": 0.5, "eps": 1e-7},
    ),
    "amsbound": (
        optimizers.AMSBound,
        {"alpha": 0.05, "beta2": 0.5, "final_lr": 0.1, "gamma": 0.5, "eps": 1e-7},
    ),
}


def _reference_for(name):
    cls, kwargs = VARIANTS[name]
    params = dict(inspect.signature(cls).parameters)
    full = {k: p.default for k, p in params.items()}
    full.update(kwargs)
    flags = {
        "amsgrad": name in ("amsgrad", "amsbound"),
        "adabound": name in ("adabound", "amsbound"),
    }
    keys = ("alpha", "beta1", "beta2", "eps", "eta", "weight_decay_rate", "final_lr", "gamma")
    return make_reference(**{k: full[k] for k in keys if k in full}, **flags)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_three_steps_match_formula(optimizer_check, dtype, device, name):
    cls, kwargs = VARIANTS[name]
    optimizer_check.steps(lambda: cls(**kwargs), _reference_for(name), dtype, device)


def test_the_test_gradients_exercise_amsgrad_and_adabound(optimizer_check):
    # Guards the test above: with its data, AMSGrad's maximum and AdaBound's
    # clipping change the result.
    hyper = {"alpha": 0.05, "beta1": 0.9, "beta2": 0.5, "eps": 1e-7, "gamma": 0.5}
    plain = optimizer_check.run_reference(make_reference(**hyper))
    for flag in ("amsgrad", "adabound"):
        variant = optimizer_check.run_reference(make_reference(**hyper, **{flag: True}))
        assert not numpy.allclose(plain["w"], variant["w"]), flag


def test_float16_without_fp32_update_computes_in_float32():
    cls, kwargs = VARIANTS["adam"]
    reference = _reference_for("adam")
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.array([0.5, -0.25, 1.0], numpy.float16))
    opt = cls(**kwargs).setup(link)
    expected, state = link.x.array.astype(numpy.float64), {}
    for t, g in enumerate([[0.5, -1.0, 0.25], [0.1, 0.3, -0.2], [1.0, 1.0, 1.0]], start=1):
        link.x.grad = numpy.array(g, numpy.float16)
        opt.update()
        expected = reference(
            expected, numpy.array(g, numpy.float16).astype(numpy.float64), state, t
        )
        assert link.x.array.dtype == numpy.float16
        assert link.x.update_rule.state["m"].dtype == numpy.float16
        numpy.testing.assert_allclose(link.x.array, expected, rtol=5e-3, atol=5e-3)


def test_eps_too_small_for_the_computation_dtype_is_an_error():
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.ones(2, numpy.float32))
    opt = optimizers.Adam(eps=1e-50).setup(link)
    link.x.grad = numpy.ones(2, numpy.float32)
    with pytest.raises(ValueError, match="eps of Adam optimizer is too small for float32"):
        opt.update()


@pytest.mark.parametrize(
    "make, steps, tol",
    [
        (lambda: optimizers.Adam(alpha=0.05), 300, 1e-4),
        (lambda: optimizers.AdamW(alpha=0.05, weight_decay_rate=1e-4), 300, 1e-2),
        (lambda: optimizers.AMSGrad(alpha=0.05), 300, 1e-4),
        (lambda: optimizers.AdaBound(alpha=0.05, final_lr=0.5, gamma=0.1), 300, 1e-4),
        (lambda: optimizers.AMSBound(alpha=0.05, final_lr=0.5, gamma=0.1), 300, 1e-4),
    ],
    ids=["adam", "adamw", "amsgrad", "adabound", "amsbound"],
)
def test_converges_on_quadratic(optimizer_check, make, steps, tol):
    optimizer_check.converges(make, steps, tol=tol)


@pytest.mark.parametrize("name", ["adam", "amsbound"])
def test_resume_from_serialized_state_is_exact(optimizer_check, name):
    cls, kwargs = VARIANTS[name]
    store = optimizer_check.resume(lambda: cls(**kwargs))
    keys = ["w/m", "w/t", "w/v"] + (["w/vhat"] if name == "amsbound" else [])
    assert sorted(k for k in store if k.startswith("w/")) == keys


def test_alpha_t_and_deprecated_lr():
    opt = optimizers.Adam(alpha=0.1, beta1=0.9, beta2=0.99)
    with pytest.raises(RuntimeError, match="before the first update"):
        opt.alpha_t
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.zeros(2, numpy.float32))
    opt.setup(link)
    link.x.grad = numpy.ones(2, numpy.float32)
    opt.update()
    opt.update()
    expected = 0.1 * math.sqrt(1 - 0.99**2) / (1 - 0.9**2)
    assert opt.alpha_t == pytest.approx(expected)
    assert link.x.update_rule.alpha_t == pytest.approx(expected)
    with pytest.warns(DeprecationWarning, match="alpha_t"):
        assert opt.lr == pytest.approx(expected)
    with pytest.warns(DeprecationWarning, match="alpha_t"):
        assert link.x.update_rule.lr == pytest.approx(expected)


def test_adabound_bounds_follow_a_schedule_on_alpha():
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.zeros(2, numpy.float32))
    opt = optimizers.AdaBound(alpha=0.01, final_lr=0.1, gamma=0.5).setup(link)
    rule = link.x.update_rule
    assert rule.initial_alpha == 0.01
    with pytest.raises(RuntimeError, match="bounds of AdaBound"):
        rule.bounds
    link.x.grad = numpy.ones(2, numpy.float32)
    opt.update()
    assert rule.bounds == pytest.approx((0.1 * (1 - 1 / 1.5), 0.1 * (1 + 1 / 0.5)))
    opt.alpha = 0.005  # halves final_lr
    assert rule.bounds == pytest.approx((0.05 * (1 - 1 / 1.5), 0.05 * (1 + 1 / 0.5)))


def test_variant_flags_and_signatures():
    assert optimizers.Adam().hyperparam.get_dict() == {
        "alpha": 0.001,
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "eta": 1.0,
        "weight_decay_rate": 0,
        "amsgrad": False,
        "adabound": False,
        "final_lr": 0.1,
        "gamma": 1e-3,
    }
    assert optimizers.AdamW(weight_decay_rate=0.01).weight_decay_rate == 0.01
    assert optimizers.AMSGrad().amsgrad and not optimizers.AMSGrad().adabound
    assert optimizers.AdaBound().adabound and not optimizers.AdaBound().amsgrad
    assert optimizers.AMSBound().adabound and optimizers.AMSBound().amsgrad
    assert list(inspect.signature(optimizers.AdaBound).parameters) == [
        "alpha", "beta1", "beta2", "final_lr", "gamma", "eps", "eta",
    ]  # fmt: skip
    for cls in (optimizers.AdamW, optimizers.AMSGrad, optimizers.AdaBound, optimizers.AMSBound):
        assert issubclass(cls, optimizers.Adam)


def test_amsgrad_switched_on_after_the_state_exists():
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.zeros(2, numpy.float32))
    opt = optimizers.Adam().setup(link)
    link.x.grad = numpy.ones(2, numpy.float32)
    opt.update()
    opt.amsgrad = True
    opt.update()
    assert "vhat" in link.x.update_rule.state


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match=r"Adam: beta1 must be in \[0, 1\), not 1"):
        optimizers.Adam(beta1=1)
    with pytest.raises(TypeError, match="AMSGrad: alpha must be a real number"):
        optimizers.AMSGrad(alpha="big")
    with pytest.raises(TypeError, match="Adam: amsgrad must be a bool"):
        optimizers.Adam(amsgrad=1)
    with pytest.raises(TypeError, match="Adam: gamma must not be None"):
        optimizers.Adam(gamma=None)
    with pytest.raises(ValueError, match="AdamRule: eps must be >= 0"):
        adam.AdamRule(eps=-1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        adam.AdamRule(alpha=0.5)  # a valid override warns nothing
