"""F.forget: same values and gradients (double backprop too) as the plain call, without
keeping the intermediate arrays alive."""

import gc
import weakref

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.functions.util.forget import forget

_BACKENDS = [{}, {"use_cuda": True}]


def _two_layer(x, w):
    h = F.exp(x * w)
    return F.sum(h * h, axis=1), h - x


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestForget(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        self.check_double_backward_options = dict(self.check_backward_options)

    def generate_inputs(self):
        x = numpy.random.uniform(-0.5, 0.5, (3, 2)).astype(self.dtype)
        w = numpy.random.uniform(-0.5, 0.5, (3, 2)).astype(self.dtype)
        return x, w

    def forward(self, inputs, device):
        return forget(_two_layer, *inputs)

    def forward_expected(self, inputs):
        x, w = (a.astype(numpy.float64) for a in inputs)
        h = numpy.exp(x * w)
        return (h * h).sum(axis=1).astype(self.dtype), (h - x).astype(self.dtype)


def _grads(use_forget, x0, w0, gy0):
    x = chainer.Variable(x0.copy())
    w = chainer.Variable(w0.copy())
    gy = chainer.Variable(gy0.copy())
    f = (lambda *a: forget(_two_layer, *a)) if use_forget else _two_layer
    y, _ = f(x, w)
    gx, gw = chainer.grad([y], [x, w], [gy], enable_double_backprop=True)
    loss = F.sum(gx * gx) + F.sum(gw * x)
    ggx, ggw, ggy = chainer.grad([loss], [x, w, gy], enable_double_backprop=True)
    # Third order, to exercise the nested recomputation.
    gggx, gggw = chainer.grad([F.sum(ggx * ggx) + F.sum(ggy)], [x, w])
    return [a.array for a in (y, gx, gw, ggx, ggw, ggy, gggx, gggw)]


def test_gradients_match_the_plain_call():
    rng = numpy.random.RandomState(0)
    x0, w0 = rng.uniform(-1, 1, (2, 4, 3))
    gy0 = rng.uniform(-1, 1, (4,))
    for plain, forgetful in zip(_grads(False, x0, w0, gy0), _grads(True, x0, w0, gy0)):
        numpy.testing.assert_allclose(forgetful, plain, rtol=1e-12, atol=1e-12)


def test_backward_matches_the_plain_call():
    rng = numpy.random.RandomState(1)
    x0, w0 = rng.uniform(-1, 1, (2, 4, 3))
    results = []
    for use_forget in (False, True):
        x, w = chainer.Variable(x0.copy()), chainer.Variable(w0.copy())
        y, z = forget(_two_layer, x, w) if use_forget else _two_layer(x, w)
        (F.sum(y) + F.sum(z * z)).backward()
        results.append((x.grad, w.grad))
    numpy.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-12)
    numpy.testing.assert_allclose(results[1][1], results[0][1], rtol=1e-12)


def test_intermediate_arrays_are_not_kept():
    refs = []

    def func(x):
        h = F.exp(x)
        refs.append(weakref.ref(h.array))
        return F.log(h + 1.0)

    x0 = numpy.random.uniform(-1, 1, (100, 100))

    # Without forget the graph keeps the intermediate array for backward.
    x = chainer.Variable(x0.copy())
    y_plain = func(x)
    gc.collect()
    assert refs[-1]() is not None

    x = chainer.Variable(x0.copy())
    y = forget(func, x)
    gc.collect()
    assert refs[-1]() is None
    y.grad = numpy.ones_like(y.array)
    y.backward()
    # Backward recomputed the intermediate and let it go again.
    assert len(refs) == 3
    gc.collect()
    assert refs[-1]() is None
    numpy.testing.assert_allclose(x.grad, numpy.exp(x0) / (numpy.exp(x0) + 1), rtol=1e-12)
    del y_plain


def test_parameters_inside_func_get_gradients():
    W = chainer.Parameter(numpy.random.uniform(-1, 1, (3,)))
    x0 = numpy.random.uniform(-1, 1, (4, 3))

    def func(x):
        return F.exp(x * F.broadcast_to(W, x.shape))

    F.sum(func(x0)).backward()
    expected = W.grad.copy()
    W.cleargrad()
    # An array input: the output still needs a gradient, for W's sake.
    y = forget(func, x0)
    assert y.requires_grad
    F.sum(y).backward()
    numpy.testing.assert_allclose(W.grad, expected, rtol=1e-12)


def test_higher_order_with_hidden_parameters_is_refused():
    W = chainer.Parameter(numpy.ones((3,)))
    x = chainer.Variable(numpy.ones((3,)))
    y = forget(lambda x: F.exp(x * W), x)
    with pytest.raises(RuntimeError, match="pass them to forget as inputs"):
        chainer.grad([F.sum(y)], [x], enable_double_backprop=True)


def test_integer_inputs_pass_through():
    x = chainer.Variable(numpy.arange(6.0).reshape(3, 2))
    index = numpy.array([2, 0], numpy.int32)
    y = forget(lambda x, i: F.get_item(x, i.array) * 2.0, x, index)
    numpy.testing.assert_array_equal(y.array, [[8.0, 10.0], [0.0, 2.0]])
    F.sum(y).backward()
    numpy.testing.assert_array_equal(x.grad, [[2.0, 2.0], [0.0, 0.0], [2.0, 2.0]])


def test_unused_output_gets_no_gradient():
    x = chainer.Variable(numpy.ones((2,)))
    y, z = forget(lambda x: (x * 2.0, F.exp(x)), x)
    F.sum(y).backward()
    numpy.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_recomputation_flags():
    seen = []

    def func(x):
        seen.append((chainer.config._will_recompute, chainer.config.in_recomputing))
        return x * 3.0

    x = chainer.Variable(numpy.ones((2,)))
    y = forget(func, x)
    F.sum(y).backward()
    assert seen == [(True, False), (False, True)]


def test_func_must_be_callable():
    with pytest.raises(TypeError, match="func must be callable"):
        forget(1, numpy.ones((2,)))


def test_func_must_return_variables():
    with pytest.raises(RuntimeError, match="must return a Variable or a non-empty tuple"):
        forget(lambda x: x.array, numpy.ones((2,)))
    with pytest.raises(RuntimeError, match="the 2nd element of the tuple .* is a ndarray"):
        forget(lambda x: (x, x.array), numpy.ones((2,)))
