"""F.einsum: products, transposes, diagonals, traces, sums, ellipses, several operands."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.einsum import einsum
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# (subscripts, operand shapes)
_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij->ji", [(2, 3)]),
    ("ji", [(2, 3)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("iij->ji", [(2, 2, 3)]),
    ("ij->", [(2, 3)]),
    ("ij->j", [(2, 3)]),
    ("i,i", [(3,), (3,)]),
    ("i,j->ij", [(2,), (3,)]),
    ("ii,i->i", [(3, 3), (3,)]),
    ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 2)]),
    ("i...->...", [(2, 3)]),
    ("...,...->...", [(), ()]),
    ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 2)]),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    # Every case in float32; a few in every dtype (kept small for CI time).
    *testing.product({"case": _CASES, "dtype": [numpy.float32], "contiguous": [None, "C"]})
    + testing.product(
        {
            "case": [_CASES[0], _CASES[3], _CASES[7], _CASES[11], _CASES[14]],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestEinSum(testing.FunctionTestCase):
    def setUp(self):
        self.subscripts, self.shapes = self.case
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return (einsum(self.subscripts, *inputs),)

    def forward_expected(self, inputs):
        operands = [x.astype(numpy.float64) for x in inputs]
        return (numpy.asarray(numpy.einsum(self.subscripts, *operands)).astype(self.dtype),)


def test_interleaved_sublists():
    a = numpy.random.RandomState(0).uniform(-1, 1, (2, 3))
    b = numpy.random.RandomState(1).uniform(-1, 1, (3, 4))
    y = einsum(a, [0, 1], b, [1, 2], [0, 2])
    testing.assert_allclose(y.array, a @ b, atol=1e-12)
    y = einsum(a, [Ellipsis, 1], b, [1, 2])
    testing.assert_allclose(y.array, numpy.einsum(a, [Ellipsis, 1], b, [1, 2]), atol=1e-12)


def test_output_is_a_copy_for_one_operand():
    a = numpy.arange(9.0).reshape(3, 3)
    y = einsum("ij->ji", a)
    y.array[0, 0] = 100.0
    assert a[0, 0] == 0.0


def test_gradient_of_trace_is_identity():
    x = chainer.Variable(numpy.arange(9.0).reshape(3, 3))
    einsum("ii", x).backward()
    testing.assert_allclose(x.grad, numpy.eye(3), atol=0)


def test_gradient_of_a_summed_axis_is_broadcast():
    x = chainer.Variable(numpy.ones((2, 3)))
    y = einsum("ij->i", x)
    y.grad = numpy.array([1.0, 2.0])
    y.backward()
    testing.assert_allclose(x.grad, numpy.array([[1.0] * 3, [2.0] * 3]), atol=0)


@pytest.mark.parametrize(
    "subscripts, shapes, match",
    [
        ("ij,jk->ik", [(2, 3)], "name 2 operand"),
        ("ij->k", [(2, 3)], "output subscript 'k' does not appear"),
        ("ij->ii", [(2, 2)], "output subscript 'i' appears more than once"),
        ("i1->i", [(2, 3)], "invalid character '1'"),
        ("i..j->ij", [(2, 3)], "invalid ellipsis"),
        ("i->i->i", [(2,)], "more than one '->'"),
    ],
)
def test_bad_subscripts(subscripts, shapes, match):
    operands = [numpy.ones(s, numpy.float32) for s in shapes]
    with pytest.raises(ValueError, match=match):
        einsum(subscripts, *operands)


def test_summing_over_an_ellipsis_is_an_error():
    with pytest.raises(ValueError, match="must hold it too"):
        einsum("...i->i", numpy.ones((2, 3), numpy.float32))
    # An ellipsis that stands for no axis may be left out.
    assert einsum("...i->i", numpy.ones((3,), numpy.float32)).shape == (3,)


def test_sublist_implicit_output_follows_the_ints():
    a = numpy.random.RandomState(0).uniform(-1, 1, (2, 3))
    y = einsum(a, [30, 1])
    testing.assert_allclose(y.array, numpy.einsum(a, [30, 1]), atol=0)


def test_no_operands():
    with pytest.raises(ValueError, match="no operands"):
        einsum("ij")
    with pytest.raises(ValueError, match="no subscripts"):
        einsum()


@pytest.mark.parametrize(
    "subscripts, shapes, expect, actual",
    [
        (
            "ij,jk->ik",
            [(2, 3), (4, 2)],
            "the axes labelled 'j' have one length",
            "x0.shape[1] == 3, x1.shape[0] == 4",
        ),
        ("ij", [(2, 3, 4)], "x0.ndim == 2", "x0.ndim == 3"),
        ("ij...", [(2,)], "x0.ndim >= 2", "x0.ndim == 1"),
        ("...i,...i->...", [(2, 3), (4, 3)], "'...' have one shape", "x0: (2,), x1: (4,)"),
    ],
)
def test_bad_shapes(subscripts, shapes, expect, actual):
    operands = [numpy.ones(s, numpy.float32) for s in shapes]
    with pytest.raises(type_check.InvalidType) as info:
        einsum(subscripts, *operands)
    message = str(info.value)
    assert "Invalid operation is performed in: EinSum (Forward)" in message
    assert expect in message
    assert actual in message


def test_dtypes_must_agree():
    a = numpy.ones((2, 3), numpy.float32)
    b = numpy.ones((3, 2), numpy.float64)
    with pytest.raises(type_check.InvalidType, match="x1.dtype"):
        einsum("ij,jk->ik", a, b)
