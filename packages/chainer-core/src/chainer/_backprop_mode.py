"""Context managers that switch graph construction off or on."""

from chainer.configuration import using_config


def no_backprop_mode():
    """Returns a context manager in which no computational graph is recorded.

    It sets ``chainer.config.enable_backprop`` to ``False``.

    Returns:
        A context manager.
    """
    return using_config("enable_backprop", False)


def force_backprop_mode():
    """Returns a context manager in which the computational graph is recorded.

    It sets ``chainer.config.enable_backprop`` to ``True``, also inside a
    :func:`no_backprop_mode` scope.

    Returns:
        A context manager.
    """
    return using_config("enable_backprop", True)
