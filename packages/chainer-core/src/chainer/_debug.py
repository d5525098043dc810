"""Debug mode switches (``chainer.config.debug``)."""

from chainer.configuration import config, using_config


def is_debug():
    """Returns whether debug mode is on in the current thread.

    Returns:
        bool: ``chainer.config.debug``.
    """
    return bool(config.debug)


def set_debug(debug):
    """Turns debug mode on or off in the current thread.

    Args:
        debug (bool): New debug mode.
    """
    config.debug = debug


class DebugMode:
    """Context manager that sets debug mode for its block.

    Args:
        debug (bool): Debug mode inside the block.
    """

    def __init__(self, debug):
        self._debug = debug
        self._active = []

    def __enter__(self):
        context = using_config("debug", self._debug)
        context.__enter__()
        self._active.append(context)

    def __exit__(self, *exc_info):
        return self._active.pop().__exit__(*exc_info)
