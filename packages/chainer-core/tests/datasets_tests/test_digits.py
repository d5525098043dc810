import hashlib
from importlib import resources

import numpy
import pytest

import chainer
from chainer import datasets


def test_shipped_file_is_intact():
    data = resources.files("chainer.datasets").joinpath("data/digits.npz").read_bytes()
    assert hashlib.sha256(data).hexdigest() == (
        "f10b077e7e3037d11006b85b6b71a63e15b2bf746d91c4e4122e42d304e5e54b"
    )
    readme = resources.files("chainer.datasets").joinpath("data/README.md").read_text()
    assert "CC BY 4.0" in readme and "Alpaydin" in readme


def test_default_split():
    train, test = datasets.get_digits()
    assert len(train) == 1500 and len(test) == 297
    x, t = train[0]
    assert x.shape == (64,) and x.dtype == numpy.float32
    assert t.dtype == numpy.int32
    xs = numpy.stack([train[i][0] for i in range(len(train))])
    assert xs.min() == 0.0 and xs.max() == 1.0
    labels = numpy.concatenate(
        [[train[i][1] for i in range(len(train))], [test[i][1] for i in range(len(test))]]
    )
    assert numpy.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_split_is_the_documented_permutation():
    with numpy.load(
        resources.files("chainer.datasets").joinpath("data/digits.npz").open("rb")
    ) as f:
        x, y = f["x"], f["y"]
    assert x.shape == (1797, 64) and x.dtype == numpy.uint8 and x.max() == 16
    order = numpy.random.RandomState(0).permutation(1797)
    train, test = datasets.get_digits(withlabel=False, scale=16.0)
    numpy.testing.assert_array_equal(train, x[order[:1500]])
    numpy.testing.assert_array_equal(test, x[order[1500:]])
    labeled, _ = datasets.get_digits()
    assert [int(labeled[i][1]) for i in (0, 1, 1499)] == y[order[[0, 1, 1499]]].tolist()
    # Pinned so that a change of the split cannot go unnoticed.
    assert order[:5].tolist() == [1081, 1707, 927, 713, 262]


def test_shapes_dtypes_and_scale():
    train, _ = datasets.get_digits(ndim=3, dtype=numpy.float64, label_dtype=numpy.int64, scale=2)
    x, t = train[3]
    assert x.shape == (1, 8, 8) and x.dtype == numpy.float64 and t.dtype == numpy.int64
    assert 0 <= x.min() and x.max() <= 2
    train, test = datasets.get_digits(withlabel=False, ndim=2)
    assert train.shape == (1500, 8, 8) and test.shape == (297, 8, 8)
    with chainer.using_config("dtype", numpy.float16):
        assert datasets.get_digits(withlabel=False)[0].dtype == numpy.float16
    with pytest.raises(ValueError, match="ndim"):
        datasets.get_digits(ndim=4)
    with pytest.raises(ValueError, match="floating-point"):
        datasets.get_digits(dtype=numpy.int32)


def test_learnable_by_a_linear_model():
    # Class means of the training set classify most of the test set: the split is sane.
    train, test = datasets.get_digits(withlabel=True)
    x, t = chainer.dataset.concat_examples(train[:])
    xt, tt = chainer.dataset.concat_examples(test[:])
    means = numpy.stack([x[t == c].mean(axis=0) for c in range(10)])
    predicted = ((xt[:, None, :] - means[None]) ** 2).sum(-1).argmin(1)
    assert (predicted == tt).mean() > 0.85
