import pickle

import numpy
import pytest

import chainer
from chainer import backend, dataset
from chainer.dataset import convert


def test_concat_arrays():
    batch = [numpy.full((2, 3), i, numpy.float32) for i in range(4)]
    out = dataset.concat_examples(batch)
    assert out.shape == (4, 2, 3) and out.dtype == numpy.float32
    numpy.testing.assert_array_equal(out[:, 0, 0], [0, 1, 2, 3])


def test_concat_tuples_with_scalars():
    batch = [(numpy.array([i, i + 1], numpy.float32), numpy.int32(i)) for i in range(3)]
    x, t = dataset.concat_examples(batch)
    numpy.testing.assert_array_equal(x, [[0, 1], [1, 2], [2, 3]])
    assert t.dtype == numpy.int32 and t.tolist() == [0, 1, 2]


def test_concat_python_scalars_become_arrays():
    out = dataset.concat_examples([1.5, 2.5])
    assert isinstance(out, numpy.ndarray) and out.tolist() == [1.5, 2.5]


def test_concat_dicts():
    batch = [{"x": numpy.ones(2) * i, "t": i} for i in range(3)]
    out = dataset.concat_examples(batch)
    assert set(out) == {"x", "t"}
    assert out["x"].shape == (3, 2) and out["t"].tolist() == [0, 1, 2]


def test_padding_scalar():
    batch = [numpy.array([1, 2]), numpy.array([3, 4, 5]), numpy.array([6])]
    out = dataset.concat_examples(batch, padding=-1)
    numpy.testing.assert_array_equal(out, [[1, 2, -1], [3, 4, 5], [6, -1, -1]])


def test_padding_2d_takes_max_of_each_axis():
    batch = [numpy.ones((1, 3)), numpy.ones((2, 1)) * 2]
    out = dataset.concat_examples(batch, padding=0)
    assert out.shape == (2, 2, 3)
    numpy.testing.assert_array_equal(out[0], [[1, 1, 1], [0, 0, 0]])
    numpy.testing.assert_array_equal(out[1], [[2, 0, 0], [2, 0, 0]])


def test_padding_per_tuple_position():
    batch = [(numpy.array([1]), numpy.array([1, 1])), (numpy.array([2, 2]), numpy.array([2, 2]))]
    x, t = dataset.concat_examples(batch, padding=(0, None))
    numpy.testing.assert_array_equal(x, [[1, 0], [2, 2]])
    numpy.testing.assert_array_equal(t, [[1, 1], [2, 2]])


def test_padding_per_dict_key():
    batch = [{"a": numpy.array([1]), "b": numpy.array([1])}, {"a": numpy.array([2, 2]), "b": [3]}]
    out = dataset.concat_examples(batch, padding={"a": 9})
    numpy.testing.assert_array_equal(out["a"], [[1, 9], [2, 2]])
    numpy.testing.assert_array_equal(out["b"], [[1], [3]])


def test_unequal_shapes_without_padding_raise():
    with pytest.raises(ValueError):
        dataset.concat_examples([numpy.zeros(2), numpy.zeros(3)])


def test_empty_batch_raises():
    with pytest.raises(ValueError, match="empty"):
        dataset.concat_examples([])


def test_mismatched_tuple_examples_raise():
    with pytest.raises(ValueError, match="example 1"):
        dataset.concat_examples([(1, 2), (1, 2, 3)])


@pytest.mark.parametrize("device", [None, -1, "@numpy", numpy, backend.CpuDevice()])
def test_concat_to_cpu_devices(device):
    x, t = dataset.concat_examples([(numpy.zeros(2), 0), (numpy.ones(2), 1)], device)
    assert isinstance(x, numpy.ndarray) and isinstance(t, numpy.ndarray)


def test_to_device():
    a = numpy.arange(3)
    assert dataset.to_device(None, a) is a
    assert dataset.to_device(-1, a) is a
    out = dataset.to_device("@numpy", {"a": [a, (a, None)]})
    assert out["a"][0] is a and out["a"][1][1] is None


def test_to_device_rejects_bad_specifier():
    with pytest.raises((ValueError, TypeError)):
        dataset.to_device("nonsense", numpy.zeros(1))


def test_converter_decorator_normalizes_device():
    seen = []

    @dataset.converter()
    def conv(batch, device=None, extra=0):
        seen.append(device)
        return len(batch) + extra

    assert isinstance(conv, dataset.Converter)
    assert conv.__name__ == "conv"
    assert conv([1, 2], -1) == 2
    assert conv([1], device="@numpy", extra=5) == 6
    assert conv([1]) == 1
    assert conv([1], None) == 1
    assert isinstance(seen[0], backend.CpuDevice)
    assert isinstance(seen[1], backend.CpuDevice)
    assert seen[2] is None and seen[3] is None


def test_concat_examples_is_a_converter_and_pickles():
    assert isinstance(dataset.concat_examples, dataset.Converter)
    assert pickle.loads(pickle.dumps(dataset.concat_examples)) is dataset.concat_examples


def test_converter_base_is_abstract():
    with pytest.raises(NotImplementedError):
        dataset.Converter()([], None)


def test_call_converter_new_and_old_style():
    calls = []

    def old_style(batch, device=None):
        calls.append(device)
        return batch

    convert._call_converter(old_style, [1], None)
    convert._call_converter(old_style, [1], backend.CpuDevice())
    convert._call_converter(old_style, [1], "@numpy")
    assert calls == [None, -1, -1]

    @dataset.converter()
    def new_style(batch, device):
        calls.append(device)

    convert._call_converter(new_style, [1], backend.CpuDevice())
    assert isinstance(calls[-1], backend.CpuDevice)


def test_concat_with_async_transfer_on_cpu_is_concat_examples():
    conv = dataset.ConcatWithAsyncTransfer()
    batch = [(numpy.array([1, 2]), 0), (numpy.array([3]), 1)]
    x, t = conv(batch, None, padding=0)
    numpy.testing.assert_array_equal(x, [[1, 2], [3, 0]])
    x, t = conv(batch, "@numpy", padding=-1)
    numpy.testing.assert_array_equal(x, [[1, 2], [3, -1]])


def _cupy_or_skip():
    try:
        import cupy

        if cupy.cuda.runtime.getDeviceCount() < 1:
            raise RuntimeError("no GPU")
    except Exception as e:  # noqa: BLE001 - any failure means no usable GPU
        pytest.skip(f"needs a GPU with CuPy: {e}")
    return cupy


@pytest.mark.gpu
def test_concat_examples_to_gpu_and_padding_on_gpu():
    cupy = _cupy_or_skip()
    x, t = dataset.concat_examples([(numpy.ones(2), 0), (numpy.ones(3), 1)], "@cupy:0", 0)
    assert isinstance(x, cupy.ndarray) and isinstance(t, cupy.ndarray)
    numpy.testing.assert_array_equal(cupy.asnumpy(x), [[1, 1, 0], [1, 1, 1]])
    batch = [cupy.arange(i + 1) for i in range(3)]
    out = dataset.concat_examples(batch, padding=-1)
    assert isinstance(out, cupy.ndarray)
    numpy.testing.assert_array_equal(cupy.asnumpy(out), [[0, -1, -1], [0, 1, -1], [0, 1, 2]])
    assert dataset.to_device(-1, out).__class__ is numpy.ndarray


@pytest.mark.gpu
@pytest.mark.parametrize("with_compute_stream", [False, True])
def test_concat_with_async_transfer_to_gpu(with_compute_stream):
    cupy = _cupy_or_skip()
    compute = cupy.cuda.Stream() if with_compute_stream else None
    conv = dataset.ConcatWithAsyncTransfer(compute_stream=compute)
    rng = numpy.random.RandomState(0)
    for _ in range(3):
        batch = [(rng.rand(5, 4).astype(numpy.float32), rng.randint(10)) for _ in range(8)]
        x, t = conv(batch, chainer.get_device("@cupy:0"))
        if compute is not None:
            compute.synchronize()
        expected_x, expected_t = dataset.concat_examples(batch)
        numpy.testing.assert_array_equal(cupy.asnumpy(x), expected_x)
        numpy.testing.assert_array_equal(cupy.asnumpy(t), expected_t)
