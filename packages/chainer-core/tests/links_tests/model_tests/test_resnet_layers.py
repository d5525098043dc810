"""Tests of chainer.links.model.vision.resnet (ResNet50/101/152Layers and their blocks)."""

import warnings

import numpy
import pytest

import chainer
from chainer import initializers
from chainer.backends import cuda
from chainer.links.model.vision import resnet
from chainer.links.model.vision.resnet import (
    BottleneckA,
    BottleneckB,
    BuildingBlock,
    ResNet50Layers,
    ResNet101Layers,
    ResNet152Layers,
    ResNetLayers,
)

LAYERS = ["conv1", "pool1", "res2", "res3", "res4", "res5", "pool5", "fc6", "prob"]


@pytest.fixture(scope="module")
def model():
    return ResNet50Layers(pretrained_model=None)


@pytest.fixture
def fast_init(monkeypatch):
    """Replaces the He initializer by a cheap one (for tests of structure only)."""
    monkeypatch.setattr(resnet, "HeNormal", lambda scale: initializers.Zero())


def _rng_images(n, size, seed=0):
    return numpy.random.RandomState(seed).uniform(-100, 100, (n, 3, size, size)).astype("f")


# -- NumPy references ------------------------------------------------------------------------


def _conv(x, W, stride=1, pad=0):
    n, _, h, w = x.shape
    out, _, kh, kw = W.shape
    xp = numpy.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1
    y = numpy.zeros((n, out, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i : i + stride * oh : stride, j : j + stride * ow : stride]
            y += numpy.einsum("nchw,oc->nohw", patch, W[:, :, i, j])
    return y


def _bn_test(x, bn):
    shape = (1, -1, 1, 1)
    inv = 1.0 / numpy.sqrt(bn.avg_var.reshape(shape) + bn.eps)
    normalized = (x - bn.avg_mean.reshape(shape)) * inv
    return bn.gamma.array.reshape(shape) * normalized + bn.beta.array.reshape(shape)


def _relu(x):
    return numpy.maximum(x, 0)


def _randomize_bn(block, rng):
    for name, link in block.namedlinks(skipself=True):
        if name.split("/")[-1].startswith("bn"):
            size = link.gamma.shape
            link.gamma.array[...] = rng.uniform(0.5, 1.5, size)
            link.beta.array[...] = rng.uniform(-0.5, 0.5, size)
            link.avg_mean[...] = rng.uniform(-0.5, 0.5, size)
            link.avg_var[...] = rng.uniform(0.5, 2.0, size)


# -- the blocks ------------------------------------------------------------------------------


class TestBottlenecks:
    def test_bottleneck_a_matches_numpy(self):
        rng = numpy.random.RandomState(0)
        block = BottleneckA(4, 3, 6, stride=2)
        _randomize_bn(block, rng)
        x = rng.standard_normal((2, 4, 5, 5)).astype("f")
        with chainer.using_config("train", False):
            y = block(x)
        h = _relu(_bn_test(_conv(x, block.conv1.W.array, 2), block.bn1))
        h = _relu(_bn_test(_conv(h, block.conv2.W.array, 1, 1), block.bn2))
        h = _bn_test(_conv(h, block.conv3.W.array), block.bn3)
        expected = _relu(h + _bn_test(_conv(x, block.conv4.W.array, 2), block.bn4))
        assert y.shape == (2, 6, 3, 3) and y.dtype == numpy.float32
        numpy.testing.assert_allclose(y.array, expected, rtol=1e-4, atol=1e-4)

    def test_bottleneck_b_matches_numpy(self):
        rng = numpy.random.RandomState(1)
        block = BottleneckB(6, 3)
        _randomize_bn(block, rng)
        x = rng.standard_normal((2, 6, 4, 4)).astype("f")
        with chainer.using_config("train", False):
            y = block(x)
        h = _relu(_bn_test(_conv(x, block.conv1.W.array), block.bn1))
        h = _relu(_bn_test(_conv(h, block.conv2.W.array, 1, 1), block.bn2))
        expected = _relu(_bn_test(_conv(h, block.conv3.W.array), block.bn3) + x)
        numpy.testing.assert_allclose(y.array, expected, rtol=1e-4, atol=1e-4)

    def test_no_biases(self):
        names = sorted(name for name, _ in BottleneckA(4, 3, 6).namedparams())
        assert not [name for name in names if name.startswith("/conv") and name.endswith("/b")]
        assert sorted(name for name, _ in BottleneckB(6, 3).namedparams())[:2] == [
            "/bn1/beta",
            "/bn1/gamma",
        ]

    @pytest.mark.parametrize("downsample_fb, strides", [(False, (2, 1)), (True, (1, 2))])
    def test_downsample_fb(self, downsample_fb, strides):
        block = BottleneckA(4, 3, 6, stride=2, downsample_fb=downsample_fb)
        assert block.conv1.stride == (strides[0],) * 2
        assert block.conv2.stride == (strides[1],) * 2
        assert block.conv4.stride == (2, 2)
        x = numpy.ones((1, 4, 6, 6), "f")
        assert block(x).shape == (1, 6, 3, 3)

    def test_initial_w(self):
        block = BottleneckB(6, 3, initialW=initializers.Constant(0.5))
        assert (block.conv2.W.array == 0.5).all()

    def test_building_block(self):
        block = BuildingBlock(3, 4, 2, 8, 2)
        assert sorted(
            name for name, _ in block.namedlinks(skipself=True) if name.count("/") == 1
        ) == [
            "/a",
            "/b1",
            "/b2",
        ]
        assert isinstance(block.a, BottleneckA) and isinstance(block.b2, BottleneckB)
        x = numpy.random.RandomState(0).standard_normal((2, 4, 6, 6)).astype("f")
        y = block(x)
        assert y.shape == (2, 8, 3, 3)
        with chainer.using_config("train", False):
            expected = block.b2(block.b1(block.a(x)))
            numpy.testing.assert_allclose(block(x).array, expected.array)

    def test_building_block_n_layer_is_deprecated(self):
        with pytest.warns(DeprecationWarning, match="n_layers"):
            block = BuildingBlock(
                n_layer=2, in_channels=4, mid_channels=2, out_channels=8, stride=1
            )
        assert hasattr(block, "b1") and not hasattr(block, "b2")

    @pytest.mark.parametrize("n_layers", [0, -1, 2.0, None])
    def test_building_block_bad_n_layers(self, n_layers):
        with pytest.raises(ValueError, match="n_layers"):
            BuildingBlock(n_layers, 4, 2, 8, 1)

    def test_building_block_unexpected_keyword(self):
        with pytest.raises(TypeError, match="unexpected"):
            BuildingBlock(1, 4, 2, 8, 1, dilate=2)


# -- the networks ----------------------------------------------------------------------------


class TestResNet50Layers:
    def test_available_layers(self, model):
        assert model.available_layers == LAYERS
        assert list(model.functions) == LAYERS

    def test_all_layers_small_input(self, model):
        out = model(_rng_images(2, 64), layers=model.available_layers)
        shapes = {name: v.shape for name, v in out.items()}
        assert shapes == {
            "conv1": (2, 64, 32, 32),
            "pool1": (2, 64, 16, 16),
            "res2": (2, 256, 16, 16),
            "res3": (2, 512, 8, 8),
            "res4": (2, 1024, 4, 4),
            "res5": (2, 2048, 2, 2),
            "pool5": (2, 2048),
            "fc6": (2, 1000),
            "prob": (2, 1000),
        }
        numpy.testing.assert_allclose(
            out["pool5"].array, out["res5"].array.mean(axis=(2, 3)), rtol=1e-5
        )
        numpy.testing.assert_allclose(out["prob"].array.sum(axis=1), 1.0, rtol=1e-5)

    def test_imagenet_size(self, model):
        with chainer.using_config("train", False):
            out = model(_rng_images(1, 224))
        assert list(out) == ["prob"] and out["prob"].shape == (1, 1000)
        with chainer.using_config("train", False):
            out = model(_rng_images(1, 224), layers=["pool1", "pool5"])
        assert out["pool1"].shape == (1, 64, 56, 56) and out["pool5"].shape == (1, 2048)

    def test_runs_only_as_far_as_needed(self, model, monkeypatch):
        def boom(x):
            raise AssertionError("res2 should not run")

        monkeypatch.setattr(model.res2, "forward", boom)
        assert list(model(_rng_images(1, 32), layers=["pool1"])) == ["pool1"]

    def test_backward_reaches_every_parameter(self, model):
        model.cleargrads()
        out = model(_rng_images(2, 32), layers=["fc6"])["fc6"]
        chainer.functions.sum(out * out).backward()
        missing = [name for name, p in model.namedparams() if p.grad is None]
        assert missing == []

    def test_bad_layers(self, model):
        with pytest.raises(ValueError, match="unknown layer.*'fc7'"):
            model(_rng_images(1, 32), layers=["fc7"])
        with pytest.raises(TypeError, match=r"\['prob'\]"):
            model(_rng_images(1, 32), layers="prob")

    def test_removed_test_argument(self, model):
        with pytest.raises(ValueError, match="using_config"):
            model(_rng_images(1, 32), test=True)
        with pytest.raises(TypeError, match="unexpected"):
            model(_rng_images(1, 32), foo=1)

    def test_extract(self, model):
        rng = numpy.random.RandomState(0)
        images = [
            rng.randint(0, 256, (40, 50, 3)).astype(numpy.uint8),
            rng.randint(0, 256, (3, 30, 20)),
        ]
        out = model.extract(images, size=(48, 48))
        assert list(out) == ["pool5"] and out["pool5"].shape == (2, 2048)
        out = model.extract(images, layers=["res2", "fc6"], size=(32, 32))
        assert out["res2"].shape == (2, 256, 8, 8) and out["fc6"].shape == (2, 1000)
        # a 4-D array is a batch of CHW images
        batch = rng.randint(0, 256, (2, 3, 32, 32))
        assert model.extract(batch, layers=["pool5"], size=None)["pool5"].shape == (2, 2048)

    def test_extract_matches_forward_of_prepared(self, model):
        image = numpy.random.RandomState(3).randint(0, 256, (32, 32, 3)).astype(numpy.uint8)
        with chainer.using_config("train", False):
            got = model.extract([image], layers=["pool5"], size=None)["pool5"].array
            x = resnet.prepare(image, size=None)[None]
            expected = model(x, layers=["pool5"])["pool5"].array
        numpy.testing.assert_allclose(got, expected, rtol=1e-6)

    def test_extract_errors(self, model):
        with pytest.raises(ValueError, match="at least one"):
            model.extract([])
        with pytest.raises(ValueError, match="using_config"):
            model.extract([numpy.zeros((8, 8, 3))], volatile=True)

    def test_predict_center_crop(self, model):
        image = numpy.random.RandomState(4).randint(0, 256, (60, 80, 3)).astype(numpy.uint8)
        prob = model.predict([image], oversample=False)
        assert prob.shape == (1, 1000) and prob.creator is None
        numpy.testing.assert_allclose(prob.array.sum(axis=1), 1.0, rtol=1e-5)

    def test_dtype_follows_config(self):
        with chainer.using_config("dtype", numpy.float64):
            block = BuildingBlock(1, 3, 2, 4, 1)
        assert block.a.conv1.W.dtype == numpy.float64
        assert block(numpy.ones((1, 3, 4, 4))).dtype == numpy.float64


class TestPretrainedModel:
    def test_npz_round_trip(self, model, tmp_path):
        from chainer.serializers import save_npz

        model(_rng_images(2, 32), layers=["pool5"])  # moves the running statistics
        path = tmp_path / "resnet50.npz"
        save_npz(str(path), model, compression=False)
        loaded = ResNet50Layers(pretrained_model=str(path))
        for (name, p), (name2, q) in zip(sorted(model.namedparams()), sorted(loaded.namedparams())):
            assert name == name2
            numpy.testing.assert_array_equal(p.array, q.array)
        numpy.testing.assert_array_equal(loaded.res3.b1.bn2.avg_var, model.res3.b1.bn2.avg_var)
        x = _rng_images(1, 32)
        with chainer.using_config("train", False):
            numpy.testing.assert_array_equal(loaded(x)["prob"].array, model(x)["prob"].array)
        # a pathlib.Path is accepted too
        assert ResNet50Layers(pretrained_model=path).fc6.W.shape == (1000, 2048)

    def test_mismatching_npz_is_rejected(self, tmp_path):
        path = tmp_path / "partial.npz"
        numpy.savez(path, **{"fc6/W": numpy.zeros((1000, 2048), "f")})
        with pytest.raises(KeyError):
            ResNet50Layers(pretrained_model=str(path))

    def test_missing_file(self, tmp_path):
        with pytest.raises((FileNotFoundError, OSError)):
            ResNet50Layers(pretrained_model=str(tmp_path / "absent.npz"))

    @pytest.mark.parametrize("cls", [ResNet50Layers, ResNet101Layers, ResNet152Layers])
    def test_auto_is_out_of_scope(self, cls):
        with pytest.raises(NotImplementedError, match="out of scope.*\\.npz"):
            cls()
        with pytest.raises(NotImplementedError, match="out of scope"):
            cls(pretrained_model="auto")

    def test_caffemodel_is_out_of_scope(self):
        with pytest.raises(NotImplementedError, match="Caffe"):
            ResNet50Layers(pretrained_model="ResNet-50-model.caffemodel")
        with pytest.raises(NotImplementedError, match="out of scope"):
            ResNet50Layers.convert_caffemodel_to_npz("a.caffemodel", "b.npz")

    def test_bad_pretrained_model_type(self):
        with pytest.raises(TypeError, match="pretrained_model"):
            ResNet50Layers(pretrained_model=1)

    def test_bad_n_layers(self):
        with pytest.raises(ValueError, match="50, 101 or 152"):
            ResNetLayers(None, 34)


@pytest.mark.parametrize(
    "cls, blocks", [(ResNet101Layers, (3, 4, 23, 3)), (ResNet152Layers, (3, 8, 36, 3))]
)
def test_deeper_networks(cls, blocks, fast_init):
    net = cls(pretrained_model=None, downsample_fb=True)
    for stage, count in zip(("res2", "res3", "res4", "res5"), blocks):
        block = getattr(net, stage)
        assert block._forward == ["a"] + [f"b{i}" for i in range(1, count)]
    assert net.res3.a.conv2.stride == (2, 2)
    assert net.available_layers == LAYERS
    with chainer.using_config("train", False):
        assert net(_rng_images(1, 32), layers=["pool5"])["pool5"].shape == (1, 2048)


def test_random_initialization_is_he_normal():
    net = ResNet50Layers(pretrained_model=None)
    W = net.res4.b2.conv2.W.array  # fan-in 256 * 3 * 3
    assert abs(W.std() - numpy.sqrt(2.0 / (256 * 9))) < 0.05 * numpy.sqrt(2.0 / (256 * 9))
    assert (net.fc6.b.array == 0).all()
    assert (net.bn1.gamma.array == 1).all()


@pytest.mark.gpu
@pytest.mark.skipif(not cuda.available, reason="needs a GPU with CuPy")
def test_gpu(model):
    x = _rng_images(2, 64)
    with chainer.using_config("train", False):
        expected = model(x, layers=["pool5"])["pool5"].array
        model.to_device("@cupy:0")
        try:
            y = model(model.xp.asarray(x), layers=["pool5"])["pool5"]
            assert isinstance(y.array, model.xp.ndarray)
            numpy.testing.assert_allclose(cuda.to_cpu(y.array), expected, rtol=1e-3, atol=1e-3)
            image = numpy.random.RandomState(0).randint(0, 256, (32, 32, 3))
            out = model.extract([image], size=None)["pool5"]
            assert isinstance(out.array, model.xp.ndarray)
        finally:
            model.to_device("@numpy")


def test_no_warnings_on_construction():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        BottleneckA(4, 2, 8)
