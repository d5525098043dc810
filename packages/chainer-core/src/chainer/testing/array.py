"""Approximate equality of arrays on any device."""

import io

import numpy


def _to_numpy(x):
    x = getattr(x, "array", x)  # a chainer.Variable
    if hasattr(x, "get") and type(x).__module__.split(".")[0] == "cupy":
        x = x.get()
    return numpy.asarray(x)


def _worst_element_report(x, y, atol, rtol):
    xx = numpy.atleast_1d(x)
    yy = numpy.atleast_1d(y)
    err = numpy.abs(xx - yy).astype(numpy.float64)
    tol_rtol = rtol * numpy.abs(yy).astype(numpy.float64)
    tol = atol + tol_rtol
    # NaN differences count as the worst ones.
    excess = numpy.where(numpy.isnan(err), numpy.inf, err - tol)
    i = tuple(int(j) for j in numpy.unravel_index(numpy.argmax(excess), err.shape))
    rel = "inf" if yy[i] == 0 else err[i] / numpy.abs(yy[i])
    return [
        f"  i: {i}",
        f"  x[i]: {xx[i]}",
        f"  y[i]: {yy[i]}",
        f"  relative error[i]: {rel}",
        f"  absolute error[i]: {err[i]}",
        f"  relative tolerance * |y[i]|: {tol_rtol[i]}",
        f"  absolute tolerance: {atol}",
        f"  total tolerance: {tol[i]}",
        f"  max absolute error: {err.max()}",
    ]


def assert_allclose(x, y, atol=1e-5, rtol=1e-4, verbose=True):
    """Asserts that ``x`` and ``y`` are close: ``|x - y| <= atol + rtol * |y|``.

    Works on NumPy and CuPy arrays, scalars and Variable-like objects (those
    with ``.array``). On failure the message gives the shapes, dtypes and the
    worst element with its errors and tolerances.

    Args:
        x: The actual value.
        y: The expected value.
        atol (float): Absolute tolerance.
        rtol (float): Relative tolerance.
        verbose (bool): Whether the arrays are printed in the message.

    Raises:
        AssertionError: If the values are not close.
    """
    x = _to_numpy(x)
    y = _to_numpy(y)
    try:
        numpy.testing.assert_allclose(x, y, atol=atol, rtol=rtol, verbose=verbose)
    except AssertionError as e:
        lines = [str(e), "", "assert_allclose failed: "]
        lines.append(f"  shape: {x.shape} {y.shape}")
        lines.append(f"  dtype: {x.dtype} {y.dtype}")
        if x.shape == y.shape and x.size:
            lines += _worst_element_report(x, y, atol, rtol)
        if verbose:
            out = io.StringIO()
            with numpy.printoptions(threshold=10000):
                out.write("x: " + numpy.array2string(x, prefix="x: ") + "\n")
                out.write("y: " + numpy.array2string(y, prefix="y: "))
            lines.append(out.getvalue())
        raise AssertionError("\n".join(lines)) from None
