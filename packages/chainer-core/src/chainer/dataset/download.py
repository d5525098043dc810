"""Dataset cache: where downloaded and preprocessed datasets are kept, and how they get there.

Everything lives under the *dataset root*: ``$CHAINER_DATASET_ROOT`` when
that environment variable is set when chainer is imported, otherwise
``~/.chainer/dataset``; :func:`set_dataset_root` changes it at run time.

Downloads (:func:`cached_download`) go to ``<root>/_dl_cache/<md5 of the
URL>``. Each one is written to a temporary file in the same directory,
checked, and only then renamed into place (an atomic rename), all under a
file lock per URL. So:

* a download that fails, stops early (fewer bytes than the server's
  ``Content-Length``) or has the wrong checksum never lands in the cache;
* processes and threads fetching the same URL at once download it once:
  the others wait for the lock and then find the finished file.

Checksums: :func:`cached_download` takes the expected ``sha256`` (or
``md5``) digest of the content; the dataset loaders of
:mod:`chainer.datasets` pass the digests their data's publishers or
well-known loaders publish. A mismatch raises :class:`ChecksumError`, which
names the file and both digests. To accept such content anyway (a mirror
that re-packed the files, say), set the environment variable
``CHAINER_DATASET_SKIP_CHECKSUM=1`` or pass ``verify=False``: the digest is
still computed and a mismatch becomes a warning.

While downloading, a progress line is written to standard error.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import http.client
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings

import filelock

__all__ = [
    "ChecksumError",
    "DownloadError",
    "cache_or_load_file",
    "cached_download",
    "get_dataset_directory",
    "get_dataset_root",
    "set_dataset_root",
]

_ROOT_ENV = "CHAINER_DATASET_ROOT"
_SKIP_CHECKSUM_ENV = "CHAINER_DATASET_SKIP_CHECKSUM"
_CHUNK = 1 << 16

_dataset_root = os.environ.get(_ROOT_ENV) or os.path.join(
    os.path.expanduser("~"), ".chainer", "dataset"
)


class DownloadError(OSError):
    """A download failed, stopped early, or did not have the expected content."""


class ChecksumError(DownloadError):
    """The content of a file does not have the expected digest.

    Attributes:
        name (str): the URL or path of the file.
        algorithm (str): ``'sha256'`` or ``'md5'``.
        expected (str): the expected hex digest.
        actual (str): the digest of the content received.
    """

    def __init__(self, name, algorithm, expected, actual):
        self.name = name
        self.algorithm = algorithm
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{algorithm} checksum mismatch for {name}: expected {expected}, got {actual}. "
            "The file was not kept. If you trust this content (a re-packed mirror, say), "
            f"set {_SKIP_CHECKSUM_ENV}=1 or call cached_download(..., verify=False)."
        )


def get_dataset_root():
    """Returns the root directory of the dataset cache.

    Returns:
        str: ``$CHAINER_DATASET_ROOT`` as it was when chainer was imported,
        ``~/.chainer/dataset`` when that variable was unset, or the path last
        given to :func:`set_dataset_root`.
    """
    return _dataset_root


def set_dataset_root(path):
    """Sets the root directory of the dataset cache for this process.

    Args:
        path (str or os.PathLike): the new root. It is created when first
            needed.
    """
    global _dataset_root
    _dataset_root = os.fspath(path)


def get_dataset_directory(dataset_name, create_directory=True):
    """Returns the directory of one dataset under the dataset root.

    Args:
        dataset_name (str): the dataset's name, a relative path such as
            ``'pfnet/chainer/mnist'``.
        create_directory (bool): whether to create the directory (and its
            parents) when it does not exist.

    Returns:
        str: ``<dataset root>/<dataset_name>``.
    """
    path = os.path.join(_dataset_root, dataset_name)
    if create_directory:
        os.makedirs(path, exist_ok=True)
    return path


def _skip_checksum_requested():
    return os.environ.get(_SKIP_CHECKSUM_ENV, "").strip().lower() not in ("", "0", "false", "no")


def _expected_digests(sha256, md5):
    expected = {}
    for algorithm, value, length in (("sha256", sha256, 64), ("md5", md5, 32)):
        if value is None:
            continue
        if not isinstance(value, str):
            raise TypeError(f"{algorithm} must be a hex string, not {type(value).__name__}")
        value = value.strip().lower()
        if len(value) != length or any(c not in "0123456789abcdef" for c in value):
            raise ValueError(f"{algorithm} must be {length} hex digits, got {value!r}")
        expected[algorithm] = value
    return expected


def _file_digests(path, algorithms):
    hashers = {a: hashlib.new(a) for a in algorithms}
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            for h in hashers.values():
                h.update(chunk)
    return {a: h.hexdigest() for a, h in hashers.items()}


def _mismatch(expected, actual):
    # The first (algorithm, expected, actual) that differs, or None.
    for algorithm, value in expected.items():
        if actual[algorithm] != value:
            return algorithm, value, actual[algorithm]
    return None


def _check_digests(name, expected, actual, verify):
    # Raises ChecksumError on a mismatch, or only warns when not verifying.
    mismatch = _mismatch(expected, actual)
    if mismatch is None:
        return
    if verify:
        raise ChecksumError(name, *mismatch)
    algorithm, value, got = mismatch
    warnings.warn(
        f"{algorithm} checksum mismatch for {name} (expected {value}, got {got}); "
        "keeping it because checksum verification is off",
        stacklevel=4,
    )


class _Progress:
    # A one-line progress display on stderr; redrawn in place on a terminal.

    def __init__(self, url, total, enabled):
        self._total = total
        self._done = 0
        self._stream = sys.stderr
        self._start = self._last = time.monotonic()
        isatty = getattr(self._stream, "isatty", lambda: False)
        self._live = enabled if enabled is not None else bool(isatty())
        size = f" ({_format_size(total)})" if total is not None else ""
        self._write(f"Downloading from {url}{size}...\n")

    def _write(self, text):
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            pass

    def _line(self):
        if self._total:
            fraction = min(self._done / self._total, 1.0)
            filled = int(fraction * 30)
            bar = "#" * filled + "." * (30 - filled)
            return (
                f"[{bar}] {fraction * 100:5.1f}% "
                f"{_format_size(self._done)} / {_format_size(self._total)}"
            )
        return f"{_format_size(self._done)}"

    def update(self, n):
        self._done += n
        now = time.monotonic()
        if self._live and now - self._last >= 0.1:
            self._last = now
            self._write("\r" + self._line())

    def close(self):
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = _format_size(self._done / elapsed)
        prefix = "\r" if self._live else ""
        self._write(f"{prefix}{self._line()} in {elapsed:.1f} s ({rate}/s)\n")


def _format_size(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def _fetch(url, out, algorithms, progress, timeout):
    # Streams ``url`` into the open binary file ``out``; returns the digests.
    hashers = {a: hashlib.new(a) for a in algorithms}
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length is not None and length.isdigit() else None
            bar = _Progress(url, total, progress)
            received = 0
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                for h in hashers.values():
                    h.update(chunk)
                received += len(chunk)
                bar.update(len(chunk))
            bar.close()
    except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
        raise DownloadError(f"downloading {url} failed: {e}") from e
    if total is not None and received != total:
        raise DownloadError(
            f"downloading {url} failed: the connection closed after {received} of "
            f"{total} bytes (truncated body)"
        )
    return {a: h.hexdigest() for a, h in hashers.items()}


def _url_key(url):
    return hashlib.md5(url.encode("utf-8"), usedforsecurity=False).hexdigest()


def cached_download(
    url, *, sha256=None, md5=None, verify=None, mirrors=(), progress=None, timeout=60.0
):
    """Downloads a file into the cache once, and returns its path.

    The file is stored as ``<dataset root>/_dl_cache/<md5 of url>``. When it
    is already there, no request is made. Otherwise it is downloaded to a
    temporary file next to it, checked (the length against the server's
    ``Content-Length``, the digests against ``sha256`` / ``md5``) and renamed
    into place, all under a file lock for this URL, so a failed or corrupt
    download never lands in the cache and concurrent callers (threads or
    processes) end with one good copy.

    Args:
        url (str): the URL (``http``, ``https``, ``ftp`` or ``file``).
        sha256 (str): the expected SHA-256 hex digest of the content, or
            None.
        md5 (str): the expected MD5 hex digest of the content, or None.
        verify (bool): whether a digest mismatch is an error. None (the
            default) means yes unless the environment variable
            ``CHAINER_DATASET_SKIP_CHECKSUM`` is set to a true value (``1``);
            with False a mismatch only warns and the content is kept.
        mirrors (sequence of str): other URLs serving the same content,
            tried in order when ``url`` fails. The cache entry stays keyed by
            ``url``.
        progress (bool): whether to redraw a progress bar on stderr; None
            (the default) redraws it only on a terminal. The start and the
            end of each download are reported on stderr either way.
        timeout (float): the socket timeout in seconds.

    Returns:
        str: the path of the cached file.

    Raises:
        ChecksumError: the content does not have the expected digest (the
            cached copy, if any, was already re-fetched once).
        DownloadError: the download failed or was truncated (from every
            URL tried).
    """
    expected = _expected_digests(sha256, md5)
    if verify is None:
        verify = not _skip_checksum_requested()
    cache_root = os.path.join(_dataset_root, "_dl_cache")
    os.makedirs(cache_root, exist_ok=True)
    key = _url_key(url)
    cache_path = os.path.join(cache_root, key)
    if os.path.exists(cache_path) and not expected:
        return cache_path

    with filelock.FileLock(os.path.join(cache_root, key + ".lock")):
        if os.path.exists(cache_path):
            mismatch = _mismatch(expected, _file_digests(cache_path, expected))
            if mismatch is None:
                return cache_path
            algorithm, value, got = mismatch
            if not verify:
                warnings.warn(
                    f"the cached copy {cache_path} of {url} has {algorithm} {got}, expected "
                    f"{value}; keeping it because checksum verification is off",
                    stacklevel=2,
                )
                return cache_path
            warnings.warn(
                f"the cached copy {cache_path} of {url} has {algorithm} {got}, expected "
                f"{value}; downloading it again",
                stacklevel=2,
            )
            os.remove(cache_path)
        # Partial files of earlier, killed attempts: nobody else holds the lock.
        for stale in glob.glob(os.path.join(cache_root, glob.escape(key) + ".*.part")):
            with contextlib.suppress(OSError):
                os.remove(stale)

        errors = []
        for source in (url, *mirrors):
            try:
                _download_to(
                    source, cache_root, key, cache_path, expected, verify, progress, timeout
                )
                return cache_path
            except DownloadError as e:
                errors.append((source, e))
        if len(errors) == 1:
            raise errors[0][1]
        lines = "\n".join(f"  {source}: {e}" for source, e in errors)
        raise DownloadError(f"could not download {url} from any of its sources:\n{lines}")


def _download_to(url, cache_root, key, cache_path, expected, verify, progress, timeout):
    fd, temp_path = tempfile.mkstemp(prefix=key + ".", suffix=".part", dir=cache_root)
    try:
        with os.fdopen(fd, "wb") as out:
            actual = _fetch(url, out, expected, progress, timeout)
            out.flush()
            os.fsync(out.fileno())
        _check_digests(url, expected, actual, verify)
        os.replace(temp_path, cache_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp_path)
        raise


def cache_or_load_file(path, creator, loader):
    """Loads a file of the cache, creating it first when it does not exist.

    When ``path`` exists, returns ``loader(path)``. Otherwise calls
    ``creator(temp_path)``, where ``temp_path`` is a path with the same file
    name in a fresh temporary directory next to ``path``; the creator must
    write the file there and return its content, which is returned. The
    file is then renamed to ``path`` (an atomic rename). Creation runs under
    a file lock for ``path``, so concurrent callers create it once: the
    others wait and load it. A creator that raises leaves nothing behind
    (the lock file, ``.<file name>.lock`` next to ``path``, stays).

    Args:
        path (str or os.PathLike): the file.
        creator (callable): ``creator(temp_path)`` writes the file and
            returns its content.
        loader (callable): ``loader(path)`` reads the file and returns its
            content.

    Returns:
        The content, from ``loader`` or from ``creator``.

    Raises:
        RuntimeError: the creator returned without writing the file.
    """
    path = os.fspath(path)
    if os.path.exists(path):
        return loader(path)
    directory, name = os.path.split(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with filelock.FileLock(os.path.join(directory, f".{name}.lock")):
        if os.path.exists(path):
            return loader(path)
        temp_dir = tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        try:
            temp_path = os.path.join(temp_dir, name)
            content = creator(temp_path)
            if not os.path.exists(temp_path):
                raise RuntimeError(
                    f"the creator {creator!r} returned without writing {temp_path!r}; "
                    "it must write the file at the path it is given"
                )
            os.replace(temp_path, path)
        finally:
            shutil.rmtree(temp_dir, ignore_errors=True)
    return content
