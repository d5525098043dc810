"""Tests of MultiprocessParallelUpdater that run without NCCL, and its pack/unpack helpers."""

import numpy
import pytest

import chainer
from chainer.training import updaters
from chainer.training.updaters import multiprocess_parallel_updater as mpu


class TwoParams(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.a = chainer.Parameter(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
            self.b = chainer.Parameter(numpy.array([10.0, 20.0], numpy.float32))
            self.lazy = chainer.Parameter()  # uninitialized: not packed


def test_available_is_false_without_nccl(monkeypatch):
    monkeypatch.setattr(mpu, "_get_nccl", lambda: None)
    assert updaters.MultiprocessParallelUpdater.available() is False
    with pytest.raises(RuntimeError, match="NCCL"):
        updaters.MultiprocessParallelUpdater([], None, devices=[0])


def test_gather_and_scatter_params_round_trip():
    link = TwoParams()
    packed = mpu.gather_params(link)
    # Sorted by path: /a then /b.
    numpy.testing.assert_array_equal(packed, [0, 1, 2, 3, 4, 5, 10, 20])
    mpu.scatter_params(link, packed * 2)
    numpy.testing.assert_array_equal(link.a.array, numpy.arange(6).reshape(2, 3) * 2)
    numpy.testing.assert_array_equal(link.b.array, [20, 40])


def test_gather_grads_treats_missing_grad_as_zero_and_scatter_grads():
    link = TwoParams()
    link.a.grad = numpy.ones((2, 3), numpy.float32)
    link.b.grad = None
    packed = mpu.gather_grads(link)
    numpy.testing.assert_array_equal(packed, [1, 1, 1, 1, 1, 1, 0, 0])
    mpu.scatter_grads(link, numpy.arange(8, dtype=numpy.float32))
    numpy.testing.assert_array_equal(link.b.grad, [6, 7])
    assert link.b.grad.dtype == numpy.float32
    with pytest.raises(ValueError, match="elements"):
        mpu.scatter_grads(link, numpy.zeros(9, numpy.float32))


def test_device_list_validation():
    with pytest.raises(ValueError, match="list, a tuple or a dict"):
        mpu._device_list(None)
    with pytest.raises(ValueError, match="'main'"):
        mpu._device_list({"a": 0})
    with pytest.raises(ValueError, match="not a GPU"):
        mpu._device_list(["@numpy"])


def test_optimizer_scaling_for_devices():
    class Adam:
        eps = 1e-8

    class SGD:
        lr = 0.1

    adam, sgd = Adam(), SGD()
    with pytest.warns(UserWarning, match="eps"):
        mpu._scale_for_devices(adam, 4)
    with pytest.warns(UserWarning, match="lr"):
        mpu._scale_for_devices(sgd, 4)
    assert adam.eps == pytest.approx(4e-8)
    assert sgd.lr == pytest.approx(0.025)


@pytest.mark.gpu
def test_single_gpu_step_matches_standard_updater():
    if not updaters.MultiprocessParallelUpdater.available():
        pytest.skip("needs CuPy, a GPU and NCCL")
    from chainer.dataset import iterator as iterator_module

    class OneBatch(iterator_module.Iterator):
        epoch, is_new_epoch, epoch_detail, previous_epoch_detail = 0, False, 0.0, None

        def __init__(self):
            self.dataset = [0] * 4

        def __next__(self):
            x = numpy.arange(8, dtype=numpy.float32).reshape(4, 2)
            return [(x[i],) for i in range(4)]

    class Model(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.w = chainer.Parameter(numpy.ones(2, numpy.float32))

        def forward(self, x):
            return chainer.functions.sum(x * self.w)

    class Rule(chainer.UpdateRule):
        def update_core(self, param):
            param.array -= 0.1 * param.grad

    class Opt(chainer.GradientMethod):
        def create_update_rule(self):
            return Rule(self.hyperparam)

    model = Model()
    updater = updaters.MultiprocessParallelUpdater([OneBatch()], Opt().setup(model), devices=[0])
    try:
        updater.update()
    finally:
        updater.finalize()
    x = numpy.arange(8, dtype=numpy.float32).reshape(4, 2)
    numpy.testing.assert_allclose(chainer.backends.cuda.to_cpu(model.w.array), 1 - 0.1 * x.sum(0))
