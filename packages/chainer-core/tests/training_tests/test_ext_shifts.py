"""Tests of the hyperparameter shift extensions, against the formulas written here."""

import math
import types

import numpy
import pytest

from chainer import testing
from chainer.serializers import npz
from chainer.training.extensions import (
    exponential_shift,
    inverse_shift,
    linear_shift,
    multistep_shift,
    polynomial_shift,
    step_shift,
    warmup_shift,
)


def _run(ext, n, lr=1.0, trainer_kwargs=None):
    """Runs ``n`` iterations, recording the optimizer's lr seen by each update."""
    opt = types.SimpleNamespace(lr=lr)
    ext._optimizer = opt
    trainer = testing.get_trainer_with_mock_updater((n, "iteration"), **(trainer_kwargs or {}))
    seen = []
    trainer.updater.update_core.side_effect = lambda: seen.append(opt.lr)
    trainer.extend(ext)
    trainer.run()
    return seen, opt.lr


N = 8

CASES = [
    (
        lambda: exponential_shift.ExponentialShift("lr", 0.5, init=2.0),
        lambda t: 2.0 * 0.5**t,
    ),
    (
        lambda: exponential_shift.ExponentialShift("lr", 0.5, init=2.0, target=0.3),
        lambda t: max(2.0 * 0.5**t, 0.3),
    ),
    (
        lambda: exponential_shift.ExponentialShift("lr", 2.0, init=1.0, target=10.0),
        lambda t: min(2.0**t, 10.0),
    ),
    (
        lambda: inverse_shift.InverseShift("lr", 0.1, 0.75, init=1.0),
        lambda t: (1 + 0.1 * t) ** -0.75,
    ),
    (
        lambda: inverse_shift.InverseShift("lr", 0.5, 1.0, init=1.0, target=0.4),
        lambda t: max((1 + 0.5 * t) ** -1.0, 0.4),
    ),
    (
        lambda: polynomial_shift.PolynomialShift("lr", 0.5, 5, init=3.0),
        lambda t: 3.0 * max(1 - t / 5, 0) ** 0.5,
    ),
    (
        lambda: polynomial_shift.PolynomialShift("lr", 2, 5, init=3.0, target=0.5),
        lambda t: max(3.0 * max(1 - t / 5, 0) ** 2, 0.5),
    ),
    (
        lambda: step_shift.StepShift("lr", 0.1, 3, init=1.0),
        lambda t: 0.1 ** (t // 3),
    ),
    (
        lambda: step_shift.StepShift("lr", 0.5, 2, init=1.0, target=0.2),
        lambda t: max(0.5 ** (t // 2), 0.2),
    ),
    (
        lambda: linear_shift.LinearShift("lr", (1.0, 3.0), (2, 6)),
        lambda t: 1.0 if t <= 2 else 3.0 if t >= 6 else 1.0 + 2.0 * (t - 2) / 4,
    ),
    (
        lambda: multistep_shift.MultistepShift("lr", 0.1, [2, 5], 1.0),
        lambda t: 1.0 * 0.1 ** sum(t >= s for s in (2, 5)),
    ),
    (
        lambda: warmup_shift.WarmupShift("lr", 0.0, 4, 0.8),
        lambda t: 0.8 * min(t, 4) / 4,
    ),
]


@pytest.mark.parametrize("make, formula", CASES)
def test_schedule_matches_formula(make, formula):
    seen, final = _run(make(), N, lr=123.0)
    # the i-th update (i = 0 ...) sees the value after i calls
    expected = [formula(t) for t in range(N)]
    numpy.testing.assert_allclose(seen, expected, rtol=1e-12)
    assert final == pytest.approx(formula(N), rel=1e-12)


def test_init_defaults_to_optimizer_value():
    seen, _ = _run(exponential_shift.ExponentialShift("lr", 0.5), 3, lr=4.0)
    assert seen == [4.0, 2.0, 1.0]


def test_trainer_optimizer_main_is_used():
    opt = types.SimpleNamespace(lr=1.0)
    trainer = testing.get_trainer_with_mock_updater((2, "iteration"))
    trainer.updater.get_optimizer.side_effect = lambda name: {"main": opt}[name]
    trainer.extend(step_shift.StepShift("lr", 0.5, 1))
    trainer.run()
    assert opt.lr == 0.25


def test_epoch_trigger():
    opt = types.SimpleNamespace(lr=1.0)
    trainer = testing.get_trainer_with_mock_updater((3, "epoch"), iter_per_epoch=4)
    trainer.extend(
        exponential_shift.ExponentialShift("lr", 0.1, optimizer=opt), trigger=(1, "epoch")
    )
    trainer.run()
    assert opt.lr == pytest.approx(1e-3)


def _save(ext):
    s = npz.DictionarySerializer()
    ext.serialize(s)
    return s.target


@pytest.mark.parametrize("make, formula", CASES)
def test_resume_continues_schedule(make, formula):
    first = make()
    _run(first, 3, lr=123.0)
    state = _save(first)
    resumed = make()
    resumed.serialize(npz.NpzDeserializer(state))
    # a fresh optimizer, as after loading a snapshot
    seen, final = _run(resumed, 3, lr=123.0)
    expected = [formula(t) for t in range(3, 6)]
    numpy.testing.assert_allclose(seen, expected, rtol=1e-12)
    assert final == pytest.approx(formula(6), rel=1e-12)


def test_resume_through_npz_file(tmp_path):
    ext = multistep_shift.MultistepShift("lr", 0.5, [1, 2], 1.0)
    _run(ext, 3)
    path = tmp_path / "s.npz"
    npz.save_npz(path, ext)
    again = multistep_shift.MultistepShift("lr", 0.5, [1, 2], 1.0)
    npz.load_npz(path, again)
    assert again._t == 3 and again._current_step == 2
    assert again._last_value == pytest.approx(0.25)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: exponential_shift.ExponentialShift("lr", -1.0), "rate"),
        (lambda: inverse_shift.InverseShift("lr", -0.1, 1.0), "gamma"),
        (lambda: polynomial_shift.PolynomialShift("lr", 1.0, 0), "max_count"),
        (lambda: step_shift.StepShift("lr", 0.1, 0), "step"),
        (lambda: linear_shift.LinearShift("lr", (1, 2), (5, 5)), "time_range"),
        (lambda: linear_shift.LinearShift("lr", (1, 2, 3), (0, 5)), "value_range"),
        (lambda: multistep_shift.MultistepShift("lr", 0.1, [5, 2], 1.0), "step_value"),
        (lambda: warmup_shift.WarmupShift("lr", 0.0, 0, 1.0), "warmup_iter"),
    ],
)
def test_invalid_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_attr_must_be_str():
    with pytest.raises(TypeError, match="attr"):
        step_shift.StepShift(3, 0.1, 1)
    with pytest.raises(TypeError, match="rate"):
        exponential_shift.ExponentialShift("lr", "fast")


def test_warmup_leaves_attribute_after_warmup():
    ext = warmup_shift.WarmupShift("lr", 0.1, 2, 1.0)
    opt = types.SimpleNamespace(lr=5.0)
    ext._optimizer = opt
    trainer = testing.get_trainer_with_mock_updater((5, "iteration"))

    def other(trainer):
        if trainer.updater.iteration == 3:
            opt.lr = 42.0

    trainer.extend(ext)
    trainer.extend(other)
    trainer.run()
    assert opt.lr == 42.0


def test_default_names():
    assert exponential_shift.ExponentialShift("lr", 0.5).default_name == "ExponentialShift"
    assert math.isclose(polynomial_shift.PolynomialShift("lr", 1, 2, init=1.0)._init, 1.0)
