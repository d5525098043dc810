"""FunctionNode: apply, retention, type checks, hooks, kernels and debug mode."""

import gc
import weakref

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import _kernels
from chainer.utils import type_check


class LinearFunction(chainer.FunctionNode):
    def check_type_forward(self, in_types):
        type_check.argname(in_types, ("x", "W"))
        x_type, w_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            w_type.dtype == x_type.dtype,
            x_type.ndim == 2,
            w_type.ndim == 2,
            x_type.shape[1] == w_type.shape[1],
        )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs
        return (x.dot(W.T),)

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        return F.matmul(gy, W), F.matmul(gy, x, transa=True)


def test_type_check_message_names_op_expression_and_values():
    x = numpy.zeros((2, 3), numpy.float32)
    W = numpy.zeros((5, 4), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        LinearFunction().apply((x, W))
    text = str(info.value)
    assert "Invalid operation is performed in: LinearFunction (Forward)" in text
    assert "Expect: x.shape[1] == W.shape[1]" in text
    assert "Actual: 3 != 4" in text


def test_type_check_can_be_disabled():
    x = numpy.zeros((2, 3), numpy.float32)
    W = numpy.zeros((5, 3), numpy.float64)
    with chainer.using_config("type_check", False):
        (y,) = LinearFunction().apply((x, W))
    assert y.shape == (2, 5)


def test_apply_links_graph_and_backward_uses_retained_inputs():
    x = chainer.Variable(numpy.random.rand(2, 3))
    W = chainer.Variable(numpy.random.rand(4, 3))
    node = LinearFunction()
    (y,) = node.apply((x, W))
    assert y.creator_node is node
    assert node.inputs == (x.node, W.node)
    assert node.outputs[0]() is y.node
    assert node.rank == 0 and y.rank == 1
    y.grad = numpy.ones((2, 4))
    y.backward()
    numpy.testing.assert_allclose(x.grad, numpy.ones((2, 4)) @ W.array)
    numpy.testing.assert_allclose(W.grad, numpy.ones((2, 4)).T @ x.array)


def test_arrays_as_inputs_need_no_grad():
    (y,) = LinearFunction().apply((numpy.ones((1, 2)), numpy.ones((3, 2))))
    assert not y.requires_grad
    assert y.creator_node is None


def test_bad_input_type():
    with pytest.raises(TypeError, match="Variables or arrays.*list"):
        LinearFunction().apply(([1.0], numpy.ones((1, 1))))


def test_forward_must_return_tuple_of_arrays():
    class NotTuple(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0]

    class NotArray(chainer.FunctionNode):
        def forward(self, inputs):
            return ([1, 2],)

    class Scalar(chainer.FunctionNode):
        def forward(self, inputs):
            return (inputs[0].sum(),)

    x = numpy.ones(2)
    with pytest.raises(TypeError, match="NotTuple.forward must return a tuple"):
        NotTuple().apply((x,))
    with pytest.raises(TypeError, match="NotArray.forward returned list"):
        NotArray().apply((x,))
    (y,) = Scalar().apply((x,))
    assert isinstance(y.array, numpy.ndarray) and y.shape == ()


def test_node_is_not_callable():
    with pytest.raises(TypeError, match="apply"):
        LinearFunction()(numpy.ones((1, 1)))


def test_retained_output_survives_its_variable():
    class Square(chainer.FunctionNode):
        def forward(self, inputs):
            self.retain_outputs((0,))
            return (inputs[0] ** 2,)

        def backward(self, indexes, grad_outputs):
            (y,) = self.get_retained_outputs()
            # d(x^2)/dx = 2x = 2 * sqrt(y) for positive x
            return (grad_outputs[0] * 2 * y**0.5,)

    x = chainer.Variable(numpy.array([2.0, 3.0]))
    (y,) = Square().apply((x,))
    z = y * 1.0
    del y
    gc.collect()
    F.sum(z).backward()
    numpy.testing.assert_allclose(x.grad, [4.0, 6.0])


def test_unretained_inputs_are_not_kept():
    class Double(chainer.FunctionNode):
        def forward(self, inputs):
            return (inputs[0] * 2,)

        def backward(self, indexes, grad_outputs):
            return (grad_outputs[0] * 2,)

    a = numpy.ones(10)
    ref = weakref.ref(a)
    x = chainer.Variable(a)
    (y,) = Double().apply((x,))
    del x, a
    gc.collect()
    assert ref() is None
    assert y.creator_node.inputs[0].data is None


def test_output_data_requires_retention():
    node = LinearFunction()
    node.apply((numpy.ones((1, 2)), numpy.ones((3, 2))))
    with pytest.raises(RuntimeError, match="retain_outputs"):
        node.output_data


class RecordingHook(chainer.FunctionHook):
    name = "recording"

    def __init__(self):
        self.events = []

    def forward_preprocess(self, function, in_data):
        self.events.append(("fwd-pre", function.label, len(in_data)))

    def forward_postprocess(self, function, in_data):
        self.events.append(("fwd-post", function.label))

    def backward_preprocess(self, function, in_data, out_grad):
        self.events.append(("bwd-pre", function.label))

    def backward_postprocess(self, function, in_data, out_grad):
        self.events.append(("bwd-post", function.label))


def test_global_function_hook_sees_forward_and_backward():
    hook = RecordingHook()
    x = chainer.Variable(numpy.ones(2))
    with hook:
        assert chainer.get_function_hooks()["recording"] is hook
        y = x * 2
        y.grad = numpy.ones(2)
        y.backward()
    assert "recording" not in chainer.get_function_hooks()
    # The backward of `_ * 2.0` computes `gy * 2.0`, itself a function call.
    assert hook.events == [
        ("fwd-pre", "_ * 2.0", 1),
        ("fwd-post", "_ * 2.0"),
        ("bwd-pre", "_ * 2.0"),
        ("fwd-pre", "_ * 2.0", 1),
        ("fwd-post", "_ * 2.0"),
        ("bwd-post", "_ * 2.0"),
    ]


def test_local_hook_and_duplicate_names():
    hook = RecordingHook()
    node = LinearFunction()
    node.add_hook(hook)
    with pytest.raises(KeyError):
        node.add_hook(RecordingHook())
    node.apply((numpy.ones((1, 2)), numpy.ones((3, 2))))
    assert hook.events[0] == ("fwd-pre", "LinearFunction", 2)
    node.delete_hook("recording")
    assert node.local_function_hooks == {}


def test_registered_kernel_replaces_forward_when_it_accepts():
    calls = []

    def fast_exp(node, inputs):
        calls.append(inputs[0].dtype)
        node.retain_outputs((0,))
        return (numpy.exp(inputs[0]),)

    from chainer.functions.math.exponential import Exp

    kernel = _kernels.register_kernel(
        Exp, "cpu", fast_exp, accepts=lambda node, inputs: inputs[0].dtype == numpy.float32
    )
    try:
        x32 = chainer.Variable(numpy.zeros(2, numpy.float32))
        x64 = chainer.Variable(numpy.zeros(2, numpy.float64))
        y = F.exp(x32)
        F.exp(x64)
        assert calls == [numpy.float32]
        F.sum(y).backward()
        numpy.testing.assert_allclose(x32.grad, [1.0, 1.0])
        assert _kernels.kernels_for(Exp, "cpu") == [kernel]
    finally:
        _kernels.unregister_kernel(kernel)
    assert _kernels.kernels_for(Exp, "cpu") == []
    with pytest.raises(ValueError, match="backend"):
        _kernels.register_kernel(Exp, "tpu", fast_exp)


def test_debug_mode_reports_nan_with_call_site():
    x = chainer.Variable(numpy.array([-1.0, 1.0]))
    with chainer.using_config("debug", True):
        with pytest.raises(RuntimeError) as info:
            F.log(x)  # the line that made the NaN
    text = str(info.value)
    assert "NaN is detected on forward computation of log" in text
    assert "test_function_node.py" in text and "F.log(x)" in text


def test_debug_mode_reports_nan_in_backward():
    class BadGrad(chainer.FunctionNode):
        def forward(self, inputs):
            return (inputs[0].copy(),)

        def backward(self, indexes, grad_outputs):
            return (chainer.Variable(grad_outputs[0].array * numpy.nan),)

    x = chainer.Variable(numpy.ones(2))
    with chainer.using_config("debug", True):
        (y,) = BadGrad().apply((x,))
        with pytest.raises(
            RuntimeError, match="NaN is detected on backward computation of BadGrad"
        ):
            F.sum(y).backward()


def test_no_nan_check_outside_debug_mode():
    y = F.log(chainer.Variable(numpy.array([-1.0])))
    assert numpy.isnan(y.array).all()
