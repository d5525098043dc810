"""Tests of the image preparation of the vision models (prepare, resizing, oversampling)."""

import numpy
import pytest

import chainer
from chainer.links.model.vision import _image, googlenet, resnet, vgg

MEANS = {
    vgg.prepare: (103.939, 116.779, 123.68),
    resnet.prepare: (103.063, 115.903, 123.152),
    googlenet.prepare: (104.0, 117.0, 123.0),
}
PREPARES = list(MEANS)
IDS = ["vgg", "resnet", "googlenet"]


def _expected(rgb_hwc, mean):
    """BGR, mean subtracted, CHW, float32 -- written directly."""
    bgr = rgb_hwc[:, :, [2, 1, 0]].astype(numpy.float32)
    return (bgr - numpy.asarray(mean, numpy.float32)).transpose(2, 0, 1)


@pytest.fixture
def image():
    return numpy.random.RandomState(0).randint(0, 256, (5, 7, 3)).astype(numpy.uint8)


@pytest.mark.parametrize("prepare", PREPARES, ids=IDS)
class TestPrepare:
    def test_hwc(self, prepare, image):
        out = prepare(image, size=None)
        assert out.shape == (3, 5, 7) and out.dtype == numpy.float32
        numpy.testing.assert_allclose(out, _expected(image, MEANS[prepare]), rtol=1e-6)

    def test_chw(self, prepare, image):
        out = prepare(image.transpose(2, 0, 1), size=None)
        numpy.testing.assert_allclose(out, _expected(image, MEANS[prepare]), rtol=1e-6)

    def test_gray(self, prepare, image):
        gray = image[:, :, 0]
        expected = _expected(numpy.stack([gray] * 3, axis=2), MEANS[prepare])
        numpy.testing.assert_allclose(prepare(gray, size=None), expected, rtol=1e-6)
        numpy.testing.assert_allclose(prepare(gray[None], size=None), expected, rtol=1e-6)

    def test_rgba_drops_alpha(self, prepare, image):
        rgba = numpy.concatenate([image, numpy.full((5, 7, 1), 9, numpy.uint8)], axis=2)
        numpy.testing.assert_allclose(
            prepare(rgba, size=None), _expected(image, MEANS[prepare]), rtol=1e-6
        )

    def test_float_input_is_cast_to_uint8(self, prepare, image):
        out = prepare(image.astype(numpy.float32) + 0.25, size=None)
        numpy.testing.assert_allclose(out, _expected(image, MEANS[prepare]), rtol=1e-6)

    def test_default_size(self, prepare, image):
        assert prepare(image).shape == (3, 224, 224)

    def test_size_is_width_height(self, prepare, image):
        assert prepare(image, size=(6, 4)).shape == (3, 4, 6)

    def test_same_size_is_not_resampled(self, prepare, image):
        numpy.testing.assert_array_equal(prepare(image, size=(7, 5)), prepare(image, size=None))

    def test_dtype_follows_config(self, prepare, image):
        with chainer.using_config("dtype", numpy.float64):
            assert prepare(image, size=None).dtype == numpy.float64

    def test_bad_image(self, prepare):
        with pytest.raises(TypeError, match="image must be"):
            prepare([[1, 2], [3, 4]])
        with pytest.raises(ValueError, match="shape"):
            prepare(numpy.zeros((4, 4, 2), numpy.uint8))
        with pytest.raises(ValueError, match="shape"):
            prepare(numpy.zeros((1, 4, 4, 3), numpy.uint8))

    def test_bad_size(self, prepare, image):
        with pytest.raises(TypeError, match="size"):
            prepare(image, size=224)
        with pytest.raises(ValueError, match="size"):
            prepare(image, size=(0, 4))


class TestResize:
    def test_constant_image_stays_constant(self):
        image = numpy.full((30, 50, 3), 77, numpy.uint8)
        for size in [(20, 10), (80, 64), (50, 60)]:
            out = _image._resize_uint8(image, size)
            assert out.shape == (size[1], size[0], 3) and out.dtype == numpy.uint8
            assert (out == 77).all()

    def test_resample_matrix_rows_sum_to_one(self):
        for n_in, n_out in [(300, 224), (37, 224), (256, 256), (9, 3)]:
            matrix = _image._resample_matrix(n_in, n_out)
            numpy.testing.assert_allclose(matrix.sum(axis=1), 1.0, rtol=1e-12)

    def test_halving_a_ramp_averages_pairs(self):
        # A linear ramp is reproduced exactly by the (symmetric) bicubic filter.
        ramp = numpy.tile(numpy.arange(0, 200, 2, dtype=numpy.uint8)[None, :, None], (4, 1, 3))
        out = _image._resize_uint8(ramp, (50, 4))
        interior = out[0, 3:-3, 0].astype(int)
        expected = numpy.arange(0, 200, 4)[3:-3] + 1  # the mean of each pair (2k, 2k + 2)
        numpy.testing.assert_array_equal(interior, expected)

    def test_matches_pillow(self):
        Image = pytest.importorskip("PIL.Image")
        yy, xx = numpy.mgrid[0:90, 0:130]
        smooth = numpy.stack([yy * 2, xx * 255 // 130, (xx + yy) % 256], axis=2)
        smooth = smooth.astype(numpy.uint8)
        for size in [(64, 64), (256, 256), (130, 45)]:
            ours = _image._resize_uint8(smooth, size).astype(int)
            pillow = numpy.asarray(Image.fromarray(smooth).resize(size)).astype(int)
            assert numpy.abs(ours - pillow).max() <= 1


class TestOversample:
    def test_crops_and_mirrors(self):
        images = numpy.arange(2 * 3 * 6 * 8, dtype=numpy.float32).reshape(2, 3, 6, 8)
        crops = _image.oversample(images, (4, 5))
        assert crops.shape == (20, 3, 4, 5)
        for i in range(2):
            img = images[i]
            expected = [
                img[:, 0:4, 0:5],
                img[:, 0:4, 3:8],
                img[:, 2:6, 0:5],
                img[:, 2:6, 3:8],
                img[:, 1:5, 1:6],  # center: int(6/2 - 4/2) = 1, int(8/2 - 5/2) = 1
            ]
            expected += [e[:, :, ::-1] for e in expected]
            numpy.testing.assert_array_equal(crops[10 * i : 10 * i + 10], numpy.stack(expected))

    def test_crop_larger_than_image(self):
        with pytest.raises(ValueError, match="crop_dims"):
            _image.oversample(numpy.zeros((1, 3, 4, 4), numpy.float32), (5, 4))


def test_pil_image_input():
    Image = pytest.importorskip("PIL.Image")
    rgb = numpy.random.RandomState(2).randint(0, 256, (6, 9, 3)).astype(numpy.uint8)
    expected = _expected(rgb, MEANS[vgg.prepare])
    numpy.testing.assert_allclose(vgg.prepare(Image.fromarray(rgb), size=None), expected)
    gray = Image.fromarray(rgb[:, :, 1])
    assert vgg.prepare(gray, size=(4, 3)).shape == (3, 3, 4)
