"""A temporary directory as a context manager."""

import contextlib
import shutil
import tempfile


@contextlib.contextmanager
def tempdir(**kwargs):
    """Creates a temporary directory and removes it on exit.

    Args:
        kwargs: Passed to :func:`tempfile.mkdtemp`.

    Yields:
        str: The path of the directory.
    """
    ignore_errors = kwargs.pop("ignore_errors", False)
    path = tempfile.mkdtemp(**kwargs)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=ignore_errors)
