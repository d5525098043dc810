"""Warnings for experimental and nondeterministic features."""

import sys
import warnings


def _experimental_warning_disabled():
    chainer = sys.modules.get("chainer")
    if getattr(chainer, "disable_experimental_feature_warning", False):
        return True
    from chainer.configuration import config

    return bool(getattr(config, "disable_experimental_feature_warning", False))


def experimental(api_name):
    """Warns that an API is experimental and may change without notice.

    The warning (a ``FutureWarning``) is suppressed when
    ``chainer.disable_experimental_feature_warning`` or the configuration key
    of the same name is true. Python's warning filters show it once per call site.

    Args:
        api_name (str): The name of the API, e.g. ``'chainer.functions.foo'``.
    """
    if _experimental_warning_disabled():
        return
    warnings.warn(
        f"{api_name} is experimental. The interface can change in the future.",
        FutureWarning,
        stacklevel=3,
    )


def nondeterministic(f_name):
    """Warns that a function is nondeterministic, if ``config.warn_nondeterministic``.

    Args:
        f_name (str): The name of the function.
    """
    from chainer.configuration import config

    if config.warn_nondeterministic:
        warnings.warn(
            f"Potentially nondeterministic computation {f_name} was used while "
            "chainer.config.warn_nondeterministic is set.",
            stacklevel=3,
        )
