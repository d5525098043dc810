"""The FailOnNonNumber extension: stops training when a parameter becomes NaN or inf."""

from __future__ import annotations

from chainer import backend
from chainer.training import extension

__all__ = ["FailOnNonNumber"]


class FailOnNonNumber(extension.Extension):
    """Raises when a parameter of an optimizer's target is not finite.

    At each call every parameter of the target link of every optimizer of
    the updater is checked (parameters not initialized yet are skipped); a
    NaN or an infinity raises :class:`RuntimeError`, which ends the training
    loop (the extensions' ``on_error`` and ``finalize`` still run).
    """

    def __call__(self, trainer):
        """Checks the parameters.

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Raises:
            RuntimeError: naming the optimizer and the parameter that diverged.
        """
        for name, optimizer in trainer.updater.get_all_optimizers().items():
            target = optimizer.target
            for param_name, param in target.namedparams():
                array = param.array
                if array is None:
                    continue
                xp = backend.get_array_module(array)
                if not bool(xp.isfinite(array).all()):
                    raise RuntimeError(
                        f"FailOnNonNumber: the parameter {param_name!r} of the target of "
                        f"optimizer {name!r} has diverged (it holds NaN or inf); "
                        "stopping the training"
                    )
