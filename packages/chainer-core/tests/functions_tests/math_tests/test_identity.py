"""F.identity with one and several inputs."""

import numpy

import chainer
import chainer.functions as F
from chainer import testing

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((3, 2),), ((3, 2), (4,)), ((), (2, 2), (1,))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestIdentity(testing.FunctionTestCase):
    def setUp(self):
        # Identity copies nothing: the gradients are exact in every dtype.
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
        self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        ys = F.identity(*inputs)
        return ys if isinstance(ys, tuple) else (ys,)

    def forward_expected(self, inputs):
        return tuple(x.copy() for x in inputs)


def test_identity_makes_new_variables():
    x = chainer.Variable(numpy.ones((2,), numpy.float32))
    y = F.identity(x)
    assert y is not x
    assert y.creator is not None
    numpy.testing.assert_array_equal(y.array, x.array)


def test_identity_of_several_inputs_returns_a_tuple():
    a = chainer.Variable(numpy.ones((2,), numpy.float32))
    b = chainer.Variable(numpy.zeros((3,), numpy.float64))
    ya, yb = F.identity(a, b)
    assert ya.dtype == numpy.float32 and yb.dtype == numpy.float64
    (F.sum(ya) + 0).backward()
    numpy.testing.assert_array_equal(a.grad, [1.0, 1.0])
    assert b.grad is None
