"""Variable: array access, gradient handling, graph links, printing and devices."""

import weakref

import numpy
import pytest

import chainer
import chainer.functions as F


def _var(shape=(2, 3), dtype=numpy.float32, **kwargs):
    return chainer.Variable(numpy.arange(numpy.prod(shape), dtype=dtype).reshape(shape), **kwargs)


def test_array_properties():
    x = _var((2, 3))
    assert x.array is x.data
    assert x.shape == (2, 3)
    assert x.ndim == 2
    assert x.size == 6
    assert x.dtype == numpy.float32
    assert len(x) == 2
    assert x.xp is numpy
    assert x.device == chainer.get_device("@numpy")
    assert x.T.shape == (3, 2)
    numpy.testing.assert_array_equal(x.T.array, x.array.T)


def test_rejects_non_arrays():
    with pytest.raises(TypeError, match="numpy.ndarray or cupy.ndarray.*list"):
        chainer.Variable([1, 2, 3])
    with pytest.raises(TypeError, match="float32"):
        chainer.Variable(numpy.float32(1))


def test_grad_setter_checks_shape_dtype_and_type():
    x = _var((2, 3))
    with pytest.raises(ValueError, match="shape"):
        x.grad = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(TypeError, match="dtype"):
        x.grad = numpy.zeros((2, 3), numpy.float64)
    x.grad = numpy.ones((2, 3), numpy.float32)
    assert isinstance(x.grad_var, chainer.Variable)
    x.cleargrad()
    assert x.grad is None


def test_zerograd_and_addgrad():
    x = _var((2,))
    x.zerograd()
    numpy.testing.assert_array_equal(x.grad, [0, 0])
    y = _var((2,))
    y.grad = numpy.array([1.0, 2.0], numpy.float32)
    x.addgrad(y)
    x.addgrad(y)
    numpy.testing.assert_array_equal(x.grad, [2.0, 4.0])


def test_setting_array_updates_node():
    x = _var((2, 3))
    x.array = numpy.zeros((4,), numpy.float32)
    assert x.node.shape == (4,)
    assert x.shape == (4,)


def test_operators_compute_numpy_values():
    a = numpy.array([1.0, 2.0, 4.0], numpy.float32)
    b = numpy.array([3.0, 5.0, 7.0], numpy.float32)
    x, y = chainer.Variable(a), chainer.Variable(b)
    cases = {
        "add": (x + y, a + b),
        "radd": (1 + x, 1 + a),
        "sub": (x - y, a - b),
        "rsub": (1 - x, 1 - a),
        "mul": (x * y, a * b),
        "rmul": (2 * x, 2 * a),
        "div": (x / y, a / b),
        "rdiv": (2 / x, 2 / a),
        "pow": (x**y, a**b),
        "rpow": (2**x, 2**a),
        "neg": (-x, -a),
        "abs": (abs(-x), a),
        "array_rhs": (x * b, a * b),
        "array_lhs": (b * x, a * b),
    }
    for name, (got, want) in cases.items():
        assert isinstance(got, chainer.Variable), name
        numpy.testing.assert_allclose(got.array, want, rtol=1e-6, err_msg=name)
        assert got.dtype == numpy.float32, name


def test_scalar_operands_keep_float16():
    x = chainer.Variable(numpy.ones(3, numpy.float16))
    assert (x * 2.5).dtype == numpy.float16
    assert (x + numpy.float64(1)).dtype == numpy.float16
    assert (2.0 / x).dtype == numpy.float16


def test_matmul_and_getitem_operators():
    a = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    b = numpy.arange(12, dtype=numpy.float32).reshape(3, 4)
    x = chainer.Variable(a)
    numpy.testing.assert_allclose((x @ b).array, a @ b)
    numpy.testing.assert_allclose((b.T @ x.T).array, b.T @ a.T)
    numpy.testing.assert_array_equal(x[1, ::-1].array, a[1, ::-1])


def test_comparison_and_truth_value_are_refused():
    x = _var((2,))
    with pytest.raises(NotImplementedError, match="comparison"):
        x == x  # noqa: B015
    with pytest.raises(NotImplementedError, match="truth value"):
        bool(x)
    assert hash(x) == hash(x)


def test_reshape_and_transpose_methods():
    x = _var((2, 3, 4))
    assert x.reshape(6, 4).shape == (6, 4)
    assert x.reshape((4, -1)).shape == (4, 6)
    assert x.transpose().shape == (4, 3, 2)
    assert x.transpose(1, 0, 2).shape == (3, 2, 4)
    assert x.transpose((2, 0, 1)).shape == (4, 2, 3)


def test_repr_str_summary():
    x = chainer.Variable(numpy.array([1.0, 2.0], numpy.float32), name="x")
    assert repr(x) == "variable x([1., 2.])"
    assert str(x) == "[1. 2.]"
    assert x.summary() == "<variable x (2,) float32>"
    assert repr(chainer.Variable()) == "variable(None)"
    text = x.debug_print()
    assert "mean=1.50000000" in text and "grad: None" in text


def test_creator_links_and_unchain():
    x = _var((2,))
    y = x * 2
    assert y.creator_node is not None
    assert y.creator is y.creator_node
    assert y.rank == 1 and x.rank == 0
    assert y.creator_node.inputs[0] is x.node
    y.unchain()
    assert y.creator_node is None
    assert y.rank == 0


def test_unchain_backward_cuts_the_whole_graph():
    x = _var((2,))
    h = x * 2
    z = h + 1
    w = z * 3
    w.unchain_backward()
    assert w.creator_node is None
    assert z.creator_node is None
    assert h.creator_node is None


def test_requires_grad_false_gets_no_grad():
    x = _var((2,), requires_grad=False)
    w = _var((2,))
    F.sum(x * w).backward()
    assert x.grad is None
    numpy.testing.assert_array_equal(w.grad, x.array)


def test_retain_data_keeps_array_after_variable_is_gone():
    x = _var((2,))
    y = x * 2
    y.retain_data()
    node = y.node
    array_ref = weakref.ref(y.array)
    del y
    assert array_ref() is not None
    rebuilt = node.get_variable()
    numpy.testing.assert_array_equal(rebuilt.array, [0.0, 2.0])


def test_as_variable_and_as_array():
    a = numpy.ones(2, numpy.float32)
    v = chainer.as_variable(a)
    assert isinstance(v, chainer.Variable) and not v.requires_grad
    assert chainer.as_variable(v) is v
    assert chainer.as_array(v) is a
    assert chainer.as_array(a) is a


def test_to_cpu_and_to_device_keep_numpy_arrays():
    x = _var((2,))
    x.grad = numpy.ones(2, numpy.float32)
    x.to_cpu()
    assert isinstance(x.array, numpy.ndarray) and isinstance(x.grad, numpy.ndarray)
    x.to_device("@numpy")
    assert x.device.name == "@numpy"


def test_to_gpu_without_gpu_says_so():
    if chainer.backends.cuda.available:
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="GPU"):
        _var((2,)).to_gpu()


def test_to_intel64_without_plugin_names_pip_line():
    from chainer import _plugins

    if "mkldnn" in _plugins.installed_plugins():
        pytest.skip("the oneDNN plugin is installed")
    with pytest.raises(RuntimeError, match="pip install chainer-mkldnn"):
        _var((2,)).to_intel64()


def test_item_and_mean():
    x = chainer.Variable(numpy.array([[1.0, 3.0]], numpy.float32))
    assert x.mean().item() == pytest.approx(2.0)
    assert x.mean(axis=1).shape == (1,)
