"""SGD: ``p -= lr * g`` step by step, convergence, resume, hyperparameters."""

import numpy
import pytest

import chainer
from chainer import optimizers
from chainer.optimizers import sgd

LR = 0.1


def reference(p, g, state, t):
    return p - LR * g


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(lambda: optimizers.SGD(lr=LR), reference, dtype, device)


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.SGD(lr=0.5), steps=60, tol=1e-4)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.SGD(lr=LR))
    assert sorted(store) == ["b/t", "epoch", "t", "w/t"]  # no state


def test_defaults_and_hyperparameter_proxy():
    opt = optimizers.SGD()
    assert opt.lr == 0.01 and opt.hyperparam.get_dict() == {"lr": 0.01}
    opt.lr = 0.5
    assert opt.hyperparam.lr == 0.5
    assert isinstance(optimizers.SGD.lr, chainer.optimizer.HyperparameterProxy)


def test_rule_falls_back_to_optimizer_and_can_override():
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter(numpy.ones(3, numpy.float32))
        link.b = chainer.Parameter(numpy.ones(3, numpy.float32))
    opt = optimizers.SGD(lr=0.1).setup(link)
    link.b.update_rule.hyperparam.lr = 0.5
    opt.lr = 0.2  # reaches w's rule, not b's override
    for p in link.params():
        p.grad = numpy.ones(3, numpy.float32)
    opt.update()
    numpy.testing.assert_allclose(link.w.array, 1 - 0.2)
    numpy.testing.assert_allclose(link.b.array, 1 - 0.5)


def test_standalone_rule_uses_module_defaults():
    rule = sgd.SGDRule()
    assert rule.hyperparam.lr == 0.01
    assert sgd.SGDRule(lr=0.3).hyperparam.lr == 0.3
    param = chainer.Parameter(numpy.array([1.0, 2.0]))
    param.grad = numpy.array([10.0, -10.0])
    rule.update(param)
    numpy.testing.assert_allclose(param.array, [0.9, 2.1])


def test_skips_parameters_without_gradient():
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter(numpy.ones(2, numpy.float32))
    optimizers.SGD(lr=1.0).setup(link)
    link.w.update_rule.update(link.w)  # grad is None: nothing happens
    numpy.testing.assert_array_equal(link.w.array, [1.0, 1.0])


@pytest.mark.parametrize("lr", ["0.1", None, True, [0.1]])
def test_bad_lr_is_rejected(lr):
    with pytest.raises(TypeError, match="SGD: lr must be a real number"):
        optimizers.SGD(lr=lr)
