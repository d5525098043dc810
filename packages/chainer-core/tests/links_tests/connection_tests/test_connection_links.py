"""Behaviour every connection link shares: serialization, copies, devices, pickling, gradients.

Each entry builds a link (lazy where the link allows it) and its inputs; the
checks run the link once so that lazy parameters exist, then compare a
second, freshly built link after loading, copying or moving.
"""

import importlib.util
import pickle

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import _array_types, initializers, testing
from chainer.links.connection.bias import Bias
from chainer.links.connection.bilinear import Bilinear
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.convolution_nd import Convolution1D, Convolution3D, ConvolutionND
from chainer.links.connection.deconvolution_2d import Deconvolution2D
from chainer.links.connection.deconvolution_nd import Deconvolution3D, DeconvolutionND
from chainer.links.connection.deformable_convolution_2d import DeformableConvolution2D
from chainer.links.connection.depthwise_convolution_2d import DepthwiseConvolution2D
from chainer.links.connection.dilated_convolution_2d import DilatedConvolution2D
from chainer.links.connection.embed_id import EmbedID
from chainer.links.connection.highway import Highway
from chainer.links.connection.inception import Inception
from chainer.links.connection.linear import Linear
from chainer.links.connection.local_convolution_2d import LocalConvolution2D
from chainer.links.connection.mlp_convolution_2d import MLPConvolution2D
from chainer.links.connection.parameter import Parameter
from chainer.links.connection.scale import Scale

_HAS_BN = importlib.util.find_spec("chainer.links.normalization.batch_normalization") is not None


def _x(*shape):
    return numpy.random.uniform(-1, 1, shape).astype(numpy.float32)


def _inception_bn():
    from chainer.links.connection.inception_bn import InceptionBN

    return InceptionBN(None, 1, 1, 2, 1, 2, "max", 1)


# name -> (link factory, inputs factory, parameter names after the first forward)
_CASES = {
    "Linear": (lambda: Linear(None, 3), lambda: (_x(2, 4),), ["/W", "/b"]),
    "Linear_nobias": (lambda: Linear(4, 3, nobias=True), lambda: (_x(2, 4),), ["/W"]),
    "Convolution2D": (lambda: Convolution2D(3, 2), lambda: (_x(1, 2, 4, 4),), ["/W", "/b"]),
    "ConvolutionND": (
        lambda: ConvolutionND(3, None, 2, 2),
        lambda: (_x(1, 2, 3, 3, 3),),
        ["/W", "/b"],
    ),
    "Convolution1D": (lambda: Convolution1D(2, 3, 2), lambda: (_x(2, 2, 5),), ["/W", "/b"]),
    "Convolution3D": (
        lambda: Convolution3D(None, 3, 1, nobias=True),
        lambda: (_x(1, 2, 2, 2, 2),),
        ["/W"],
    ),
    "Deconvolution2D": (
        lambda: Deconvolution2D(None, 3, 2, stride=2),
        lambda: (_x(1, 2, 3, 3),),
        ["/W", "/b"],
    ),
    "DeconvolutionND": (
        lambda: DeconvolutionND(1, None, 2, 3),
        lambda: (_x(2, 3, 4),),
        ["/W", "/b"],
    ),
    "Deconvolution3D": (
        lambda: Deconvolution3D(2, 2, 2),
        lambda: (_x(1, 2, 2, 2, 2),),
        ["/W", "/b"],
    ),
    "DilatedConvolution2D": (
        lambda: DilatedConvolution2D(None, 2, 2, dilate=2),
        lambda: (_x(1, 2, 5, 5),),
        ["/W", "/b"],
    ),
    "DepthwiseConvolution2D": (
        lambda: DepthwiseConvolution2D(None, 2, 2),
        lambda: (_x(1, 2, 4, 4),),
        ["/W", "/b"],
    ),
    "LocalConvolution2D": (
        lambda: LocalConvolution2D(None, 2, ksize=2),
        lambda: (_x(1, 2, 4, 3),),
        ["/W", "/b"],
    ),
    "DeformableConvolution2D": (
        lambda: DeformableConvolution2D(
            None, 2, 2, offset_initialW=initializers.Uniform(0.1), deform_initialW=0.5
        ),
        lambda: (_x(1, 2, 4, 4),),
        ["/deform_conv/W", "/deform_conv/b", "/offset_conv/W", "/offset_conv/b"],
    ),
    "EmbedID": (
        lambda: EmbedID(5, 3, ignore_label=-1),
        lambda: (numpy.array([[0, 4], [-1, 2]], numpy.int32),),
        ["/W"],
    ),
    "Bilinear": (
        lambda: Bilinear(2, 3, 4),
        lambda: (_x(2, 2), _x(2, 3)),
        ["/V1", "/V2", "/W", "/b"],
    ),
    "Bias": (lambda: Bias(shape=(3,)), lambda: (_x(2, 3, 2),), ["/b"]),
    "Scale": (
        lambda: Scale(W_shape=(3,), bias_term=True),
        lambda: (_x(2, 3, 2),),
        ["/W", "/bias/b"],
    ),
    "Highway": (
        lambda: Highway(3),
        lambda: (_x(2, 3),),
        ["/plain/W", "/plain/b", "/transform/W", "/transform/b"],
    ),
    "Inception": (
        lambda: Inception(None, 1, 1, 2, 1, 2, 1),
        lambda: (_x(1, 2, 3, 3),),
        [
            f"/{c}/{p}"
            for c in ("conv1", "conv3", "conv5", "proj3", "proj5", "projp")
            for p in ("W", "b")
        ],
    ),
    "MLPConvolution2D": (
        lambda: MLPConvolution2D(None, (2, 3), 2),
        lambda: (_x(1, 2, 3, 3),),
        ["/0/W", "/0/b", "/1/W", "/1/b"],
    ),
    "Parameter": (lambda: Parameter(_x(2, 3)), lambda: (), ["/W"]),
}
if _HAS_BN:
    _CASES["InceptionBN"] = (_inception_bn, lambda: (_x(2, 2, 3, 3),), None)

_NAMES = sorted(_CASES)


def _build(name, seed):
    make_link, make_inputs, _ = _CASES[name]
    numpy.random.seed(seed)
    link = make_link()
    inputs = make_inputs()
    return link, inputs


def _run(link, inputs):
    return link(*inputs)


def _params(link):
    return {path: numpy.array(p.array) for path, p in link.namedparams()}


class _DictSerializer(chainer.Serializer):
    def __init__(self, target, prefix=""):
        self.target = target
        self.prefix = prefix

    def __getitem__(self, key):
        return _DictSerializer(self.target, self.prefix + key + "/")

    def __call__(self, key, value):
        if isinstance(value, _array_types.ARRAY_TYPES):
            stored = numpy.array(chainer.backend.CpuDevice().send(value))
        else:
            stored = value
        self.target[self.prefix + key] = stored
        return value


class _DictDeserializer(chainer.Deserializer):
    def __init__(self, source, prefix=""):
        self.source = source
        self.prefix = prefix

    def __getitem__(self, key):
        return _DictDeserializer(self.source, self.prefix + key + "/")

    def __call__(self, key, value):
        stored = self.source[self.prefix + key]
        if value is None:
            return None if stored is None else numpy.array(stored)
        if isinstance(value, _array_types.ARRAY_TYPES):
            chainer.backend.copyto(value, stored)
            return value
        return type(value)(stored)


@pytest.mark.parametrize("name", _NAMES)
def test_parameter_names_after_first_forward(name):
    link, inputs = _build(name, 0)
    _run(link, inputs)
    expected = _CASES[name][2]
    names = sorted(path for path, _ in link.namedparams())
    if expected is not None:
        assert names == sorted(expected)
    assert all(p.array is not None for p in link.params())


@pytest.mark.parametrize("name", _NAMES)
def test_every_parameter_gets_a_gradient(name):
    link, inputs = _build(name, 0)
    y = _run(link, inputs)
    F.sum(y * y).backward()
    for path, param in link.namedparams():
        assert param.grad is not None, path
        assert param.grad.shape == param.shape, path


@pytest.mark.parametrize("name", _NAMES)
def test_serialize_into_a_fresh_link(name):
    src, inputs = _build(name, 0)
    expected = _run(src, inputs).array
    stored = {}
    src.serialize(_DictSerializer(stored))
    dst, _ = _build(name, 1)  # other random values; lazy parameters still unallocated
    dst.serialize(_DictDeserializer(stored))
    src_params, dst_params = _params(src), _params(dst)
    assert src_params.keys() == dst_params.keys()
    for path in src_params:
        numpy.testing.assert_array_equal(dst_params[path], src_params[path], err_msg=path)
    testing.assert_allclose(_run(dst, inputs).array, expected, atol=0, rtol=0)


@pytest.mark.skipif(
    importlib.util.find_spec("chainer.serializers") is None, reason="needs chainer.serializers"
)
@pytest.mark.parametrize("name", ["Linear", "Convolution2D", "Highway", "MLPConvolution2D"])
def test_save_and_load_npz(name):
    src, inputs = _build(name, 0)
    expected = _run(src, inputs).array
    dst, _ = _build(name, 1)
    testing.save_and_load_npz(src, dst)
    testing.assert_allclose(_run(dst, inputs).array, expected, atol=0, rtol=0)


@pytest.mark.parametrize("name", _NAMES)
def test_copies(name):
    link, inputs = _build(name, 0)
    _run(link, inputs)
    original = _params(link)
    shared = link.copy("share")
    deep = link.copy("copy")
    fresh = link.copy("init")
    for (path, p), (_, s), (_, d), (_, f) in zip(
        link.namedparams(), shared.namedparams(), deep.namedparams(), fresh.namedparams()
    ):
        assert s.array is p.array, path
        assert d.array is not p.array, path
        numpy.testing.assert_array_equal(d.array, original[path])
        assert f.shape == p.shape and f.dtype == p.dtype, path
    with chainer.using_config("train", False):
        testing.assert_allclose(_run(deep, inputs).array, _run(link, inputs).array, atol=0, rtol=0)


@pytest.mark.parametrize("name", _NAMES)
def test_pickle(name):
    link, inputs = _build(name, 0)
    with chainer.using_config("train", False):
        expected = _run(link, inputs).array
        restored = pickle.loads(pickle.dumps(link))
        testing.assert_allclose(_run(restored, inputs).array, expected, atol=0, rtol=0)


@pytest.mark.parametrize("name", _NAMES)
def test_to_device_numpy_then_lazy_init(name):
    link, inputs = _build(name, 0)
    link.to_device("@numpy")
    y = _run(link, inputs)
    assert isinstance(y.array, numpy.ndarray)
    assert all(isinstance(p.array, numpy.ndarray) for p in link.params())


@testing.attr.gpu
@pytest.mark.parametrize("name", _NAMES)
def test_lazy_init_on_gpu(name):
    import cupy

    link, inputs = _build(name, 0)
    cpu_link = link.copy("copy")
    link.to_device("@cupy:0")
    with chainer.using_config("train", False):
        y = _run(link, tuple(cupy.asarray(x) for x in inputs))
        assert isinstance(y.array, cupy.ndarray)
        assert all(isinstance(p.array, cupy.ndarray) for p in link.params())
        # The same parameters on the CPU give the same output.
        cpu_link.copyparams(link)
        expected = _run(cpu_link, inputs).array
    testing.assert_allclose(cupy.asnumpy(y.array), expected, atol=1e-4, rtol=1e-4)


@testing.attr.gpu
def test_parameter_link_follows_its_array_to_the_gpu():
    import cupy

    link = Parameter(cupy.ones((2, 3), numpy.float32))
    assert isinstance(link.W.array, cupy.ndarray)
    assert link.device == chainer.get_device("@cupy:0")
