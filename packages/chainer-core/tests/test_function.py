"""The legacy chainer.Function API runs through the FunctionAdapter."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check


class Scale(chainer.Function):
    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def forward_cpu(self, inputs):
        return (inputs[0] * 3,)

    def backward_cpu(self, inputs, grad_outputs):
        return (grad_outputs[0] * 3,)


class TwoOutputs(chainer.Function):
    def forward(self, inputs):
        x = inputs[0]
        return x + 1, x * 2

    def backward(self, inputs, grad_outputs):
        g0, g1 = grad_outputs
        return (g0 + 2 * g1,)


def test_call_forward_backward():
    x = chainer.Variable(numpy.array([1.0, 2.0]))
    f = Scale()
    y = f(x)
    assert isinstance(y, chainer.Variable)
    numpy.testing.assert_allclose(y.array, [3.0, 6.0])
    assert y.creator is f
    assert isinstance(y.creator_node, chainer.FunctionAdapter)
    F.sum(y).backward()
    numpy.testing.assert_allclose(x.grad, [3.0, 3.0])


def test_missing_output_gradient_becomes_zeros():
    x = chainer.Variable(numpy.array([1.0, 2.0]))
    a, b = TwoOutputs()(x)
    F.sum(b).backward()  # `a` gets no gradient: the legacy backward sees zeros
    numpy.testing.assert_allclose(x.grad, [2.0, 2.0])


def test_type_check_applies():
    with pytest.raises(type_check.InvalidType, match="Scale"):
        Scale()(chainer.Variable(numpy.array([1, 2])))
