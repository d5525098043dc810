"""link_hooks.SpectralNormalization against a power iteration written in NumPy."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check, initializers, testing
from chainer.link_hooks import SpectralNormalization

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


def power_iteration(W, u, n, eps):
    """NumPy reference: n steps of the power method on the matrix W from u."""
    W = W.astype(numpy.float64)
    u = u.astype(numpy.float64)
    for _ in range(n):
        v = u @ W
        v = v / (numpy.linalg.norm(v) + eps)
        u = W @ v
        u = u / (numpy.linalg.norm(u) + eps)
    return u, v


def host(x):
    return chainer.backend.CpuDevice().send(x)


def _tolerances(dtype):
    if dtype == numpy.float16:
        return {"atol": 5e-2, "rtol": 5e-2}
    if dtype == numpy.float32:
        return {"atol": 1e-4, "rtol": 1e-4}
    return {"atol": 1e-10, "rtol": 1e-10}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "options": [
                {},
                {"n_power_iteration": 3},
                {"use_gamma": True},
                {"factor": 2.0, "eps": 1e-4},
            ],
            "link_kind": ["affine", "conv"],
        }
    )
)
@testing.fix_random()
class TestSpectralNormalization:
    def make_link(self, backend_config):
        if self.link_kind == "affine":
            link = Affine(4, 3, dtype=self.dtype)
        else:
            link = Conv1x1(2, 3, dtype=self.dtype)
        link.to_device(backend_config.device)
        return link

    def reference(self, W, u0, gamma):
        hook_args = {"n_power_iteration": 1, "eps": 1e-6, "factor": None}
        hook_args.update({k: v for k, v in self.options.items() if k in hook_args})
        W2 = W.reshape(W.shape[0], -1).astype(numpy.float64)
        u, v = power_iteration(W2, u0, hook_args["n_power_iteration"], hook_args["eps"])
        sigma = u @ W2 @ v
        scale = 1.0 if hook_args["factor"] is None else hook_args["factor"]
        g = 1.0 if gamma is None else float(gamma)
        return W2 * g * scale / sigma, W2, u, v, sigma, g, scale

    def test_forward_backward(self, backend_config):
        link = self.make_link(backend_config)
        hook = SpectralNormalization(**self.options)
        link.add_hook(hook)
        W_param = link.W
        W0 = host(link.W.array).copy()
        u0 = host(link.W_u).copy()
        assert u0.shape == (3,) and u0.dtype == self.dtype
        gamma = host(link.gamma.array).copy() if self.options.get("use_gamma") else None
        if gamma is not None:
            # gamma starts at the largest singular value of W.
            s = numpy.linalg.svd(W0.reshape(3, -1).astype(numpy.float64), compute_uv=False)
            numpy.testing.assert_allclose(gamma, s[0], **_tolerances(self.dtype))

        in_size = W0.reshape(3, -1).shape[1]
        x = numpy.random.uniform(-1, 1, (5, in_size)).astype(self.dtype)
        gy = numpy.random.uniform(-1, 1, (5, 3)).astype(self.dtype)
        y = link(backend_config.get_array(x))
        y.grad = backend_config.get_array(gy)
        y.backward()

        W_bar, W2, u, v, sigma, g, scale = self.reference(W0, u0, gamma)
        tol = _tolerances(self.dtype)
        testing.assert_allclose(host(y.array), x.astype(numpy.float64) @ W_bar.T, **tol)

        # The weight attribute is the same Parameter again, with unchanged data.
        assert link.W is W_param
        numpy.testing.assert_array_equal(host(link.W.array), W0)
        # Training mode stores the new left singular vector.
        testing.assert_allclose(host(link.W_u), u, **tol)

        # dL/dW with u and v held constant: W_bar = g W s / sigma, sigma = u^T W v.
        G = gy.astype(numpy.float64).T @ x.astype(numpy.float64)
        grad = g * scale / sigma * G - g * scale * (G * W2).sum() / sigma**2 * numpy.outer(u, v)
        testing.assert_allclose(host(link.W.grad), grad.reshape(W0.shape), **tol)
        if gamma is not None:
            expected_ggamma = scale * (G * W2).sum() / sigma
            testing.assert_allclose(host(link.gamma.grad), expected_ggamma, **tol)

    def test_test_mode_keeps_u(self, backend_config):
        link = self.make_link(backend_config)
        link.add_hook(SpectralNormalization(**self.options))
        u0 = host(link.W_u).copy()
        in_size = link.W.size // 3
        x = numpy.random.uniform(-1, 1, (2, in_size)).astype(self.dtype)
        with chainer.using_config("train", False):
            link(backend_config.get_array(x))
        numpy.testing.assert_array_equal(host(link.W_u), u0)


@testing.inject_backend_tests(None, _BACKENDS)
class TestSpectralNormalizationGradient:
    def test_numerical_gradient(self, backend_config):
        # With a converged power method the u, v held constant give the exact
        # derivative of W / sigma_max(W): compare with finite differences.
        numpy.random.seed(0)
        link = Affine(4, 3, dtype=numpy.float64)
        link.to_device(backend_config.device)
        link.add_hook(SpectralNormalization(n_power_iteration=200, use_gamma=True))
        x = numpy.random.uniform(-1, 1, (2, 4))
        gy = numpy.random.uniform(-1, 1, (2, 3))
        with chainer.using_config("train", False):
            gradient_check.check_backward(
                link,
                backend_config.get_array(x),
                backend_config.get_array(gy),
                params=(link.W, link.gamma),
                eps=1e-5,
                atol=1e-6,
                rtol=1e-5,
            )


def test_lazy_weight_is_initialized_on_first_call():
    numpy.random.seed(1)
    link = Affine(None, 3)
    hook = SpectralNormalization(use_gamma=True)
    link.add_hook(hook)
    # Placeholders are registered at once, so optimizers and serializers see them.
    assert link.W_u is None
    assert link.gamma.array is None
    assert "/gamma" in dict(link.namedparams())
    x = numpy.random.uniform(-1, 1, (2, 5)).astype(numpy.float32)
    y = link(x)
    assert link.W.shape == (3, 5)
    assert link.W_u.shape == (3,)
    s = numpy.linalg.svd(link.W.array.astype(numpy.float64), compute_uv=False)[0]
    numpy.testing.assert_allclose(link.gamma.array, s, rtol=1e-5)
    assert y.shape == (2, 3)


def test_spectral_norm_of_the_normalized_weight_converges_to_factor():
    numpy.random.seed(2)
    link = Affine(6, 4, dtype=numpy.float64)
    link.add_hook(SpectralNormalization(factor=0.5))
    captured = []

    class Capture(chainer.LinkHook):
        name = "Capture"

        def forward_preprocess(self, args):
            captured.append(args.link.W.array.copy())

    link.add_hook(Capture())
    x = numpy.eye(6)
    for _ in range(30):  # one power step per call: u converges across calls
        link(x)
    W_bar = captured[-1]
    assert numpy.linalg.svd(W_bar, compute_uv=False)[0] == pytest.approx(0.5, rel=1e-6)


def test_reshape_w_for_output_axis_one():
    hook = SpectralNormalization()
    hook.axis = 1  # what a deconvolution gets: (in, out, kh, kw)
    W = numpy.arange(24.0).reshape(2, 3, 2, 2)
    expected = W.transpose(1, 0, 2, 3).reshape(3, -1)
    numpy.testing.assert_array_equal(hook.reshape_W(W), expected)
    variable = hook.reshape_W(chainer.Variable(W))
    numpy.testing.assert_array_equal(variable.array, expected)


def test_delete_hook_removes_u_and_gamma():
    link = Affine(4, 3)
    hook = SpectralNormalization(use_gamma=True)
    link.add_hook(hook)
    assert hasattr(link, "W_u") and hasattr(link, "gamma")
    link.delete_hook(hook.name)
    assert not hasattr(link, "W_u") and not hasattr(link, "gamma")
    assert "/gamma" not in dict(link.namedparams())
    y = link(numpy.ones((1, 4), numpy.float32))
    numpy.testing.assert_allclose(y.array, numpy.ones((1, 4)) @ link.W.array.T, rtol=1e-6)


def test_custom_weight_and_hook_names():
    class TwoWeights(chainer.Link):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.V = chainer.Parameter(numpy.diag([3.0, 1.0]).astype(numpy.float32))

        def forward(self, x):
            return F.linear(x, self.V)

    link = TwoWeights()
    hook = SpectralNormalization(n_power_iteration=50, weight_name="V", name="sn_v")
    link.add_hook(hook)
    assert hook.name == "sn_v" and "sn_v" in link.local_link_hooks
    assert link.V_u.shape == (2,)
    y = link(numpy.eye(2, dtype=numpy.float32))
    numpy.testing.assert_allclose(y.array, numpy.diag([1.0, 1 / 3.0]), atol=1e-5)


def test_serialization_round_trip_of_a_lazy_link():
    numpy.random.seed(3)
    src = Affine(None, 3)
    src.add_hook(SpectralNormalization(use_gamma=True))
    x = numpy.random.uniform(-1, 1, (2, 4)).astype(numpy.float32)
    src(x)
    dst = Affine(None, 3)
    dst.add_hook(SpectralNormalization(use_gamma=True))
    testing.save_and_load_npz(src, dst)
    numpy.testing.assert_array_equal(dst.W.array, src.W.array)
    numpy.testing.assert_array_equal(dst.W_u, src.W_u)
    numpy.testing.assert_array_equal(dst.gamma.array, src.gamma.array)
    with chainer.using_config("train", False):
        numpy.testing.assert_array_equal(dst(x).array, src(x).array)


def test_a_failed_forward_does_not_leave_the_normalized_weight_behind():
    class Flaky(Affine):
        fail = False

        def forward(self, x):
            if self.fail:
                raise RuntimeError("boom")
            return super().forward(x)

    link = Flaky(4, 3)
    link.add_hook(SpectralNormalization())
    W = link.W
    link.fail = True
    with pytest.raises(RuntimeError):
        link(numpy.ones((1, 4), numpy.float32))
    link.fail = False
    link(numpy.ones((1, 4), numpy.float32))
    assert link.W is W


def test_bad_arguments():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="n_power_iteration must be an integer >= 1"):
            SpectralNormalization(n_power_iteration=bad)
    with pytest.raises(ValueError, match="factor must be None or a positive number"):
        SpectralNormalization(factor=0)
    with pytest.raises(ValueError, match="eps must be a number >= 0"):
        SpectralNormalization(eps=-1.0)
    with pytest.raises(ValueError, match="weight_name must be a non-empty string"):
        SpectralNormalization(weight_name="")
    with pytest.raises(ValueError, match="has no weight named 'Q'"):
        Affine(2, 2).add_hook(SpectralNormalization(weight_name="Q"))
    link = Affine(2, 2)
    link.out_size = 3  # a plain attribute, not a Parameter
    with pytest.raises(TypeError, match="must be a Parameter, not int"):
        link.add_hook(SpectralNormalization(weight_name="out_size"))
    with pytest.raises(NotImplementedError, match="link.add_hook"):
        with SpectralNormalization():
            pass


def test_lazy_link_without_initializer_method():
    class NoInit(chainer.Link):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.W = chainer.Parameter(initializers.Normal())

        def forward(self, x):
            return F.linear(x, self.W)

    link = NoInit()
    link.add_hook(SpectralNormalization())
    with pytest.raises(ValueError, match="no _initialize_params"):
        link(numpy.ones((1, 2), numpy.float32))
