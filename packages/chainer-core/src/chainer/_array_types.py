"""The array types a Variable may hold, fixed once at import.

Looking them up once keeps the per-op type checks to a single ``isinstance``.
"""

import numpy

import cupy_lite

ARRAY_TYPES = tuple(cupy_lite.get_array_types())
CPU_ARRAY_TYPES = (numpy.ndarray,)
