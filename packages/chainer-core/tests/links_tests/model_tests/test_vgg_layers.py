"""Tests of chainer.links.model.vision.vgg (VGG16Layers, VGG19Layers)."""

import numpy
import pytest

import chainer
from chainer import initializers
from chainer.links.model.vision import vgg
from chainer.links.model.vision.vgg import VGG16Layers, VGG19Layers, VGGLayers


def _layers(convs):
    names = []
    for block, count in enumerate(convs, start=1):
        names += [f"conv{block}_{i}" for i in range(1, count + 1)] + [f"pool{block}"]
    return names + ["fc6", "fc7", "fc8", "prob"]


LAYERS16 = _layers((2, 2, 3, 3, 3))
LAYERS19 = _layers((2, 2, 4, 4, 4))


class _Cheap(initializers.Initializer):
    """Drawing N(0, 0.01^2) for 138M weights takes seconds: a cheaper stand-in.

    Convolution weights are drawn (they are small); fully connected weights
    become a constant.
    """

    def __init__(self, scale=None):
        super().__init__()
        self.rng = numpy.random.RandomState(0)

    def __call__(self, array):
        if array.ndim == 4:
            array[...] = self.rng.standard_normal(array.shape) * 0.05
        else:
            array[...] = 1e-3


@pytest.fixture
def fast_init(monkeypatch):
    monkeypatch.setattr(vgg, "Normal", _Cheap)


@pytest.fixture(scope="module")
def vgg16():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vgg, "Normal", _Cheap)
        return VGG16Layers(pretrained_model=None)


def _images(n, size):
    return numpy.random.RandomState(0).uniform(-100, 100, (n, 3, size, size)).astype("f")


def test_vgg16_layers(vgg16):
    assert vgg16.available_layers == LAYERS16
    convs = sorted(name for name, _ in vgg16.namedlinks(skipself=True) if "conv" in name)
    assert len(convs) == 13
    assert vgg16.fc6.W.shape == (4096, 512 * 7 * 7)
    assert vgg16.fc8.W.shape == (1000, 4096)


def test_vgg19_layers(fast_init):
    net = VGG19Layers(pretrained_model=None)
    assert net.available_layers == LAYERS19
    assert net.conv5_4.W.shape == (512, 512, 3, 3)
    with chainer.using_config("train", False):
        out = net(_images(1, 32), layers=["pool5"])
    assert out["pool5"].shape == (1, 512, 1, 1)


def test_small_input_convolutional_part(vgg16):
    out = vgg16(_images(2, 32), layers=LAYERS16[: LAYERS16.index("pool5") + 1])
    assert out["conv1_2"].shape == (2, 64, 32, 32)
    assert out["pool1"].shape == (2, 64, 16, 16)
    assert out["conv3_3"].shape == (2, 256, 8, 8)
    assert out["pool4"].shape == (2, 512, 2, 2)
    assert out["pool5"].shape == (2, 512, 1, 1)
    conv = out["conv1_2"].array
    assert (conv >= 0).all()  # after the ReLU
    pooled = conv.reshape(2, 64, 16, 2, 16, 2).max(axis=(3, 5))
    numpy.testing.assert_array_equal(out["pool1"].array, pooled)


def test_imagenet_size(vgg16):
    with chainer.using_config("train", False):
        out = vgg16(_images(1, 224), layers=["fc7", "prob"])
    assert out["fc7"].shape == (1, 4096) and out["prob"].shape == (1, 1000)
    numpy.testing.assert_allclose(out["prob"].array.sum(), 1.0, rtol=1e-5)


def test_extract_default_is_fc7(vgg16):
    image = numpy.random.RandomState(1).randint(0, 256, (30, 40, 3)).astype(numpy.uint8)
    with chainer.using_config("train", False):
        out = vgg16.extract([image])
    assert list(out) == ["fc7"] and out["fc7"].shape == (1, 4096)
    out = vgg16.extract([image, image], layers=["pool2"], size=(32, 32))
    assert out["pool2"].shape == (2, 128, 8, 8)


def test_dropout_only_in_training(vgg16):
    x = _images(1, 224)
    with chainer.using_config("train", False):
        a = vgg16(x, layers=["fc7"])["fc7"].array
        b = vgg16(x, layers=["fc7"])["fc7"].array
    numpy.testing.assert_array_equal(a, b)
    with chainer.using_config("train", True):
        c = vgg16(x, layers=["fc6"])["fc6"].array
    assert (c == 0).mean() > 0.3  # about half dropped


def test_pretrained_model_errors(fast_init):
    with pytest.raises(NotImplementedError, match="out of scope.*\\.npz"):
        VGG16Layers()
    with pytest.raises(NotImplementedError, match="out of scope"):
        VGG19Layers("auto")
    with pytest.raises(NotImplementedError, match="out of scope"):
        VGG16Layers.convert_caffemodel_to_npz("a.caffemodel", "b.npz")
    with pytest.raises(ValueError, match="16 or 19"):
        VGGLayers(None, n_layers=11)


@pytest.mark.slow
def test_random_initialization_and_npz_round_trip(tmp_path):
    from chainer.serializers import save_npz

    net = VGG16Layers(pretrained_model=None)
    assert abs(net.conv3_1.W.array.std() - 0.01) < 5e-4
    assert (net.conv3_1.b.array == 0).all() and (net.fc7.b.array == 0).all()
    path = str(tmp_path / "vgg16.npz")
    save_npz(path, net, compression=False)
    loaded = VGG16Layers(pretrained_model=path)
    numpy.testing.assert_array_equal(loaded.fc6.W.array, net.fc6.W.array)
    numpy.testing.assert_array_equal(loaded.conv5_3.b.array, net.conv5_3.b.array)
