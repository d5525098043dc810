"""Image preparation shared by the vision models: resizing, mean subtraction, crops.

Pillow is used when it is installed (as Chainer v7 does). Without it, NumPy
arrays are still accepted: they are resized by a NumPy version of Pillow's
default filter (bicubic, ``a = -0.5``, widened when shrinking; horizontal pass
then vertical pass, each rounded to uint8). On natural images it agrees with
Pillow to within one grey level; recent Pillow releases sometimes run the
vertical pass first, so on noise-like images shrunk a lot along both axes the
two can differ by a few grey levels where the intermediate values clip.
"""

from __future__ import annotations

import numpy

import chainer

try:
    from PIL import Image
except ImportError:  # Pillow is optional
    Image = None


def _bicubic(x):
    a = -0.5
    x = numpy.abs(x)
    near = ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
    far = (((x - 5.0) * x + 8.0) * x - 4.0) * a
    return numpy.where(x < 1.0, near, numpy.where(x < 2.0, far, 0.0))


def _resample_matrix(in_size, out_size):
    """The (out_size, in_size) matrix of Pillow's bicubic resampling along one axis."""
    scale = in_size / out_size
    filter_scale = max(scale, 1.0)
    support = 2.0 * filter_scale
    matrix = numpy.zeros((out_size, in_size))
    for i in range(out_size):
        center = (i + 0.5) * scale
        low = max(int(center - support + 0.5), 0)
        high = min(int(center + support + 0.5), in_size)
        taps = numpy.arange(low, high)
        weights = _bicubic((taps - center + 0.5) / filter_scale)
        total = weights.sum()
        if total != 0.0:
            weights = weights / total
        matrix[i, low:high] = weights
    return matrix


def _to_uint8(array):
    return numpy.clip(numpy.floor(array + 0.5), 0, 255).astype(numpy.uint8)


def _resize_uint8(image, size):
    """Resizes an (H, W, 3) uint8 image to ``size = (width, height)`` like Pillow."""
    width, height = size
    if image.shape[1] != width:
        matrix = _resample_matrix(image.shape[1], width)
        image = _to_uint8(numpy.einsum("ow,hwc->hoc", matrix, image))
    if image.shape[0] != height:
        matrix = _resample_matrix(image.shape[0], height)
        image = _to_uint8(numpy.einsum("oh,hwc->owc", matrix, image))
    return image


def _as_rgb_uint8(image):
    """An (H, W, 3) uint8 RGB array from an ndarray in any of the accepted layouts."""
    if image.ndim == 3 and image.shape[0] == 1:
        image = image[0]
    elif image.ndim == 3 and image.shape[0] == 3:
        image = image.transpose(1, 2, 0)
    image = image.astype(numpy.uint8)
    if image.ndim == 2:
        return numpy.repeat(image[:, :, None], 3, axis=2)
    if image.ndim == 3 and image.shape[2] in (3, 4):
        return image[:, :, :3]
    raise ValueError(
        "image must have the shape (height, width), (height, width, 3 or 4), "
        f"(1, height, width) or (3, height, width), got {image.shape}"
    )


def _check_size(size):
    if size is None:
        return None
    try:
        width, height = (int(s) for s in size)
    except (TypeError, ValueError):
        raise TypeError(f"size must be a pair of ints or None, got {size!r}") from None
    if width <= 0 or height <= 0:
        raise ValueError(f"size must be positive, got {size!r}")
    return width, height


def prepare_image(image, size, mean):
    """Resizes an RGB image, turns it to BGR, subtracts ``mean`` and makes it CHW.

    Args:
        image (PIL.Image.Image or numpy.ndarray): the image, RGB; an array has
            the shape (H, W), (H, W, 3), (H, W, 4), (1, H, W) or (3, H, W)
            and values in [0, 255] (they are cast to uint8).
        size (pair of ints or None): the size passed to Pillow's ``resize``,
            i.e. (width, height); None keeps the image's size.
        mean (sequence of 3 floats): the BGR mean to subtract.

    Returns:
        numpy.ndarray: shape (3, height, width), dtype ``chainer.get_dtype()``.
    """
    size = _check_size(size)
    dtype = chainer.get_dtype()
    if Image is not None and isinstance(image, Image.Image):
        image = image.convert("RGB")
        if size is not None:
            image = image.resize(size)
        array = numpy.asarray(image)
    elif isinstance(image, numpy.ndarray):
        array = _as_rgb_uint8(image)
        if size is not None and (array.shape[1], array.shape[0]) != size:
            if Image is not None:
                array = numpy.asarray(Image.fromarray(array).resize(size))
            else:
                array = _resize_uint8(array, size)
    else:
        raise TypeError(
            f"image must be a numpy.ndarray or a PIL.Image.Image, got {type(image).__name__}"
        )
    array = numpy.asarray(array, dtype=dtype)[:, :, ::-1]
    array = array - numpy.asarray(mean, dtype=dtype)
    return numpy.ascontiguousarray(array.transpose(2, 0, 1))


def oversample(images, crop_dims):
    """Ten crops per image: four corners and the center, then their mirror images.

    Args:
        images (numpy.ndarray): shape (N, C, H, W).
        crop_dims (pair of ints): (crop height, crop width).

    Returns:
        numpy.ndarray: shape (10 * N, C, crop height, crop width); the crops of
        image ``i`` are rows ``10 * i`` to ``10 * i + 9``.
    """
    n, channels, height, width = images.shape
    crop_h, crop_w = crop_dims
    if crop_h > height or crop_w > width:
        raise ValueError(f"crop_dims {crop_dims} exceed the image size {(height, width)}")
    top, left = int(height / 2.0 - crop_h / 2.0), int(width / 2.0 - crop_w / 2.0)
    corners = [(0, 0), (0, width - crop_w), (height - crop_h, 0)]
    corners += [(height - crop_h, width - crop_w), (top, left)]
    crops = numpy.empty((n, 10, channels, crop_h, crop_w), dtype=images.dtype)
    for k, (y, x) in enumerate(corners):
        crops[:, k] = images[:, :, y : y + crop_h, x : x + crop_w]
    crops[:, 5:] = crops[:, :5, :, :, ::-1]
    return crops.reshape((n * 10, channels, crop_h, crop_w))
