"""The backward pass: ordering, accumulation, retain_grad, higher orders, chainer.grad."""

import numpy
import pytest

import chainer
import chainer.functions as F


def _v(values, dtype=numpy.float64):
    return chainer.Variable(numpy.asarray(values, dtype=dtype))


def test_gradient_accumulates_across_branches():
    x = _v([1.0, 2.0])
    a = x * 3
    b = x * x
    F.sum(a + b + x).backward()
    # d/dx (3x + x^2 + x) = 4 + 2x
    numpy.testing.assert_allclose(x.grad, [6.0, 8.0])


def test_diamond_graph_runs_each_node_once():
    calls = []

    class Count(chainer.FunctionNode):
        def forward(self, inputs):
            return (inputs[0].copy(),)

        def backward(self, indexes, grad_outputs):
            calls.append(1)
            return grad_outputs

    x = _v([1.0])
    h = Count().apply((x,))[0]
    y = h * 2 + h * 3
    y.backward()
    assert calls == [1]
    numpy.testing.assert_allclose(x.grad, [5.0])


def test_leaf_gradients_accumulate_over_backward_calls():
    x = _v([1.0, 2.0])
    F.sum(x * 2).backward()
    F.sum(x * 2).backward()
    numpy.testing.assert_allclose(x.grad, [4.0, 4.0])


def test_intermediate_grads_only_with_retain_grad():
    x = _v([1.0, 2.0])
    h = x * 2
    y = F.sum(h * h)
    y.backward()
    assert h.grad is None
    assert y.grad is not None
    x.cleargrad()
    h = x * 2
    y = F.sum(h * h)
    y.backward(retain_grad=True)
    numpy.testing.assert_allclose(h.grad, 2 * h.array)


def test_nonscalar_output_needs_initial_grad():
    x = _v([1.0, 2.0])
    y = x * 2
    with pytest.raises(ValueError, match="initial gradient"):
        y.backward()
    y.grad = numpy.array([1.0, -1.0])
    y.backward()
    numpy.testing.assert_allclose(x.grad, [2.0, -2.0])


def test_loss_scale_scales_leaf_grads():
    x = _v([1.0, 2.0])
    F.sum(x * 3).backward(loss_scale=8.0)
    numpy.testing.assert_allclose(x.grad, [24.0, 24.0])
    assert x._loss_scale == 8.0


def test_third_order_derivative():
    x = _v([0.5, 2.0])
    y = F.sum(x**4)
    (g1,) = chainer.grad([y], [x], enable_double_backprop=True)
    (g2,) = chainer.grad([F.sum(g1)], [x], enable_double_backprop=True)
    (g3,) = chainer.grad([F.sum(g2)], [x])
    numpy.testing.assert_allclose(g1.array, 4 * x.array**3)
    numpy.testing.assert_allclose(g2.array, 12 * x.array**2)
    numpy.testing.assert_allclose(g3.array, 24 * x.array)


def test_backward_with_double_backprop_keeps_grad_graph():
    x = _v([1.0, 3.0])
    y = F.sum(x * x * x)
    y.backward(enable_double_backprop=True)
    gx = x.grad_var
    assert gx.creator_node is not None
    x.cleargrad()
    F.sum(gx).backward()
    numpy.testing.assert_allclose(x.grad, 6 * numpy.array([1.0, 3.0]))


def test_grad_does_not_touch_other_grads():
    x = _v([1.0, 2.0])
    w = _v([3.0, 4.0])
    y = F.sum(x * w)
    (gx,) = chainer.grad([y], [x])
    numpy.testing.assert_allclose(gx.array, w.array)
    assert x.grad is None and w.grad is None


def test_grad_set_grad_and_grad_inputs():
    x = _v([1.0, 2.0])
    y = F.sum(x * 2)
    (gx,) = chainer.grad([y], [x], grad_inputs=[_v([10.0, 10.0])], set_grad=True)
    numpy.testing.assert_allclose(gx.array, [12.0, 12.0])
    assert x.grad_var is gx


def test_grad_of_unconnected_input_is_none():
    x = _v([1.0])
    z = _v([2.0])
    (gz,) = chainer.grad([F.sum(x * 2)], [z])
    assert gz is None


def test_grad_wrt_intermediate_variable():
    x = _v([1.0, 2.0])
    h = x * 3
    y = F.sum(h * h)
    gh, gx = chainer.grad([y], [h, x])
    numpy.testing.assert_allclose(gh.array, 2 * h.array)
    numpy.testing.assert_allclose(gx.array, 6 * h.array)


def test_grad_argument_errors():
    x = _v([1.0])
    with pytest.raises(TypeError, match="outputs"):
        chainer.grad(F.sum(x), [x])
    with pytest.raises(ValueError, match="grad_outputs"):
        chainer.grad([F.sum(x)], [x], grad_outputs=[None, None])


def test_chainer_backward_many_outputs():
    x = _v([1.0, 2.0])
    y1 = x * 2
    y2 = x * x
    chainer.backward([y1, y2], [numpy.ones(2), numpy.ones(2)])
    numpy.testing.assert_allclose(x.grad, 2 + 2 * x.array)


def test_ten_thousand_chained_ops():
    x = _v(numpy.ones(4))
    h = x
    for _ in range(10000):
        h = h * 1.0001
    F.sum(h).backward()
    numpy.testing.assert_allclose(x.grad, numpy.full(4, 1.0001**10000), rtol=1e-9)
    del h  # deallocating the long chain must not overflow the stack either


def test_no_backprop_mode_records_nothing():
    x = _v([1.0])
    with chainer.no_backprop_mode():
        y = x * 2
        with chainer.force_backprop_mode():
            z = x * 2
    assert y.creator_node is None
    assert z.creator_node is not None


def test_none_output_grad_reaches_multi_output_node():
    seen = []

    class Split(chainer.FunctionNode):
        def forward(self, inputs):
            (x,) = inputs
            return x[:1].copy(), x[1:].copy()

        def backward(self, indexes, grad_outputs):
            seen.append(tuple(g is None for g in grad_outputs))
            g0, g1 = grad_outputs
            xp = numpy
            parts = [
                xp.zeros(1) if g0 is None else g0.array,
                xp.zeros(1) if g1 is None else g1.array,
            ]
            return (chainer.Variable(xp.concatenate(parts)),)

    x = _v([1.0, 2.0])
    a, b = Split().apply((x,))
    F.sum(a * 5).backward()
    assert seen == [(False, True)]
    numpy.testing.assert_allclose(x.grad, [5.0, 0.0])


def test_leaf_gradient_from_a_broadcast_is_a_writable_array():
    x = chainer.Variable(numpy.ones((3, 4), numpy.float32))
    F.sum(x).backward()
    assert x.grad.flags.writeable and 0 not in x.grad.strides
    x.grad *= 2.0  # what optimizer hooks do in place
    numpy.testing.assert_array_equal(x.grad, numpy.full((3, 4), 2.0, numpy.float32))


def test_writable_copy_keeps_double_backprop():
    x = chainer.Variable(numpy.array([1.0, 2.0, 3.0]))
    (gx,) = chainer.grad([F.sum(x * x)], [x], enable_double_backprop=True)
    # d/dx sum(2x) = 2 through the graph of gx
    (ggx,) = chainer.grad([F.sum(gx)], [x])
    numpy.testing.assert_array_equal(ggx.array, [2.0, 2.0, 2.0])
    y = chainer.Variable(numpy.array([1.0, 2.0]))
    F.sum(y).backward(enable_double_backprop=True)
    assert y.grad.flags.writeable and 0 not in y.grad.strides


def test_leaf_used_many_times_sums_into_its_own_buffer():
    x = chainer.Variable(numpy.array([1.0, 2.0], numpy.float32))
    y = x + x  # Add's backward hands the same gradient array to both inputs
    z = F.sum(y + x + x * 2.0)
    z.backward(retain_grad=True)
    numpy.testing.assert_array_equal(x.grad, [5.0, 5.0])
    # The arrays handed out along the way were not added into.
    numpy.testing.assert_array_equal(y.grad, [1.0, 1.0])
    assert x.grad is not y.grad


def test_existing_leaf_gradient_is_not_modified_in_place():
    x = chainer.Variable(numpy.array([1.0, 2.0]))
    previous = numpy.array([10.0, 10.0])
    x.grad = previous
    F.sum(x + x + x).backward()
    numpy.testing.assert_array_equal(x.grad, [13.0, 13.0])
    numpy.testing.assert_array_equal(previous, [10.0, 10.0])
