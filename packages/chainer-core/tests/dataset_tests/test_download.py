import glob
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

import chainer
from chainer import dataset
from chainer.dataset import download

DATA = bytes(range(256)) * 400  # 102,400 bytes
SHA256 = hashlib.sha256(DATA).hexdigest()
MD5 = hashlib.md5(DATA).hexdigest()
WRONG = "0" * 64


def _cache_path(root, url):
    return os.path.join(str(root), "_dl_cache", hashlib.md5(url.encode()).hexdigest())


def _debris(root):
    return glob.glob(os.path.join(str(root), "_dl_cache", "*.part"))


def _subprocess_env(**extra):
    env = os.environ.copy()
    src = os.path.dirname(os.path.dirname(chainer.__file__))
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    env.pop("CHAINER_DATASET_SKIP_CHECKSUM", None)
    env.update(extra)
    return env


# -- the dataset root ------------------------------------------------------------


def test_root_comes_from_environment_or_home(tmp_path):
    code = "from chainer.dataset import get_dataset_root; print(get_dataset_root())"
    env = _subprocess_env(CHAINER_DATASET_ROOT=str(tmp_path / "env_root"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == str(tmp_path / "env_root"), out.stderr
    env = _subprocess_env(HOME=str(tmp_path))
    env.pop("CHAINER_DATASET_ROOT", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == os.path.join(str(tmp_path), ".chainer", "dataset"), out.stderr


def test_set_root_and_dataset_directory(dataset_root):
    assert dataset.get_dataset_root() == str(dataset_root)
    path = dataset.get_dataset_directory("org/name", create_directory=False)
    assert path == os.path.join(str(dataset_root), "org", "name")
    assert not os.path.exists(path)
    assert dataset.get_dataset_directory("org/name") == path
    assert os.path.isdir(path)


# -- cached_download ---------------------------------------------------------------


def test_download_then_cache_hit(file_server, dataset_root, capfd):
    url = file_server.add("data.bin", DATA)
    path = dataset.cached_download(url, sha256=SHA256)
    assert path == _cache_path(dataset_root, url)
    with open(path, "rb") as f:
        assert f.read() == DATA
    assert "Downloading from " + url in capfd.readouterr().err
    # A cache hit makes no request, with or without a checksum.
    assert dataset.cached_download(url, sha256=SHA256) == path
    assert dataset.cached_download(url) == path
    assert file_server.requests["/data.bin"] == 1
    assert "Downloading" not in capfd.readouterr().err
    assert not _debris(dataset_root)


def test_md5_is_checked_too(file_server, dataset_root):
    url = file_server.add("data.bin", DATA)
    assert os.path.exists(dataset.cached_download(url, md5=MD5, sha256=SHA256))
    url2 = file_server.add("data2.bin", DATA)
    with pytest.raises(dataset.ChecksumError, match="md5"):
        dataset.cached_download(url2, md5="f" * 32)


def test_checksum_mismatch_names_file_and_digests_and_caches_nothing(file_server, dataset_root):
    url = file_server.add("bad.bin", DATA)
    with pytest.raises(dataset.ChecksumError) as info:
        dataset.cached_download(url, sha256=WRONG)
    message = str(info.value)
    assert url in message and WRONG in message and SHA256 in message
    assert "CHAINER_DATASET_SKIP_CHECKSUM" in message
    assert (info.value.expected, info.value.actual) == (WRONG, SHA256)
    assert isinstance(info.value, OSError)
    assert not os.path.exists(_cache_path(dataset_root, url))
    assert not _debris(dataset_root)


@pytest.mark.parametrize("how", ["verify_false", "environment"])
def test_checksum_override_keeps_content_with_a_warning(
    file_server, dataset_root, monkeypatch, how
):
    url = file_server.add("repacked.bin", DATA)
    kwargs = {"verify": False} if how == "verify_false" else {}
    if how == "environment":
        monkeypatch.setenv("CHAINER_DATASET_SKIP_CHECKSUM", "1")
    with pytest.warns(UserWarning, match="checksum mismatch"):
        path = dataset.cached_download(url, sha256=WRONG, **kwargs)
    with open(path, "rb") as f:
        assert f.read() == DATA


def test_truncated_body_never_lands_in_cache(file_server, dataset_root):
    url = file_server.add("short.bin", DATA, send=len(DATA) // 3)
    with pytest.raises(dataset.DownloadError, match="truncated"):
        dataset.cached_download(url)
    assert not os.path.exists(_cache_path(dataset_root, url))
    assert not _debris(dataset_root)
    file_server.add("short.bin", DATA)  # the server recovers
    with open(dataset.cached_download(url, sha256=SHA256), "rb") as f:
        assert f.read() == DATA


def test_http_error_and_mirrors(file_server, dataset_root):
    missing = file_server.url("missing.bin")
    with pytest.raises(dataset.DownloadError, match="missing.bin"):
        dataset.cached_download(missing)
    mirror = file_server.add("mirror/data.bin", DATA)
    broken_mirror = file_server.add("broken/data.bin", b"not the data")
    path = dataset.cached_download(missing, sha256=SHA256, mirrors=(broken_mirror, mirror))
    assert path == _cache_path(dataset_root, missing)  # keyed by the canonical URL
    assert file_server.requests["/broken/data.bin"] == 1
    with pytest.raises(dataset.DownloadError, match="any of its sources"):
        dataset.cached_download(file_server.url("nowhere.bin"), mirrors=(broken_mirror,), md5=MD5)


def test_corrupt_cached_copy_is_fetched_again(file_server, dataset_root):
    url = file_server.add("data.bin", DATA)
    path = dataset.cached_download(url, sha256=SHA256)
    with open(path, "wb") as f:
        f.write(b"bit rot")
    with pytest.warns(UserWarning, match="downloading it again"):
        assert dataset.cached_download(url, sha256=SHA256) == path
    with open(path, "rb") as f:
        assert f.read() == DATA
    assert file_server.requests["/data.bin"] == 2


def test_progress_bar_on_stderr(file_server, dataset_root, capfd):
    url = file_server.add("data.bin", DATA)
    dataset.cached_download(url, progress=True)
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "100.0 KiB" in captured.err and "100.0%" in captured.err


def test_bad_digest_arguments(dataset_root):
    with pytest.raises(ValueError, match="sha256"):
        dataset.cached_download("http://127.0.0.1:9/x", sha256="abc")
    with pytest.raises(TypeError, match="md5"):
        dataset.cached_download("http://127.0.0.1:9/x", md5=123)


_FETCH = """
import sys
from chainer.dataset import download
download.set_dataset_root(sys.argv[1])
print(download.cached_download(sys.argv[2], sha256=sys.argv[3]))
"""


def test_two_processes_fetching_at_once_end_with_one_good_copy(file_server, dataset_root):
    url = file_server.add("slow.bin", DATA, delay=1.0)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _FETCH, str(dataset_root), url, SHA256],
            env=_subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    paths = {out.strip() for out, _ in outputs}
    assert paths == {_cache_path(dataset_root, url)}
    with open(paths.pop(), "rb") as f:
        assert f.read() == DATA
    assert file_server.requests["/slow.bin"] == 1  # the second process found it cached
    assert not _debris(dataset_root)


def test_threads_fetching_at_once_download_once(file_server, dataset_root):
    url = file_server.add("slow.bin", DATA, delay=0.3)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(dataset.cached_download(url)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and len(results) == 4
    assert file_server.requests["/slow.bin"] == 1


def test_killed_download_leaves_no_cache_entry(file_server, dataset_root):
    url = file_server.add("stalls.bin", DATA, delay=30)
    proc = subprocess.Popen(
        [sys.executable, "-c", _FETCH, str(dataset_root), url, SHA256],
        env=_subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not _debris(dataset_root) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _debris(dataset_root), "the download never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert not os.path.exists(_cache_path(dataset_root, url))
    file_server.add("stalls.bin", DATA)
    path = dataset.cached_download(url, sha256=SHA256)
    with open(path, "rb") as f:
        assert f.read() == DATA
    assert not _debris(dataset_root)  # the stale partial file was removed


# -- cache_or_load_file ------------------------------------------------------------


def _write(text):
    def creator(path):
        with open(path, "w") as f:
            f.write(text)
        return "created:" + os.path.basename(path)

    return creator


def _read(path):
    with open(path) as f:
        return "loaded:" + f.read()


def test_cache_or_load_file_creates_once_then_loads(tmp_path):
    path = tmp_path / "sub" / "file.txt"
    seen = []

    def creator(temp_path):
        seen.append(temp_path)
        return _write("hello")(temp_path)

    assert download.cache_or_load_file(path, creator, _read) == "created:file.txt"
    assert os.path.basename(seen[0]) == "file.txt" and seen[0] != str(path)
    assert os.path.dirname(os.path.dirname(seen[0])) == str(path.parent)
    assert path.read_text() == "hello"
    assert download.cache_or_load_file(path, creator, _read) == "loaded:hello"
    assert len(seen) == 1
    assert sorted(os.listdir(path.parent)) == [".file.txt.lock", "file.txt"]


def test_failing_creator_leaves_nothing(tmp_path):
    path = tmp_path / "file.txt"

    def creator(temp_path):
        with open(temp_path, "w") as f:
            f.write("half")
        raise OSError("creation failed")

    with pytest.raises(OSError, match="creation failed"):
        download.cache_or_load_file(path, creator, _read)
    assert not path.exists()
    assert [p for p in os.listdir(tmp_path) if not p.endswith(".lock")] == []


def test_creator_that_writes_nothing_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="must write the file"):
        download.cache_or_load_file(tmp_path / "f.txt", lambda p: 1, _read)


def test_concurrent_creation_runs_the_creator_once(tmp_path):
    path = tmp_path / "file.txt"
    calls = []

    def creator(temp_path):
        calls.append(1)
        time.sleep(0.2)
        return _write("once")(temp_path)

    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(download.cache_or_load_file(path, creator, _read))
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert sorted(results) == ["created:file.txt"] + ["loaded:once"] * 3
