"""link_hooks.WeightStandardization against a standardization written in NumPy."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check, initializers, testing
from chainer.link_hooks import WeightStandardization

_BACKENDS = [{}, {"use_cuda": True}]


class Affine(chainer.Link):
    """A Linear-like link: y = x W^T, with a lazily shaped weight."""

    def __init__(self, in_size, out_size, dtype=numpy.float32):
        super().__init__()
        self.out_size = out_size
        with self.init_scope():
            self.W = chainer.Parameter(initializers.Normal(1.0, dtype=dtype))
        if in_size is not None:
            self._initialize_params(in_size)

    def _initialize_params(self, in_size):
        self.W.initialize((self.out_size, in_size))

    def forward(self, x):
        return F.linear(x, self.W)


class Conv1x1(chainer.Link):
    """A link with a 4-D weight (out, in, 1, 2) used as a matrix (out, 2 * in)."""

    def __init__(self, in_size, out_size, dtype=numpy.float32):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(
                initializers.Normal(1.0, dtype=dtype), (out_size, in_size, 1, 2)
            )

    def forward(self, x):
        return F.linear(x, F.reshape(self.W, (self.W.shape[0], -1)))


def standardize(W, eps):
    """NumPy reference: per output unit, (W - mean) / (biased std + eps)."""
    W2 = W.reshape(W.shape[0], -1).astype(numpy.float64)
    mean = W2.mean(axis=1, keepdims=True)
    std = numpy.sqrt(((W2 - mean) ** 2).mean(axis=1, keepdims=True))
    return ((W2 - mean) / (std + eps)).reshape(W.shape)


def host(x):
    return chainer.backend.CpuDevice().send(x)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "eps": [1e-5, 1e-2],
            "link_kind": ["affine", "conv"],
        }
    )
)
@testing.fix_random()
class TestWeightStandardization:
    def setup_method(self):
        if self.dtype == numpy.float16:
            self.tol = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.tol = {"atol": 1e-4, "rtol": 1e-4}
        else:
            self.tol = {"atol": 1e-10, "rtol": 1e-10}

    def make_link(self, backend_config):
        link = Affine(6, 3, self.dtype) if self.link_kind == "affine" else Conv1x1(3, 3, self.dtype)
        link.to_device(backend_config.device)
        return link

    def test_forward(self, backend_config):
        link = self.make_link(backend_config)
        link.add_hook(WeightStandardization(eps=self.eps))
        W_param = link.W
        W0 = host(link.W.array).copy()
        x = numpy.random.uniform(-1, 1, (4, 6)).astype(self.dtype)
        y = link(backend_config.get_array(x))
        expected = x.astype(numpy.float64) @ standardize(W0, self.eps).reshape(3, -1).T
        testing.assert_allclose(host(y.array), expected, **self.tol)
        assert y.dtype == self.dtype
        # The Parameter is back in place and its data is untouched.
        assert link.W is W_param
        numpy.testing.assert_array_equal(host(link.W.array), W0)

    def test_backward(self, backend_config):
        link = self.make_link(backend_config)
        link.add_hook(WeightStandardization(eps=self.eps))
        x = numpy.random.uniform(-1, 1, (4, 6)).astype(self.dtype)
        gy = numpy.random.uniform(-1, 1, (4, 3)).astype(self.dtype)
        dtype = None if self.dtype == numpy.float64 else numpy.float64
        options = {"atol": 1e-3, "rtol": 1e-3} if self.dtype != numpy.float64 else {}
        gradient_check.check_backward(
            link,
            backend_config.get_array(x),
            backend_config.get_array(gy),
            params=(link.W,),
            dtype=dtype,
            eps=1e-3 if dtype is not None else 1e-6,
            **options,
        )

    def test_gradient_reaches_w(self, backend_config):
        link = self.make_link(backend_config)
        link.add_hook(WeightStandardization(eps=self.eps))
        x = numpy.random.uniform(-1, 1, (4, 6)).astype(self.dtype)
        y = link(backend_config.get_array(x))
        F.sum(y * y).backward()
        assert link.W.grad is not None
        assert link.W.grad.shape == link.W.shape
        assert numpy.isfinite(host(link.W.grad)).all()


def test_gradient_matches_the_analytic_formula():
    numpy.random.seed(0)
    eps = 1e-3
    link = Affine(5, 2, dtype=numpy.float64)
    link.add_hook(WeightStandardization(eps=eps))
    W = link.W.array.copy()
    x = numpy.random.uniform(-1, 1, (3, 5))
    gy = numpy.random.uniform(-1, 1, (3, 2))
    y = link(x)
    y.grad = gy
    y.backward()
    # W_hat = c / s with c = W - mean, s = std + eps:
    # dW = (G - mean(G)) / s - c * mean(G * c) / (s^2 std).
    G = gy.T @ x
    c = W - W.mean(axis=1, keepdims=True)
    std = numpy.sqrt((c**2).mean(axis=1, keepdims=True))
    s = std + eps
    expected = (G - G.mean(axis=1, keepdims=True)) / s - c * (G * c).mean(axis=1, keepdims=True) / (
        s**2 * std
    )
    numpy.testing.assert_allclose(link.W.grad, expected, rtol=1e-10, atol=1e-12)


def test_constant_rows_have_finite_gradients():
    link = Affine(4, 2, dtype=numpy.float64)
    link.W.array[0] = 0.5  # zero deviation
    link.add_hook(WeightStandardization(eps=1e-3))
    x = numpy.random.uniform(-1, 1, (3, 4))
    gy = numpy.random.uniform(-1, 1, (3, 2))
    y = link(x)
    numpy.testing.assert_array_equal(y.array[:, 0], 0.0)
    y.grad = gy
    y.backward()
    assert numpy.isfinite(link.W.grad).all()
    G = gy.T @ x
    # With zero deviation the output is (W - mean) / eps: the gradient is G centred / eps.
    numpy.testing.assert_allclose(link.W.grad[0], (G[0] - G[0].mean()) / 1e-3, rtol=1e-10)


def test_lazy_weight_is_initialized_on_first_call():
    link = Affine(None, 3)
    link.add_hook(WeightStandardization())
    x = numpy.random.uniform(-1, 1, (2, 7)).astype(numpy.float32)
    y = link(x)
    assert link.W.shape == (3, 7)
    expected = x.astype(numpy.float64) @ standardize(link.W.array, 1e-5).T
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-4, atol=1e-4)


def test_delete_hook_restores_plain_forward():
    link = Affine(4, 3)
    link.add_hook(WeightStandardization(name="ws"))
    assert "ws" in link.local_link_hooks
    link.delete_hook("ws")
    x = numpy.ones((1, 4), numpy.float32)
    numpy.testing.assert_allclose(link(x).array, x @ link.W.array.T, rtol=1e-6)


def test_bad_arguments():
    with pytest.raises(TypeError):
        WeightStandardization(1e-5)  # keyword-only, as in Chainer v7
    with pytest.raises(ValueError, match="eps must be a number >= 0"):
        WeightStandardization(eps=-1)
    with pytest.raises(ValueError, match="has no weight named 'Q'"):
        Affine(2, 2).add_hook(WeightStandardization(weight_name="Q"))
    with pytest.raises(NotImplementedError, match="link.add_hook"):
        with WeightStandardization():
            pass

    class Vector(chainer.Link):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.W = chainer.Parameter(numpy.ones(3, numpy.float32))

        def forward(self, x):
            return x * self.W

    link = Vector()
    link.add_hook(WeightStandardization())
    with pytest.raises(ValueError, match="expected at least 2 axes"):
        link(numpy.ones((1, 3), numpy.float32))
