"""F.sparse_matmul: sparse (COO) times dense and dense times sparse, batched, transposed."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.sparse_matmul import sparse_matmul
from chainer.utils import type_check
from chainer.utils.sparse import CooMatrix, to_coo

_BACKENDS = [{}, {"use_cuda": True}]


def _pattern(shape, rng):
    """Row and column indices of some entries of a ``shape`` matrix: a repeated
    entry and two padding entries (-1) included."""
    mask = rng.uniform(size=shape) < 0.5
    mask[0, 0] = True
    row, col = numpy.nonzero(mask)
    row = numpy.concatenate([row, [0, -1, -1]]).astype(numpy.int32)
    col = numpy.concatenate([col, [0, -1, -1]]).astype(numpy.int32)
    return row, col


def _dense_of(data, row, col, shape):
    """The dense matrix (or batch) of COO entries, written with numpy.add.at."""
    if data.ndim == 1:
        data, row, col = data[None], row[None], col[None]
    out = numpy.zeros((data.shape[0],) + shape, dtype=numpy.float64)
    for i in range(data.shape[0]):
        keep = row[i] >= 0
        numpy.add.at(out[i], (row[i][keep], col[i][keep]), data[i][keep])
    return out


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    # Every layout in float32; a few in every dtype (kept small for CI time).
    *testing.product(
        {
            "sparse": ["a", "b"],
            "transa": [False, True],
            "transb": [False, True],
            "batched": [False, True],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "sparse": ["a", "b"],
            "transa": [True],
            "transb": [False],
            "batched": [True],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSparseMatMul(testing.FunctionTestCase):
    def setUp(self):
        # op(a) is (3, 4) and op(b) is (4, 2).
        m, k, n = 3, 4, 2
        a_shape = (k, m) if self.transa else (m, k)
        b_shape = (n, k) if self.transb else (k, n)
        self.sp_shape = a_shape if self.sparse == "a" else b_shape
        dense_shape = b_shape if self.sparse == "a" else a_shape
        rng = numpy.random.RandomState(7)
        nb = 2 if self.batched else 1
        patterns = [_pattern(self.sp_shape, rng) for _ in range(nb)]
        ldnz = max(len(r) for r, _ in patterns)
        row = numpy.full((nb, ldnz), -1, numpy.int32)
        col = numpy.full((nb, ldnz), -1, numpy.int32)
        for i, (r, c) in enumerate(patterns):
            row[i, : len(r)] = r
            col[i, : len(c)] = c
        if not self.batched:
            row, col = row[0], col[0]
        self.row, self.col = row, col
        self.data_shape = row.shape
        self.dense_shape = ((nb,) if self.batched else ()) + dense_shape
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
        # The padding entries get values too: they must be ignored.
        data = numpy.random.uniform(-1, 1, self.data_shape).astype(self.dtype)
        dense = numpy.random.uniform(-1, 1, self.dense_shape).astype(self.dtype)
        return data, dense

    def forward(self, inputs, device):
        data, dense = inputs
        sp = CooMatrix(data.array, device.send(self.row), device.send(self.col), self.sp_shape)
        sp.data = data  # the test's input Variable, to check its gradient
        if self.sparse == "a":
            return (sparse_matmul(sp, dense, transa=self.transa, transb=self.transb),)
        return (sparse_matmul(dense, sp, transa=self.transa, transb=self.transb),)

    def forward_expected(self, inputs):
        data, dense = inputs
        sp = _dense_of(data.astype(numpy.float64), self.row, self.col, self.sp_shape)
        if not self.batched:
            sp = sp[0]
        dense = dense.astype(numpy.float64)
        a, b = (sp, dense) if self.sparse == "a" else (dense, sp)
        if self.transa:
            a = numpy.swapaxes(a, -1, -2)
        if self.transb:
            b = numpy.swapaxes(b, -1, -2)
        return (numpy.matmul(a, b).astype(self.dtype),)


def test_padding_gets_no_gradient():
    x = numpy.array([[0.0, 2.0], [3.0, 0.0]])
    sp = to_coo(x, ldnz=4, requires_grad=True)
    y = sparse_matmul(sp, numpy.ones((2, 3)))
    chainer.functions.sum(y).backward()
    testing.assert_allclose(sp.data.grad, numpy.array([3.0, 3.0, 0.0, 0.0]), atol=0)


def test_both_dense_is_an_error():
    a = numpy.ones((2, 2), numpy.float32)
    with pytest.raises(ValueError, match="one operand must be a chainer.utils.CooMatrix"):
        sparse_matmul(a, a)


def test_both_sparse_is_an_error():
    sp = to_coo(numpy.eye(2, dtype=numpy.float32))
    with pytest.raises(ValueError, match="a: CooMatrix, b: CooMatrix"):
        sparse_matmul(sp, sp)


@pytest.mark.parametrize("sparse_first", [True, False])
def test_inner_dimension_mismatch(sparse_first):
    sp = to_coo(numpy.eye(3, 4, dtype=numpy.float32))
    dense = numpy.ones((3, 2), numpy.float32)
    with pytest.raises(ValueError, match=r"op\(a\).shape\[-1\] must equal op\(b\).shape\[-2\]"):
        if sparse_first:
            sparse_matmul(sp, dense)
        else:
            sparse_matmul(numpy.ones((4, 2), numpy.float32), sp, transa=True)


def test_dtype_mismatch():
    sp = to_coo(numpy.eye(2, dtype=numpy.float32))
    with pytest.raises(type_check.InvalidType, match="sp.dtype == dn.dtype"):
        sparse_matmul(sp, numpy.ones((2, 2), numpy.float64))


def test_batch_mismatch():
    sp = to_coo(numpy.ones((2, 2, 2), numpy.float32))
    with pytest.raises(type_check.InvalidType, match="dn.shape\\[0\\] == 2"):
        sparse_matmul(sp, numpy.ones((3, 2, 2), numpy.float32))
