import os
import pickle
import zipfile

import numpy
import pytest

import chainer
from chainer import datasets

Image = pytest.importorskip("PIL.Image")


def _save(path, array):
    Image.fromarray(array).save(path)


@pytest.fixture
def images(tmp_path):
    rng = numpy.random.RandomState(0)
    rgb = rng.randint(0, 256, (4, 5, 3)).astype(numpy.uint8)
    gray = rng.randint(0, 256, (4, 5)).astype(numpy.uint8)
    (tmp_path / "imgs").mkdir()
    _save(tmp_path / "imgs" / "rgb.png", rgb)
    _save(tmp_path / "imgs" / "gray.png", gray)
    return tmp_path, rgb, gray


def test_image_dataset_from_list(images):
    root, rgb, gray = images
    ds = datasets.ImageDataset(["rgb.png", "gray.png"], root=str(root / "imgs"))
    assert len(ds) == 2
    x = ds[0]
    assert x.shape == (3, 4, 5) and x.dtype == numpy.float32
    numpy.testing.assert_array_equal(x, rgb.transpose(2, 0, 1))
    y = ds[1]
    assert y.shape == (1, 4, 5)
    numpy.testing.assert_array_equal(y[0], gray)


def test_image_dataset_from_file_and_dtype(images):
    root, rgb, _ = images
    listing = root / "list.txt"
    listing.write_text("imgs/rgb.png\n\nimgs/gray.png\n")
    ds = datasets.ImageDataset(str(listing), root=str(root), dtype=numpy.uint8)
    assert len(ds) == 2
    assert ds[0].dtype == numpy.uint8
    with chainer.using_config("dtype", numpy.float16):
        assert datasets.ImageDataset(str(listing), root=str(root))[0].dtype == numpy.float16


def test_labeled_image_dataset(images):
    root, rgb, gray = images
    pairs = root / "pairs.txt"
    pairs.write_text("rgb.png 3\ngray.png 7\n")
    ds = datasets.LabeledImageDataset(str(pairs), root=str(root / "imgs"))
    x, t = ds[1]
    assert x.shape == (1, 4, 5)
    assert t.dtype == numpy.int32 and t == 7
    ds = datasets.LabeledImageDataset([("rgb.png", 2)], root=str(root / "imgs"), label_dtype="i8")
    assert ds[0][1].dtype == numpy.int64


def test_labeled_image_dataset_bad_file(tmp_path):
    bad = tmp_path / "pairs.txt"
    bad.write_text("a.png 1\nb.png one two\n")
    with pytest.raises(ValueError, match="line 2"):
        datasets.LabeledImageDataset(str(bad))
    bad.write_text("a.png x\n")
    with pytest.raises(ValueError, match="not an int"):
        datasets.LabeledImageDataset(str(bad))


@pytest.fixture
def archive(images):
    root, rgb, gray = images
    path = root / "images.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("dir/", b"")
        zf.write(root / "imgs" / "rgb.png", "dir/rgb.png")
        zf.write(root / "imgs" / "gray.png", "gray.png")
    return str(path), rgb, gray


def test_zipped_image_dataset(archive):
    path, rgb, gray = archive
    ds = datasets.ZippedImageDataset(path)
    assert len(ds) == 2  # the directory entry is skipped
    numpy.testing.assert_array_equal(ds[0], rgb.transpose(2, 0, 1))
    numpy.testing.assert_array_equal(ds[1][0], gray)
    copy = pickle.loads(pickle.dumps(ds))  # pickles by file name
    numpy.testing.assert_array_equal(copy[0], ds[0])


def test_zipped_image_dataset_in_forked_child(archive):
    path, rgb, _ = archive
    ds = datasets.ZippedImageDataset(path)
    ds[0]  # opens the archive in the parent
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        ok = numpy.array_equal(ds[0], rgb.transpose(2, 0, 1)) and ds[1].shape == (1, 4, 5)
        os.write(write_fd, b"1" if ok else b"0")
        os._exit(0)
    os.close(write_fd)
    assert os.read(read_fd, 1) == b"1"
    os.waitpid(pid, 0)
    os.close(read_fd)
    assert ds._local[0] == os.getpid()


def test_multi_zipped_image_dataset(archive, tmp_path):
    path, rgb, gray = archive
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.write(tmp_path / "imgs" / "gray.png", "g.png")
    ds = datasets.MultiZippedImageDataset([path, str(other)], dtype=numpy.float64)
    assert len(ds) == 3
    assert ds[2].dtype == numpy.float64
    numpy.testing.assert_array_equal(ds[2][0], gray)
    numpy.testing.assert_array_equal(ds[-3], rgb.transpose(2, 0, 1))
    with pytest.raises(IndexError):
        ds[3]


def test_labeled_zipped_image_dataset(archive, tmp_path):
    path, rgb, gray = archive
    labels = tmp_path / "labels.txt"
    labels.write_text("gray.png 4\ndir/rgb.png 1\n")
    ds = datasets.LabeledZippedImageDataset(path, str(labels))
    assert len(ds) == 2
    x, t = ds[0]  # the label file's order
    numpy.testing.assert_array_equal(x[0], gray)
    assert t == 4 and t.dtype == numpy.int32
    labels.write_text("nope.png 1\n")
    with pytest.raises(ValueError, match="nope.png"):
        datasets.LabeledZippedImageDataset(path, str(labels))
