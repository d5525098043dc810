"""Tests of chainer.links.model.vision.googlenet.GoogLeNet and the shared predict logic."""

import collections

import numpy
import pytest

import chainer
from chainer.functions.activation.softmax import softmax
from chainer.links.connection.linear import Linear
from chainer.links.model.vision import _base, _image, googlenet
from chainer.links.model.vision.googlenet import GoogLeNet

LAYERS = [
    "conv1",
    "pool1",
    "conv2_reduce",
    "conv2",
    "pool2",
    "inception_3a",
    "inception_3b",
    "pool3",
    "inception_4a",
    "inception_4b",
    "inception_4c",
    "inception_4d",
    "inception_4e",
    "pool4",
    "inception_5a",
    "inception_5b",
    "pool5",
    "loss3_fc",
    "prob",
    "loss1_fc2",
    "loss2_fc2",
]


@pytest.fixture(scope="module")
def model():
    return GoogLeNet(pretrained_model=None)


def _images(n, size, seed=0):
    return numpy.random.RandomState(seed).uniform(-100, 100, (n, 3, size, size)).astype("f")


def test_available_layers(model):
    assert model.available_layers == LAYERS
    names = {name for name, _ in model.namedlinks(skipself=True) if name.count("/") == 1}
    assert {"/inc3a", "/inc5b", "/loss1_conv", "/loss2_fc2", "/loss3_fc"} <= names
    assert sorted(n for n, _ in model.inc4a.namedparams())[:4] == [
        "/conv1/W",
        "/conv1/b",
        "/conv3/W",
        "/conv3/b",
    ]


def test_imagenet_size_all_layers(model):
    with chainer.using_config("train", False):
        out = model(_images(1, 224), layers=LAYERS)
    shapes = {name: v.shape[1:] for name, v in out.items()}
    assert shapes["conv1"] == (64, 112, 112)
    assert shapes["pool1"] == (64, 56, 56)
    assert shapes["conv2"] == (192, 56, 56)
    assert shapes["inception_3b"] == (480, 28, 28)
    assert shapes["inception_4e"] == (832, 14, 14)
    assert shapes["inception_5b"] == (1024, 7, 7)
    assert shapes["pool5"] == (1024, 1, 1)
    for name in ("loss3_fc", "prob", "loss1_fc2", "loss2_fc2"):
        assert shapes[name] == (1000,)
    numpy.testing.assert_allclose(out["prob"].array.sum(), 1.0, rtol=1e-5)


def test_small_input(model):
    out = model(_images(2, 64), layers=["pool2", "inception_4e", "inception_5b"])
    assert out["pool2"].shape == (2, 192, 8, 8)
    assert out["inception_4e"].shape == (2, 832, 4, 4)
    assert out["inception_5b"].shape == (2, 1024, 2, 2)


def test_side_branches(model, monkeypatch):
    x = _images(1, 224)
    with chainer.using_config("train", False):
        full = model(x, layers=["loss1_fc2", "loss2_fc2"])

        def boom(h):
            raise AssertionError("the layers after inception_4a should not run")

        monkeypatch.setattr(model.inc4b, "forward", boom)
        only = model(x, layers=["loss1_fc2"])
    assert list(only) == ["loss1_fc2"]
    numpy.testing.assert_allclose(only["loss1_fc2"].array, full["loss1_fc2"].array, rtol=1e-6)


def test_dropout_before_loss3_fc_only_in_training(model):
    pool5 = model(_images(1, 224), layers=["pool5"])["pool5"]
    dropout = model.functions["loss3_fc"][0]
    with chainer.using_config("train", False):
        numpy.testing.assert_array_equal(dropout(pool5).array, pool5.array)
    with chainer.using_config("train", True):
        dropped = dropout(pool5).array
    kept = dropped != 0
    numpy.testing.assert_allclose(dropped[kept], pool5.array[kept] / 0.6, rtol=1e-5)
    assert 0.2 < 1 - kept.mean() < 0.6  # ratio 0.4


def test_npz_round_trip(model, tmp_path):
    from chainer.serializers import save_npz

    path = str(tmp_path / "googlenet.npz")
    save_npz(path, model, compression=False)
    loaded = GoogLeNet(pretrained_model=path)
    for (name, p), (_, q) in zip(sorted(model.namedparams()), sorted(loaded.namedparams())):
        numpy.testing.assert_array_equal(p.array, q.array, err_msg=name)


def test_pretrained_model_errors():
    with pytest.raises(NotImplementedError, match="out of scope.*\\.npz"):
        GoogLeNet()
    with pytest.raises(NotImplementedError, match="Caffe"):
        GoogLeNet("bvlc_googlenet.caffemodel")
    with pytest.raises(TypeError, match="pretrained_model"):
        GoogLeNet(pretrained_model=object())


def test_extract_removed_arguments(model):
    with pytest.raises(ValueError, match="using_config"):
        model.extract([numpy.zeros((8, 8, 3))], train=False)


def test_predict_oversample(model):
    image = numpy.random.RandomState(2).randint(0, 256, (70, 90, 3)).astype(numpy.uint8)
    prob = model.predict([image], oversample=True)
    assert prob.shape == (1, 1000) and prob.creator is None
    numpy.testing.assert_allclose(prob.array.sum(axis=1), 1.0, rtol=1e-5)
    assert chainer.config.train  # restored after predict


# -- the shared extract / predict logic on a tiny model -------------------------------------


class _Tiny(_base.VisionLayers):
    """Global average pooling, a 3 -> 1000 linear layer and softmax."""

    _mean = (1.0, 2.0, 3.0)

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.fc = Linear(3, 1000)

    @property
    def functions(self):
        return collections.OrderedDict(
            [
                ("pool5", [lambda x: chainer.functions.mean(x, axis=(2, 3))]),
                ("fc", [self.fc]),
                ("prob", [softmax]),
            ]
        )


def _probs(tiny, batch):
    logits = batch.mean(axis=(2, 3)) @ tiny.fc.W.array.T + tiny.fc.b.array
    e = numpy.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("oversample", [True, False])
def test_predict_averages_crops(oversample):
    tiny = _Tiny()
    rng = numpy.random.RandomState(5)
    images = [rng.randint(0, 256, (256, 256, 3)).astype(numpy.uint8) for _ in range(2)]
    got = tiny.predict(images, oversample=oversample).array
    prepared = numpy.stack([_image.prepare_image(im, None, tiny._mean) for im in images])
    if oversample:
        crops = _image.oversample(prepared, (224, 224))
        expected = _probs(tiny, crops).reshape(2, 10, 1000).mean(axis=1)
    else:
        expected = _probs(tiny, prepared[:, :, 16:240, 16:240])
    numpy.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-7)


def test_googlenet_prepare_mean():
    image = numpy.zeros((4, 4, 3), numpy.uint8)
    out = googlenet.prepare(image, size=None)
    numpy.testing.assert_allclose(out[:, 0, 0], [-104.0, -117.0, -123.0])
