"""L.BatchNormalization: training/test/fine-tuning modes, running statistics, lazy shapes."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.normalization.batch_normalization import BatchNormalization

_BACKENDS = [{}, {"use_cuda": True}]


def _tolerances(case):
    if case.dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif case.dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-10, "rtol": 1e-10}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _reduced_axes(ndim, size_ndim, axis):
    if axis is not None:
        return tuple(a % ndim for a in axis)
    return (0,) + tuple(range(1 + size_ndim, ndim))


def _expand(param, ndim, axes):
    shape = [1] * ndim
    kept = [i for i in range(ndim) if i not in axes]
    for i, d in zip(kept, param.shape, strict=True):
        shape[i] = d
    return param.reshape(shape)


# (x_shape, size, axis)
_CASES = [
    ((5, 3), 3, None),
    ((3, 4, 2, 2), 4, None),
    ((3, 4, 2, 2), (4, 2), None),
    ((3, 4, 2, 2), None, (0, 2, 3)),
    ((3, 4, 2), None, 0),
    ((2, 3, 4), None, (0, 1)),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float32],
            "train": [True, False],
        }
    ),
    *testing.product(
        {"case": [_CASES[1]], "dtype": [numpy.float16, numpy.float64], "train": [True, False]}
    ),
)
@testing.fix_random()
class TestBatchNormalization(testing.LinkTestCase):
    param_names = ("gamma", "beta")
    eps = 2e-5

    def setUp(self):
        _tolerances(self)
        self.x_shape, self.size, axis = self.case
        self.axis = (axis,) if isinstance(axis, int) else axis
        size_ndim = 1 if isinstance(self.size, int) else (0 if self.size is None else 2)
        self.axes = _reduced_axes(len(self.x_shape), size_ndim, self.axis)
        self.param_shape = tuple(d for i, d in enumerate(self.x_shape) if i not in self.axes)
        self.mean = numpy.random.uniform(-1, 1, self.param_shape).astype(self.dtype)
        self.var = numpy.random.uniform(0.5, 1.5, self.param_shape).astype(self.dtype)

    def generate_params(self):
        gamma = numpy.random.uniform(0.5, 1.5, self.param_shape).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, self.param_shape).astype(self.dtype)
        return gamma, beta

    def create_link(self, initializers):
        gamma, beta = initializers
        return BatchNormalization(
            self.size,
            eps=self.eps,
            dtype=self.dtype,
            initial_gamma=gamma,
            initial_beta=beta,
            axis=self.case[2],
            initial_avg_mean=self.mean,
            initial_avg_var=self.var,
        )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, link, inputs, device):
        if not self.train and link.avg_mean is not None:
            # The numerical gradient check casts gamma and beta to float64;
            # the fixed statistics follow them.
            link.avg_mean = link.avg_mean.astype(link.gamma.dtype)
            link.avg_var = link.avg_var.astype(link.gamma.dtype)
        with chainer.using_config("train", self.train):
            return (link(*inputs),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        x = x.astype(numpy.float64)
        ndim = x.ndim
        if self.train:
            mean = x.mean(axis=self.axes, keepdims=True)
            var = x.var(axis=self.axes, keepdims=True)
        else:
            mean = _expand(self.mean.astype(numpy.float64), ndim, self.axes)
            var = _expand(self.var.astype(numpy.float64), ndim, self.axes)
        gamma = _expand(link.gamma.array.astype(numpy.float64), ndim, self.axes)
        beta = _expand(link.beta.array.astype(numpy.float64), ndim, self.axes)
        y = gamma * (x - mean) / numpy.sqrt(var + self.eps) + beta
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize({"lazy": False}, {"lazy": True})
class TestBatchNormalizationInitializers(testing.LinkInitializersTestCase):
    param_names = ("gamma", "beta")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        return (
            [testing.InitializerArgument(None, 1), 2.0, initializers.Constant(3)],
            [testing.InitializerArgument(None, 0), 3.0, numpy.arange(3, dtype=numpy.float32)],
        )

    def create_link(self, initializers):
        gamma, beta = initializers
        if self.lazy:
            return BatchNormalization(axis=0, initial_gamma=gamma, initial_beta=beta)
        return BatchNormalization(3, initial_gamma=gamma, initial_beta=beta)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32),)


def _batch(seed, shape=(6, 3)):
    return numpy.random.RandomState(seed).uniform(-1, 1, shape).astype(numpy.float32)


def test_running_statistics_update():
    link = BatchNormalization(3, decay=0.8)
    numpy.testing.assert_array_equal(link.avg_mean, numpy.zeros(3))
    numpy.testing.assert_array_equal(link.avg_var, numpy.ones(3))
    x = _batch(0)
    link(x)
    m = x.shape[0]
    numpy.testing.assert_allclose(link.avg_mean, 0.2 * x.mean(0), rtol=1e-5)
    expected_var = 0.8 + 0.2 * x.var(0) * m / (m - 1)
    numpy.testing.assert_allclose(link.avg_var, expected_var, rtol=1e-5)
    assert link.N == 0


def test_finetune_computes_the_cumulative_average():
    link = BatchNormalization(3)
    batches = [_batch(i) for i in range(4)]
    for x in batches:
        link(x, finetune=True)
    assert link.N == 4
    m = batches[0].shape[0]
    numpy.testing.assert_allclose(
        link.avg_mean, numpy.mean([x.mean(0) for x in batches], axis=0), rtol=1e-5, atol=1e-6
    )
    numpy.testing.assert_allclose(
        link.avg_var,
        numpy.mean([x.var(0) * m / (m - 1) for x in batches], axis=0),
        rtol=1e-5,
    )
    link.start_finetuning()
    assert link.N == 0
    link(batches[0], finetune=True)
    numpy.testing.assert_allclose(link.avg_mean, batches[0].mean(0), rtol=1e-5)


def test_test_mode_leaves_statistics_alone():
    link = BatchNormalization(3)
    with chainer.using_config("train", False):
        y = link(_batch(0))
    numpy.testing.assert_array_equal(link.avg_mean, numpy.zeros(3))
    numpy.testing.assert_allclose(y.array, _batch(0) / numpy.sqrt(1 + 2e-5), rtol=1e-6)


def test_recomputation_does_not_update_statistics():
    link = BatchNormalization(3)
    with chainer.using_config("in_recomputing", True):
        link(_batch(0), finetune=True)
    numpy.testing.assert_array_equal(link.avg_mean, numpy.zeros(3))
    assert link.N == 0


def test_without_gamma_and_beta():
    link = BatchNormalization(3, use_gamma=False, use_beta=False)
    assert link.gamma is None and link.beta is None
    assert list(link.namedparams()) == []
    x = _batch(1)
    expected = (x - x.mean(0)) / numpy.sqrt(x.var(0) + 2e-5)
    numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    ("axis", "x_shape", "size"),
    [((0, 2, 3), (2, 3, 4, 5), (3,)), (0, (2, 3, 4, 5), (3, 4, 5)), (-1, (2, 3), (2,))],
)
def test_lazy_shape(axis, x_shape, size):
    link = BatchNormalization(axis=axis)
    assert link.avg_mean is None and link.gamma.array is None
    link(numpy.ones(x_shape, numpy.float32))
    assert link.avg_mean.shape == size
    assert link.gamma.shape == size and link.beta.shape == size


def test_dtype_and_mixed16():
    link = BatchNormalization(3, dtype=numpy.float64)
    assert link.gamma.dtype == numpy.float64 and link.avg_mean.dtype == numpy.float64
    with chainer.using_config("dtype", chainer.mixed16):
        link = BatchNormalization(3)
    assert link.gamma.dtype == numpy.float32 and link.avg_var.dtype == numpy.float32
    y = link(_batch(0).astype(numpy.float16))
    assert y.dtype == numpy.float16


def test_initializer_object_is_not_modified():
    init = initializers.Constant(2.0)
    BatchNormalization(3, dtype=numpy.float64, initial_gamma=init)
    assert init.dtype is None


def test_errors():
    with pytest.raises(RuntimeError, match="size or axis is required"):
        BatchNormalization()
    with pytest.raises(TypeError, match="size must be"):
        BatchNormalization("3")
    link = BatchNormalization(3)
    with pytest.raises(ValueError, match="test argument is not supported"):
        link(_batch(0), test=True)
    with pytest.raises(TypeError, match="unexpected keyword"):
        link(_batch(0), finetuning=True)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        BatchNormalization(axis=2)(_batch(0))


class _Saver(chainer.serializer.Serializer):
    def __init__(self, target, path=""):
        self.target, self.path = target, path

    def __getitem__(self, key):
        return _Saver(self.target, self.path + key + "/")

    def __call__(self, key, value):
        if value is not None:
            self.target[self.path + key] = numpy.array(chainer.backend.CpuDevice().send(value))
        return value


class _Loader(chainer.serializer.Deserializer):
    def __init__(self, target, path=""):
        self.target, self.path = target, path

    def __getitem__(self, key):
        return _Loader(self.target, self.path + key + "/")

    def __call__(self, key, value):
        data = self.target[self.path + key]
        if value is None:
            return data
        if isinstance(value, numpy.ndarray):
            numpy.copyto(value, data)
            return value
        return type(value)(data)


def test_serialization_round_trip():
    src = BatchNormalization(3)
    src(_batch(0), finetune=True)
    src.gamma.array[...] = [1.0, 2.0, 3.0]
    saved = {}
    src.serialize(_Saver(saved))
    assert set(saved) == {"N", "avg_mean", "avg_var", "beta", "gamma"}
    dst = BatchNormalization(3)
    dst.serialize(_Loader(saved))
    assert dst.N == 1
    numpy.testing.assert_array_equal(dst.avg_mean, src.avg_mean)
    numpy.testing.assert_array_equal(dst.avg_var, src.avg_var)
    numpy.testing.assert_array_equal(dst.gamma.array, src.gamma.array)


def test_lazy_link_loads_statistics_and_parameters():
    src = BatchNormalization(axis=0)
    src(_batch(0))
    src.gamma.array[...] = [1.0, 2.0, 3.0]
    saved = {}
    src.serialize(_Saver(saved))
    dst = BatchNormalization(axis=0)
    dst.serialize(_Loader(saved))
    numpy.testing.assert_array_equal(dst.avg_mean, src.avg_mean)
    numpy.testing.assert_array_equal(dst.gamma.array, [1.0, 2.0, 3.0])
    with chainer.using_config("train", False):
        numpy.testing.assert_allclose(dst(_batch(1)).array, src(_batch(1)).array)
    numpy.testing.assert_array_equal(dst.gamma.array, [1.0, 2.0, 3.0])


def test_npz_round_trip():
    pytest.importorskip("chainer.serializers")
    src = BatchNormalization(3)
    src(_batch(0))
    dst = BatchNormalization(3)
    testing.save_and_load_npz(src, dst)
    numpy.testing.assert_array_equal(dst.avg_var, src.avg_var)


@testing.attr.gpu
def test_to_gpu_moves_statistics():
    import cupy

    link = BatchNormalization(axis=0)
    link.to_device("@cupy:0")
    y = link(cupy.ones((2, 3), numpy.float32))
    assert isinstance(link.avg_mean, cupy.ndarray) and isinstance(y.array, cupy.ndarray)
    link.to_device("@numpy")
    assert isinstance(link.avg_var, numpy.ndarray) and isinstance(link.gamma.array, numpy.ndarray)


def test_npz_lazy_links():
    pytest.importorskip("chainer.serializers")
    src = BatchNormalization(axis=0)
    src(_batch(0))
    dst = BatchNormalization(axis=0)
    testing.save_and_load_npz(src, dst)
    numpy.testing.assert_array_equal(dst.avg_mean, src.avg_mean)
    # A link saved before its first forward holds no statistics to load.
    empty = BatchNormalization(axis=0)
    testing.save_and_load_npz(BatchNormalization(axis=0), empty)
    assert empty.avg_mean is None
    empty(_batch(0))
    assert empty.avg_mean.shape == (3,)
