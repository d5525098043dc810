"""Trainer extensions: the base class, the priorities and the decorator.

An extension is any callable that takes the trainer. The trainer calls it
whenever its trigger fires, in descending order of priority, after the
update of that iteration. The attributes of this module's :class:`Extension`
(``trigger``, ``priority``, ``name``, ``default_name``) and its hooks
(``initialize``, ``on_error``, ``finalize``, ``serialize``) are the defaults
that :meth:`Trainer.extend <chainer.training.Trainer.extend>` looks for; a
plain function gets them from :func:`make_extension`.
"""

from __future__ import annotations

__all__ = [
    "PRIORITY_EDITOR",
    "PRIORITY_READER",
    "PRIORITY_WRITER",
    "Extension",
    "make_extension",
]

#: Priority of extensions that write to the observation (they run first).
PRIORITY_WRITER = 300
#: Priority of extensions that edit the observation written by writers.
PRIORITY_EDITOR = 200
#: Priority of extensions that only read the observation (they run last).
PRIORITY_READER = 100


class Extension:
    """Base class of trainer extensions.

    Subclass it and override :meth:`__call__`; override the other hooks as
    needed. The class attributes are the defaults used by
    :meth:`Trainer.extend <chainer.training.Trainer.extend>` when it is not
    given a trigger, a priority or a name.

    Attributes:
        trigger: the default trigger, ``(1, 'iteration')``: a tuple for an
            :class:`~chainer.training.triggers.IntervalTrigger` or any
            callable that takes the trainer and returns a bool.
        priority (int): the default priority, :data:`PRIORITY_READER`.
        name (str): the name under which the extension is registered; None
            until :meth:`Trainer.extend` sets it.
    """

    trigger = 1, "iteration"
    priority = PRIORITY_READER
    name = None

    @property
    def default_name(self):
        """str: the name used when none is given; the class name by default."""
        return type(self).__name__

    def __call__(self, trainer):
        """Runs the extension (called whenever its trigger fires).

        Args:
            trainer (~chainer.training.Trainer): the trainer that calls it.

        Raises:
            NotImplementedError: always, in this base class.
        """
        raise NotImplementedError(f"{type(self).__name__} must override __call__")

    def initialize(self, trainer):
        """Prepares the extension (and the trainer state it owns) before the loop.

        Called once by :meth:`Trainer.run <chainer.training.Trainer.run>`,
        before the first iteration, also after the trainer was restored from a
        snapshot: an extension that changes trainer state it does not save
        (an optimizer's learning rate, say) restores that state here.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """

    def on_error(self, trainer, exc, tb):
        """Handles an exception raised in the training loop.

        Called before :meth:`finalize` when the loop (an update or an
        extension) raises; the exception is re-raised afterwards.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
            exc (Exception): the exception.
            tb (traceback): its traceback.
        """

    def finalize(self):
        """Releases what the extension holds; called once when the loop ends (also on error)."""

    def serialize(self, serializer):
        """Saves or loads the state of the extension (nothing by default).

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """


def make_extension(
    trigger=None,
    default_name=None,
    priority=None,
    finalizer=None,
    initializer=None,
    on_error=None,
    **kwargs,
):
    """Decorator that turns a function into a trainer extension.

    It only sets attributes on the decorated function (or class)::

        @training.make_extension(trigger=(1, "epoch"))
        def lower_lr(trainer):
            trainer.updater.get_optimizer("main").lr *= 0.5

        trainer.extend(lower_lr)

    Args:
        trigger: the default trigger; ``(1, 'iteration')`` when None.
        default_name (str): the default name; the function's ``__name__``
            when None.
        priority (int): the default priority; :data:`PRIORITY_READER` when None.
        finalizer (callable): called with no argument when the loop ends.
        initializer (callable): called with the trainer before the loop.
        on_error (callable): called as ``on_error(trainer, exc, tb)`` when
            the loop raises.

    Returns:
        callable: the decorator.

    Raises:
        TypeError: for any other keyword argument (``invoke_before_training``
            was removed in Chainer v2: use ``initializer``).
    """
    if kwargs:
        if "invoke_before_training" in kwargs:
            raise TypeError(
                "make_extension: invoke_before_training was removed in Chainer v2; "
                "use initializer= instead"
            )
        raise TypeError(f"make_extension got unexpected keyword arguments {sorted(kwargs)}")
    if trigger is None:
        trigger = Extension.trigger
    if priority is None:
        priority = Extension.priority

    def decorator(ext):
        ext.trigger = trigger
        ext.default_name = default_name or ext.__name__
        ext.priority = priority
        ext.finalize = finalizer
        ext.on_error = on_error
        ext.initialize = initializer
        return ext

    return decorator
