"""F.zeta(x, q): the Hurwitz zeta function, differentiable in q."""

import sys

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.zeta import zeta
from chainer.utils import type_check

special = pytest.importorskip("scipy.special")

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), ()],
            "x": [2.5, 4],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestZeta(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        return (numpy.random.uniform(1.0, 3.0, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (zeta(self.x, inputs[0]),)

    def forward_expected(self, inputs):
        y = special.zeta(self.x, inputs[0].astype(numpy.float64))
        return (numpy.asarray(y).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((3, 2), (3, 2)), ((2,), (3, 2)), ((3, 2), (2,))],
            "dtype": [numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestZetaArrayExponent(testing.FunctionTestCase):
    """The exponent x as an array (a constant on q's device) broadcast with q."""

    def setUp(self):
        x_shape, _ = self.shapes
        self.x = numpy.random.uniform(2.0, 4.0, x_shape)
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        _, q_shape = self.shapes
        return (numpy.random.uniform(1.0, 3.0, q_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (zeta(device.send(self.x), inputs[0]),)

    def forward_expected(self, inputs):
        y = special.zeta(self.x, inputs[0].astype(numpy.float64))
        return (numpy.asarray(y).astype(self.dtype),)


def test_zeta_gradient_formula():
    q = chainer.Variable(numpy.array([1.0, 2.5], numpy.float64))
    (gq,) = chainer.grad([zeta(3.0, q)], [q], grad_outputs=[numpy.ones(2)])
    numpy.testing.assert_allclose(gq.array, -3.0 * special.zeta(4.0, q.array), rtol=1e-12)


def test_zeta_of_one_is_riemann_zeta():
    y = zeta(2.0, numpy.ones((), numpy.float64))
    numpy.testing.assert_allclose(y.array, numpy.pi**2 / 6, rtol=1e-12)


def test_zeta_exponent_variable_gets_no_gradient():
    x = chainer.Variable(numpy.array([2.0, 3.0], numpy.float64))
    q = chainer.Variable(numpy.array([1.5, 2.5], numpy.float64))
    y = zeta(x, q)
    y.grad = numpy.ones(2)
    y.backward()
    assert x.grad is None
    assert q.grad is not None


@pytest.mark.parametrize("x", ["2", None, True, [2.0]])
def test_zeta_exponent_of_wrong_type(x):
    with pytest.raises(TypeError, match="zeta: x must be a real number or an array"):
        zeta(x, numpy.ones((2,), numpy.float32))


def test_zeta_int_q_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        zeta(2.0, numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: zeta (Forward)" in message
    assert "q.dtype.kind == f" in message.replace("'", "")


def test_zeta_shapes_that_do_not_broadcast():
    with pytest.raises(type_check.InvalidType, match=r"x.shape can be broadcast with q.shape"):
        zeta(numpy.full((3,), 2.0), numpy.ones((2,), numpy.float32))


def test_zeta_without_scipy_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    with pytest.raises(ImportError, match=r'pip install "chainer-core\[scipy\]"'):
        zeta(2.0, numpy.ones((2,), numpy.float32))
