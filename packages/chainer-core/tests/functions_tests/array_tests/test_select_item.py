"""F.select_item."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.select_item import select_item
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(4, 3), (1, 5), (0, 3)],
            "t_dtype": [numpy.int32, numpy.int64],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSelectItem(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        t = numpy.random.randint(0, self.shape[1], self.shape[0]).astype(self.t_dtype)
        return x, t

    def forward(self, inputs, device):
        return (select_item(*inputs),)

    def forward_expected(self, inputs):
        x, t = inputs
        return (numpy.array([x[i, t[i]] for i in range(len(t))], dtype=self.dtype),)


def test_gradient():
    x = chainer.Variable(numpy.zeros((3, 2), numpy.float32))
    y = select_item(x, numpy.array([1, 0, 1], numpy.int32))
    y.grad = numpy.array([1, 2, 3], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 1], [2, 0], [0, 3]])


@pytest.mark.parametrize("t", [[0, 3], [-1, 0]])
def test_label_out_of_range(t):
    with pytest.raises(ValueError, match=r"0 <= t < x.shape\[1\] = 3"):
        select_item(numpy.zeros((2, 3), numpy.float32), numpy.array(t, numpy.int32))


def test_float_labels():
    with pytest.raises(type_check.InvalidType) as info:
        select_item(numpy.zeros((2, 3), numpy.float32), numpy.zeros(2, numpy.float32))
    assert "Invalid operation is performed in: SelectItem (Forward)" in str(info.value)
    assert "t.dtype.kind == i" in str(info.value)


def test_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        select_item(numpy.zeros((2, 3), numpy.float32), numpy.zeros(3, numpy.int32))
    assert "x.shape[0] == t.shape[0]" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        select_item(numpy.zeros((2, 3, 1), numpy.float32), numpy.zeros(2, numpy.int32))
    assert "x.ndim == 2" in str(info.value)
