"""F.get_item and ``x[...]``: ints, slices, negative steps, None, Ellipsis, arrays, masks, lists."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

_MASK_AXIS0 = numpy.array([True, False, True, True])
_MASK_FULL = (numpy.arange(24).reshape(4, 3, 2) % 3) == 0

_SLICES = [
    1,
    -1,
    slice(1, 3),
    (slice(None), 0),
    (0, slice(None), -1),
    slice(None, None, -1),
    (slice(3, None, -2), slice(None, None, -1)),
    None,
    (None, 1),
    (Ellipsis, 1),
    (1, Ellipsis, None),
    (),
    numpy.array([0, 2, 2, 0]),
    (slice(None), numpy.array([2, 0, 2])),
    (numpy.array([0, 1, 1]), numpy.array([2, 0, 0])),
    [3, 1, 1],
    ([0, 0], slice(None), [1, 1]),
    _MASK_AXIS0,
    _MASK_FULL,
    (slice(None), numpy.array([True, False, True])),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "slices": _SLICES,
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
            "use_operator": [False],
        }
    )
    + testing.product(
        {
            "slices": [1, (slice(None), numpy.array([2, 0, 2])), _MASK_AXIS0, [3, 1, 1]],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
            "use_operator": [False, True],
        }
    )
)
@testing.fix_random()
class TestGetItem(testing.FunctionTestCase):
    shape = (4, 3, 2)

    def setUp(self):
        # Selecting and scattering are exact in every dtype.
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        if self.use_operator:
            return (x[self.slices],)
        return (F.get_item(x, self.slices),)

    def forward_expected(self, inputs):
        (x,) = inputs
        slices = self.slices
        if isinstance(slices, tuple):
            slices = tuple(numpy.asarray(s) if isinstance(s, list) else s for s in slices)
        return (numpy.asarray(x[slices]).copy(),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"slices": [(), Ellipsis, None], "contiguous": [None]}))
@testing.fix_random()
class TestGetItemZeroDim(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}

    def generate_inputs(self):
        return (numpy.asarray(numpy.random.uniform(-1, 1)).astype(numpy.float32),)

    def forward(self, inputs, device):
        return (F.get_item(inputs[0], self.slices),)

    def forward_expected(self, inputs):
        return (numpy.asarray(inputs[0][self.slices]).copy(),)


def test_repeated_indices_accumulate():
    x = chainer.Variable(numpy.zeros((4,), numpy.float32))
    y = F.get_item(x, numpy.array([0, 2, 2, 0, 2]))
    y.grad = numpy.array([1, 2, 3, 4, 5], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [5, 0, 10, 0])


def test_list_index_means_advanced_indexing():
    x = chainer.Variable(numpy.arange(12, dtype=numpy.float32).reshape(4, 3))
    y = x[[1, 1, 3]]
    numpy.testing.assert_array_equal(y.array, x.array[[1, 1, 3]])
    F.sum(y).backward()
    numpy.testing.assert_array_equal(x.grad[:, 0], [0, 2, 0, 1])


def test_mask_gradient():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32))
    mask = x.array % 2 == 0
    F.sum(x[mask]).backward()
    numpy.testing.assert_array_equal(x.grad, mask.astype(numpy.float32))


def test_float_index_is_a_type_error():
    x = chainer.Variable(numpy.ones((3,), numpy.float32))
    with pytest.raises(TypeError, match="get_item"):
        F.get_item(x, 1.5)
    with pytest.raises(TypeError, match="get_item"):
        x[(0, 1.5)]


def test_variable_index_is_a_type_error():
    x = chainer.Variable(numpy.ones((3,), numpy.float32))
    with pytest.raises(TypeError, match="get_item"):
        F.get_item(x, chainer.Variable(numpy.array([0])))


def test_too_many_indices():
    x = chainer.Variable(numpy.ones((3,), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        x[0, 1]
    message = str(info.value)
    assert "Invalid operation is performed in: GetItem (Forward)" in message
    assert "x.ndim >= 2" in message
