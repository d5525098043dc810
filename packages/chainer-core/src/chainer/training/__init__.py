"""The training loop: :class:`Trainer`, updaters, extensions and triggers.

A whole training flow in a few lines::

    optimizer = chainer.optimizers.SGD(lr=0.1).setup(model)
    updater = training.updaters.StandardUpdater(train_iter, optimizer)
    trainer = training.Trainer(updater, (10, "epoch"))
    trainer.extend(training.extensions.LogReport())
    trainer.run()

Every piece also works from a hand-written loop: an updater's ``update()`` is
one step, a trigger is a callable of the trainer, and an extension is a
callable of the trainer.
"""

from chainer.training import extension, triggers, util  # noqa: I001 - util before trainer
from chainer.training import trainer, updater, updaters
from chainer.training.extension import (
    PRIORITY_EDITOR,
    PRIORITY_READER,
    PRIORITY_WRITER,
    Extension,
    make_extension,
)
from chainer.training.trainer import Trainer
from chainer.training.triggers.interval_trigger import IntervalTrigger
from chainer.training._updater import Updater
from chainer.training.updaters import ParallelUpdater, StandardUpdater
from chainer.training.util import get_trigger


def __getattr__(name):
    # ``extensions`` imports this package (and many optional pieces), so it is
    # loaded on first use rather than here.
    if name == "extensions":
        import importlib

        return importlib.import_module("chainer.training.extensions")
    raise AttributeError(f"module 'chainer.training' has no attribute {name!r}")


__all__ = [  # noqa: F822 - extensions is provided by __getattr__
    "Extension",
    "IntervalTrigger",
    "PRIORITY_EDITOR",
    "PRIORITY_READER",
    "PRIORITY_WRITER",
    "ParallelUpdater",
    "StandardUpdater",
    "Trainer",
    "Updater",
    "extension",
    "extensions",
    "get_trigger",
    "make_extension",
    "trainer",
    "triggers",
    "updater",
    "updaters",
    "util",
]
