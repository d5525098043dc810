"""Data-parallel updates over several devices in one process."""

from __future__ import annotations

import copy

import chainer
from chainer import backend
from chainer.dataset import convert
from chainer.training.updaters import standard_updater

__all__ = ["ParallelUpdater"]


class ParallelUpdater(standard_updater.StandardUpdater):
    """Data-parallel updater: each device computes the loss of a share of the mini-batch.

    The mini-batch is split into as many strided shares as there are models
    (``batch[i::n]``); each model computes its loss on its own device; the
    gradients of the other models are added to the main model's, the main
    optimizer updates, and the new parameters are copied back to the other
    models. The models run one after another in this process; for one
    process per GPU see :class:`MultiprocessParallelUpdater`.

    Args:
        iterator: the dataset iterator (or a dict with ``'main'``).
        optimizer: the optimizer of the main model.
        converter (callable): the converter, :func:`chainer.dataset.concat_examples`
            by default.
        models (dict): the model of each device, keyed by name; ``'main'``
            must be the optimizer's target. When None, the target is copied
            once per entry of ``devices``.
        devices (dict): the device of each model, keyed by the same names
            (anything :func:`chainer.get_device` accepts; ``'main'`` is
            required when ``models`` is None). When None, each model's
            current device is used.
        loss_func (callable): computes the loss from a converted share; each
            model itself when None.
        loss_scale (float): a fixed loss scale (float16 training).
        auto_new_epoch (bool): call ``optimizer.new_epoch(auto=True)`` at
            each new epoch.

    Raises:
        ValueError: when neither ``models`` nor ``devices`` is given, or the
            names do not match.
        KeyError: when ``devices`` (without ``models``) has no ``'main'`` key.
    """

    def __init__(
        self,
        iterator,
        optimizer,
        converter=convert.concat_examples,
        models=None,
        devices=None,
        loss_func=None,
        loss_scale=None,
        auto_new_epoch=True,
    ):
        super().__init__(
            iterator=iterator,
            optimizer=optimizer,
            converter=converter,
            loss_func=loss_func,
            loss_scale=loss_scale,
            auto_new_epoch=auto_new_epoch,
        )
        main_model = self.get_optimizer("main").target

        if models is None:
            if devices is None:
                raise ValueError("ParallelUpdater: give models or devices (or both)")
            if "main" not in devices:
                raise KeyError("ParallelUpdater: devices must have a 'main' key")
            devices = {name: backend.get_device(spec) for name, spec in devices.items()}
            models = {"main": main_model}
            for name in devices:
                if name != "main":
                    models[name] = copy.deepcopy(main_model)
        else:
            models = dict(models)
            if models.get("main") is not main_model:
                raise ValueError(
                    "ParallelUpdater: models['main'] must be the target of the optimizer"
                )
            if devices is None:
                devices = {name: model.device for name, model in models.items()}
            else:
                devices = {name: backend.get_device(spec) for name, spec in devices.items()}
            if set(devices) != set(models):
                raise ValueError(
                    f"ParallelUpdater: models {sorted(models)} and devices "
                    f"{sorted(devices)} must have the same names"
                )
        # Keep 'main' first so that its share is the first one.
        self._models = {"main": models["main"]}
        self._models.update((k, v) for k, v in models.items() if k != "main")
        self._devices = devices
        for name, model in self._models.items():
            model.to_device(devices[name])

    def connect_trainer(self, trainer):
        """Registers the models other than the main one as reporter observers."""
        main_model = self.get_optimizer("main").target
        for name, model in self._models.items():
            if model is not main_model:
                trainer.reporter.add_observer(name, model)
                trainer.reporter.add_observers(name, model.namedlinks(skipself=True))

    def update_core(self):
        """One data-parallel step (see the class documentation)."""
        optimizer = self.get_optimizer("main")
        main_model = optimizer.target
        others = [m for m in self._models.values() if m is not main_model]

        iterator = self.get_iterator("main")
        batch = iterator.next()
        n = len(self._models)
        in_arrays = {
            name: convert._call_converter(self.converter, batch[i::n], self._devices[name])
            for i, name in enumerate(self._models)
        }

        for model in self._models.values():
            model.cleargrads()

        losses = []
        for name, model in self._models.items():
            loss_func = self.loss_func or model
            with chainer.force_backprop_mode(), chainer.using_device(self._devices[name]):
                losses.append(standard_updater._apply(loss_func, in_arrays[name]))

        # Parameters initialized lazily during the forward get no stale gradient.
        for model in self._models.values():
            model.cleargrads()
        for loss in losses:
            loss.backward(loss_scale=self.loss_scale)
        del losses

        for model in others:
            main_model.addgrads(model)
        optimizer.update()
        for model in others:
            model.copyparams(main_model)

        if self.auto_new_epoch and iterator.is_new_epoch:
            optimizer.new_epoch(auto=True)
