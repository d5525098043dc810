"""``numpy.linalg`` / ``cupy.linalg`` by device.

Every function takes and returns arrays of the device its arguments live on (see
:mod:`cupy_lite`). Names listed in ``__all__`` are guaranteed; any other name of
``numpy.linalg`` is dispatched on first access, and fails on the GPU only if CuPy
lacks it. ``LinAlgError`` is NumPy's (CuPy raises the same class).
"""

from __future__ import annotations

import numpy

from cupy_lite._namespace import make_dispatcher, resolve

LinAlgError = numpy.linalg.LinAlgError

__all__ = [
    "LinAlgError",
    "cholesky",
    "det",
    "eigh",
    "eigvalsh",
    "inv",
    "lstsq",
    "matrix_power",
    "matrix_rank",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "svd",
    "tensorinv",
    "tensorsolve",
]

cholesky = make_dispatcher(("linalg", "cholesky"))
det = make_dispatcher(("linalg", "det"))
eigh = make_dispatcher(("linalg", "eigh"))
eigvalsh = make_dispatcher(("linalg", "eigvalsh"))
inv = make_dispatcher(("linalg", "inv"))
lstsq = make_dispatcher(("linalg", "lstsq"))
matrix_power = make_dispatcher(("linalg", "matrix_power"))
matrix_rank = make_dispatcher(("linalg", "matrix_rank"))
norm = make_dispatcher(("linalg", "norm"))
pinv = make_dispatcher(("linalg", "pinv"))
qr = make_dispatcher(("linalg", "qr"))
slogdet = make_dispatcher(("linalg", "slogdet"))
solve = make_dispatcher(("linalg", "solve"))
svd = make_dispatcher(("linalg", "svd"))
tensorinv = make_dispatcher(("linalg", "tensorinv"))
tensorsolve = make_dispatcher(("linalg", "tensorsolve"))


def __getattr__(name: str):
    return resolve(globals(), name, ("linalg",), __name__)
