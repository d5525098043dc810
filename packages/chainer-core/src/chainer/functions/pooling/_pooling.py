"""Window geometry and vectorized kernels shared by the N-dimensional pooling ops.

Every kernel works on a *polyphase* layout of the padded image. Along a spatial
axis with stride ``s``, kernel offset ``j`` reads the padded positions
``o * s + j`` for the outputs ``o``; writing ``j = (j // s) * s + j % s``, that
is position ``o + j // s`` of the *phase plane* ``j % s`` (every ``s``-th padded
element starting at ``j % s``). In a phase plane of C-contiguous layout every
kernel offset is then one flat shift, so each offset is a single long
contiguous slice of the plane, the outputs laid out on a grid as wide as the
plane (the columns past the real output width are scratch that is cut off).
Only the loop over kernel offsets stays in Python; each step is one vectorized
operation over the whole batch, all channels and all output pixels.

With stride 1 and no padding the only phase plane is the input itself, and no
copy is made.
"""

from __future__ import annotations

import itertools
import math

import numpy

import chainer
from chainer.utils import get_conv_outsize, get_deconv_outsize, type_check


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def as_tuple(value, ndim, name, minimum, func):
    """``value`` (an int or a sequence of ``ndim`` ints) as a tuple of ``ndim`` ints.

    Raises TypeError or ValueError naming ``func`` and the argument ``name``.
    """
    if _is_int(value):
        values = (int(value),) * ndim
    elif isinstance(value, (tuple, list)) and len(value) == ndim and all(_is_int(v) for v in value):
        values = tuple(int(v) for v in value)
    else:
        raise TypeError(
            f"{func}: {name} must be an int or a tuple of {ndim} ints (one per spatial "
            f"axis), not {value!r}"
        )
    if min(values) < minimum:
        raise ValueError(f"{func}: {name} must be at least {minimum}, got {value!r}")
    return values


def check_spatial_axes(x, ndim, func):
    """ValueError unless ``x`` has shape ``(n, c)`` plus ``ndim`` spatial axes."""
    shape = tuple(x.shape)
    if len(shape) != ndim + 2:
        raise ValueError(
            f"{func}: x must have shape (n, c) + {ndim} spatial axes, got shape {shape} "
            f"({max(len(shape) - 2, 0)} spatial axes)"
        )


def spatial_axes_of(x, func):
    """The number of spatial axes of ``x`` (n, c, d_1, ..., d_N); ValueError unless N >= 1."""
    ndim = len(x.shape) - 2
    if ndim < 1:
        raise ValueError(
            f"{func}: x must have shape (n, c, d_1, ..., d_N) with N >= 1 spatial axes, "
            f"got shape {tuple(x.shape)}"
        )
    return ndim


class Params:
    """Kernel size, stride, padding and cover_all of an N-d pooling window.

    Args:
        func (str): the public function name, for error messages.
        ndim (int): the number of spatial axes.
        ksize, stride, pad: an int or a tuple of ``ndim`` ints each;
            ``stride=None`` means ``stride = ksize``.
        cover_all (bool): add a last, partial window where the windows would
            leave input elements uncovered.
    """

    def __init__(self, func, ndim, ksize, stride, pad, cover_all):
        self.func = func
        self.ndim = ndim
        self.ksize = as_tuple(ksize, ndim, "ksize", 1, func)
        self.stride = self.ksize if stride is None else as_tuple(stride, ndim, "stride", 1, func)
        self.pad = as_tuple(pad, ndim, "pad", 0, func)
        self.cover_all = bool(cover_all)

    def out_dims(self, in_dims):
        """Output spatial size of pooling an input of spatial size ``in_dims``."""
        return tuple(
            get_conv_outsize(d, k, s, p, cover_all=self.cover_all)
            for d, k, s, p in zip(in_dims, self.ksize, self.stride, self.pad)
        )

    def deconv_dims(self, out_dims):
        """The input spatial size whose pooling has spatial size ``out_dims``."""
        return tuple(
            get_deconv_outsize(o, k, s, p, cover_all=self.cover_all)
            for o, k, s, p in zip(out_dims, self.ksize, self.stride, self.pad)
        )

    def check_windows(self, x_type, name="x"):
        """type_check: every spatial axis of ``x`` has at least one window."""
        shape = type_check.eval(x_type.shape)
        out = self.out_dims(shape[2:])
        if min(out) <= 0:
            raise type_check.InvalidType(
                f"every spatial axis of {name} has at least one window of ksize "
                f"{self.ksize} with pad {self.pad} on each side",
                f"{name}.shape == {tuple(shape)} gives an output of spatial size {out}",
            )


def _axis_fill(size, ext, s, a, p):
    """Slices (plane, image) that copy image axis of ``size`` into phase ``a`` (or None)."""
    q_lo = max(0, -((a - p) // s))  # ceil((p - a) / s)
    q_hi = min(ext, (size - 1 + p - a) // s + 1)
    if q_hi <= q_lo:
        return None
    start = q_lo * s + a - p
    return slice(q_lo, q_hi), slice(start, start + (q_hi - q_lo - 1) * s + 1, s)


class Plan:
    """The polyphase layout of windows over an image of spatial size ``img_dims``.

    The phase planes of all ``n * c`` images are stored back to back, and the
    outputs on a grid of the same layout (plane-sized blocks), so the values a
    kernel offset reads for every output of the batch form one contiguous
    slice: one vectorized operation per offset.

    Attributes:
        ext: the spatial size of each phase plane (and of each output block).
        phases: the phase of each plane, a tuple of ints per plane.
        offsets: ``(k, plane, shift)`` for each kernel offset, ``k`` the flat
            (C-order) offset inside the window.
        direct: whether the image itself is the only plane (no copy needed).
    """

    def __init__(self, params, img_dims, out_dims, nc):
        k, s, p = params.ksize, params.stride, params.pad
        self.nc = nc
        self.img_dims = tuple(img_dims)
        self.out_dims = tuple(out_dims)
        self.ext = tuple(o + (kk - 1) // ss for o, kk, ss in zip(out_dims, k, s))
        steps = [1] * len(self.ext)
        for d in range(len(self.ext) - 2, -1, -1):
            steps[d] = steps[d + 1] * self.ext[d + 1]
        self.plane_size = math.prod(self.ext)
        # Flat positions up to the last real output of the last image.
        self.length = (nc - 1) * self.plane_size + (
            sum((o - 1) * st for o, st in zip(out_dims, steps)) + 1
        )
        self.phases = list(itertools.product(*(range(min(ss, kk)) for ss, kk in zip(s, k))))
        plane_of = {a: i for i, a in enumerate(self.phases)}
        self.offsets = []
        for j_flat, j in enumerate(itertools.product(*(range(kk) for kk in k))):
            phase = tuple(jj % ss for jj, ss in zip(j, s))
            shift = sum((jj // ss) * st for jj, ss, st in zip(j, s, steps))
            self.offsets.append((j_flat, plane_of[phase], shift))
        self.fills = []
        # Whether the image fills every plane entirely (no padding to write),
        # and whether the planes hold every image element (none left at 0).
        self.planes_filled = True
        covered = 0
        for a in self.phases:
            axes = [
                _axis_fill(size, e, ss, aa, pp)
                for size, e, ss, aa, pp in zip(img_dims, self.ext, s, a, p)
            ]
            if any(ax is None for ax in axes):
                self.fills.append(None)
                self.planes_filled = False
            else:
                plane_sl = (slice(None), slice(None)) + tuple(ax[0] for ax in axes)
                img_sl = (slice(None), slice(None)) + tuple(ax[1] for ax in axes)
                self.fills.append((plane_sl, img_sl))
                lengths = [ax[0].stop - ax[0].start for ax in axes]
                self.planes_filled &= tuple(lengths) == self.ext
                covered += math.prod(lengths)
        self.image_covered = covered == math.prod(img_dims)
        self.direct = (
            all(ss == 1 for ss in s) and all(pp == 0 for pp in p) and self.ext == self.img_dims
        )
        self._valid = (Ellipsis,) + tuple(slice(0, o) for o in self.out_dims)

    def planes(self, x, fill_value, dtype=None):
        """The phase planes of ``x`` (n, c, *img_dims), flat: ``(n_planes, n * c * plane_size)``."""
        xp = chainer.backend.get_array_module(x)
        dtype = x.dtype if dtype is None else numpy.dtype(dtype)
        if self.direct:
            return xp.ascontiguousarray(x, dtype=dtype).reshape(1, -1)
        shape = (len(self.phases),) + x.shape[:2] + self.ext
        if self.planes_filled:
            planes = xp.empty(shape, dtype=dtype)
        else:
            planes = xp.full(shape, fill_value, dtype=dtype)
        for plane, fill in zip(planes, self.fills):
            if fill is not None:
                plane[fill[0]] = x[fill[1]]
        return planes.reshape(len(self.phases), -1)

    def zero_planes(self, dtype, xp):
        """Zero phase planes to accumulate an image into."""
        return xp.zeros((len(self.phases), self.nc * self.plane_size), dtype=dtype)

    def unplanes(self, planes, shape):
        """The image of ``shape`` (n, c, *img_dims) that ``planes`` hold (uncovered: 0)."""
        xp = chainer.backend.get_array_module(planes)
        if self.direct:
            return planes[0].reshape(shape)
        planes = planes.reshape((len(self.phases),) + tuple(shape[:2]) + self.ext)
        img = (xp.empty if self.image_covered else xp.zeros)(shape, dtype=planes.dtype)
        for plane, fill in zip(planes, self.fills):
            if fill is not None:
                img[fill[1]] = plane[fill[0]]
        return img

    def view(self, planes, plane, shift):
        """The slice of ``planes`` that kernel offset (plane, shift) reads for all outputs."""
        return planes[plane, shift : shift + self.length]

    def new_grid(self, dtype, xp, zeros=False):
        """An output grid (flat), and its slice of real positions' span."""
        make = xp.zeros if zeros else xp.empty
        full = make(self.nc * self.plane_size, dtype=dtype)
        return full, full[: self.length]

    def crop(self, full, nc_shape):
        """Output grid -> a C-contiguous ``(n, c, *out_dims)`` array."""
        xp = chainer.backend.get_array_module(full)
        grid = full.reshape(tuple(nc_shape) + self.ext)
        if self.ext == self.out_dims:
            return grid
        return xp.ascontiguousarray(grid[self._valid])

    def embed(self, y, dtype=None):
        """``(n, c, *out_dims)`` -> the span of an output grid, 0 off the real positions."""
        xp = chainer.backend.get_array_module(y)
        dtype = y.dtype if dtype is None else numpy.dtype(dtype)
        if self.ext == self.out_dims:
            full = xp.ascontiguousarray(y, dtype=dtype).reshape(-1)
        else:
            full = xp.zeros(y.shape[:2] + self.ext, dtype=dtype)
            full[self._valid] = y
            full = full.reshape(-1)
        return full[: self.length]


def index_dtype(params):
    """The smallest signed integer type that holds a flat offset inside the window."""
    size = math.prod(params.ksize)
    if size <= 127:
        return numpy.dtype(numpy.int8)
    if size <= 32767:
        return numpy.dtype(numpy.int16)
    return numpy.dtype(numpy.int32)


def accumulation_dtype(dtype):
    """float16 sums run in float32; other dtypes in themselves."""
    return numpy.dtype(numpy.float32) if dtype == numpy.float16 else numpy.dtype(dtype)


# -- kernels ----------------------------------------------------------------


def _plan(params, img_shape, out_dims):
    return Plan(params, img_shape[2:], out_dims, img_shape[0] * img_shape[1])


def max_pool(x, params, out_dims):
    """Window maxima of ``x`` and the flat window offset of each (the first on ties)."""
    xp = chainer.backend.get_array_module(x)
    plan = _plan(params, x.shape, out_dims)
    planes = plan.planes(x, -numpy.inf)
    idx_dtype = index_dtype(params)
    y_full, y = plan.new_grid(x.dtype, xp)
    idx_full, idx = plan.new_grid(idx_dtype, xp, zeros=True)
    (_k0, plane0, shift0), rest = plan.offsets[0], plan.offsets[1:]
    y[...] = plan.view(planes, plane0, shift0)
    for k, plane, shift in rest:
        v = plan.view(planes, plane, shift)
        # Offsets come in increasing order, so where v is a new (strict)
        # maximum, k is larger than the index held so far.
        xp.maximum(idx, xp.multiply(v > y, k, dtype=idx_dtype), out=idx)
        xp.maximum(y, v, out=y)
    return plan.crop(y_full, x.shape[:2]), plan.crop(idx_full, x.shape[:2])


def gather(x, indexes, params, out_dims):
    """``y[o] = x[window(o)[indexes[o]]]``: the element at each window's index."""
    xp = chainer.backend.get_array_module(x)
    plan = _plan(params, x.shape, out_dims)
    planes = plan.planes(x, 0)
    idx = plan.embed(indexes)
    y_full, y = plan.new_grid(x.dtype, xp, zeros=True)
    for k, plane, shift in plan.offsets:
        y += plan.view(planes, plane, shift) * (idx == k)
    return plan.crop(y_full, x.shape[:2])


def scatter(g, indexes, params, img_shape):
    """The adjoint of :func:`gather`: ``g[o]`` added at each window's index of an image."""
    xp = chainer.backend.get_array_module(g)
    plan = _plan(params, img_shape, g.shape[2:])
    g_span = plan.embed(g)
    idx = plan.embed(indexes)
    planes = plan.zero_planes(g.dtype, xp)
    written = set()
    for k, plane, shift in plan.offsets:
        target = plan.view(planes, plane, shift)
        if plane in written:
            target += g_span * (idx == k)
        else:
            xp.multiply(g_span, idx == k, out=target)
            written.add(plane)
    return plan.unplanes(planes, img_shape)


def sum_pool(x, params, out_dims, dtype):
    """Window sums of ``x`` (padding counts as 0), computed in ``dtype``."""
    xp = chainer.backend.get_array_module(x)
    plan = _plan(params, x.shape, out_dims)
    planes = plan.planes(x, 0, dtype)
    y_full, y = plan.new_grid(dtype, xp)
    (_k0, plane0, shift0), rest = plan.offsets[0], plan.offsets[1:]
    y[...] = plan.view(planes, plane0, shift0)
    for _k, plane, shift in rest:
        y += plan.view(planes, plane, shift)
    return plan.crop(y_full, x.shape[:2])


def sum_unpool(g, params, img_shape, dtype):
    """The adjoint of :func:`sum_pool`: each ``g[o]`` added over its whole window."""
    xp = chainer.backend.get_array_module(g)
    plan = _plan(params, img_shape, g.shape[2:])
    g_span = plan.embed(g, dtype)
    planes = plan.zero_planes(dtype, xp)
    written = set()
    for _k, plane, shift in plan.offsets:
        target = plan.view(planes, plane, shift)
        if plane in written:
            target += g_span
        else:
            target[...] = g_span
            written.add(plane)
    return plan.unplanes(planes, img_shape)


def window_counts(xp, params, img_dims, out_dims, dtype):
    """How many elements of each window lie inside the image (padding excluded).

    Returns an array of shape ``out_dims`` (broadcastable to ``(n, c, *out_dims)``).
    """
    counts = None
    for axis, (size, o, k, s, p) in enumerate(
        zip(img_dims, out_dims, params.ksize, params.stride, params.pad)
    ):
        start = numpy.arange(o) * s - p
        c = numpy.minimum(start + k, size) - numpy.maximum(start, 0)
        c = numpy.maximum(c, 1).reshape((o,) + (1,) * (len(out_dims) - axis - 1))
        counts = c if counts is None else counts * c
    return xp.asarray(counts.astype(dtype))
