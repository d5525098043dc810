"""F.get_item: advanced indexing beyond test_get_item.py.

Integer arrays that broadcast against each other, multi-dimensional and
negative integer arrays, boolean scalars and masks mixed with ints, and
None/newaxis or Ellipsis next to advanced indexes (including the case where
NumPy moves the advanced axes to the front).
"""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing

_BACKENDS = [{}, {"use_cuda": True}]

_SLICES = [
    (numpy.array([[0], [3]]), numpy.array([2, 0, 1])),  # broadcasting (2, 1) with (3,)
    (numpy.array([[0, 1], [2, 3]]),),  # 2-D integer array
    numpy.array([-1, -4, -1]),  # negative indexes, repeated
    numpy.array(2),  # 0-d integer array
    numpy.array([1, 3], dtype=numpy.uint8),  # unsigned index dtype
    numpy.array([], dtype=numpy.intp),  # empty selection
    (None, numpy.array([0, 2])),
    (numpy.array([0, 2]), None, slice(None)),
    (Ellipsis, numpy.array([1, 0, 1])),
    (numpy.array([1, 0]), Ellipsis, numpy.array([1, 0])),  # separated: advanced axes go first
    (numpy.array([1, 0]), slice(None, None, -1), numpy.array([1, 1])),
    (slice(1, 3), numpy.array([[2, 0]]), numpy.array([[1], [0]])),
    (numpy.array([True, False, True, False]), 1),
    (numpy.array([True, False, True, True]), numpy.array([0, 2, 1])),  # mask and ints broadcast
    numpy.ones((4, 3), dtype=bool),  # mask over two axes
    True,
    False,
    numpy.array(True),
    (0, True),
    [[0, 1], [3, 3]],  # a nested list is one 2-D integer array (NumPy >= 1.23 semantics)
]


def _numpy_index(slices):
    if isinstance(slices, list):
        return numpy.asarray(slices)
    if isinstance(slices, tuple):
        return tuple(numpy.asarray(s) if isinstance(s, list) else s for s in slices)
    return slices


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"slices": _SLICES, "dtype": [numpy.float32], "contiguous": [None, "C"]})
    + testing.product(
        {
            "slices": [(numpy.array([[0], [3]]), numpy.array([2, 0, 1])), (Ellipsis, [1, 0])],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestGetItemAdvanced(testing.FunctionTestCase):
    shape = (4, 3, 2)

    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (F.get_item(inputs[0], self.slices),)

    def forward_expected(self, inputs):
        return (numpy.array(inputs[0][_numpy_index(self.slices)], dtype=self.dtype),)


@pytest.mark.parametrize(
    "slices",
    [
        (numpy.array([[0], [3]]), numpy.array([2, 0, 2])),
        (numpy.array([3, 3]), Ellipsis, numpy.array([1, 1])),
        (numpy.array([True, True, False, True]), numpy.array([2, 2, 2])),
    ],
)
def test_gradient_accumulates_like_add_at(slices):
    x = chainer.Variable(numpy.zeros((4, 3, 2), numpy.float32))
    y = F.get_item(x, slices)
    gy = numpy.random.uniform(-1, 1, y.shape).astype(numpy.float32)
    y.grad = gy
    y.backward()
    expected = numpy.zeros((4, 3, 2), numpy.float32)
    numpy.add.at(expected, slices, gy)
    numpy.testing.assert_allclose(x.grad, expected, rtol=1e-6)


def test_out_of_bounds_integer_array_raises_on_numpy():
    x = chainer.Variable(numpy.zeros((4, 3), numpy.float32))
    with pytest.raises(IndexError):
        F.get_item(x, numpy.array([4]))


def test_mask_of_wrong_shape_raises():
    x = chainer.Variable(numpy.zeros((4, 3), numpy.float32))
    with pytest.raises(IndexError):
        F.get_item(x, numpy.array([True, False]))


# Gaps found while writing these tests; each xfail is strict so that it is
# noticed (and removed) once get_item handles the case.


@pytest.mark.xfail(
    strict=True, reason="get_item turns [] into a float64 array; NumPy and v7 select nothing"
)
def test_empty_list_selects_nothing():
    x = chainer.Variable(numpy.zeros((4, 3), numpy.float32))
    assert F.get_item(x, []).shape == (0, 3)


@pytest.mark.xfail(
    strict=True,
    reason="get_item rejects range (and other non-list sequences) "
    "that NumPy accepts as integer arrays",
)
def test_range_index():
    x = chainer.Variable(numpy.arange(12, dtype=numpy.float32).reshape(4, 3))
    numpy.testing.assert_array_equal(F.get_item(x, range(1, 3)).array, x.array[1:3])
