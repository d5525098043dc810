"""VGG 16-layer and 19-layer networks (Simonyan and Zisserman, 2014)."""

from __future__ import annotations

import collections

from chainer.functions.activation.relu import relu
from chainer.functions.activation.softmax import softmax
from chainer.functions.noise.dropout import dropout
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.initializers import Normal, Zero
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.linear import Linear
from chainer.links.model.vision import _base, _image

_MEAN = (103.939, 116.779, 123.68)  # BGR

# (block, output channels, convolutions in the 16-layer model)
_BLOCKS = ((1, 64, 2), (2, 128, 2), (3, 256, 3), (4, 512, 3), (5, 512, 3))


def _max_pooling_2d(x):
    return max_pooling_2d(x, ksize=2)


def prepare(image, size=(224, 224)):
    """Converts an RGB image to the input array of the VGG models.

    The image is resized to ``size``, turned from RGB to BGR, the BGR mean
    (103.939, 116.779, 123.68) is subtracted, and the axes become CHW.

    Args:
        image (PIL.Image.Image or numpy.ndarray): an RGB image; an array has
            the shape (H, W), (H, W, 3) or (3, H, W) and values in [0, 255].
        size (pair of ints or None): the output size in Pillow's
            (width, height) order; None keeps the image's size.

    Returns:
        numpy.ndarray: shape (3, height, width), dtype ``chainer.get_dtype()``.
    """
    return _image.prepare_image(image, size, _MEAN)


class VGGLayers(_base.VisionLayers):
    """A VGG network (16 or 19 layers) whose intermediate outputs are reachable by name.

    The layers are ``conv1_1`` ... ``conv5_3`` (``conv5_4`` for 19 layers),
    ``pool1`` ... ``pool5``, ``fc6``, ``fc7``, ``fc8`` and ``prob`` (see
    :attr:`available_layers`). Parameter names follow Chainer v7, so an .npz
    file saved from Chainer v7's model loads by name. ``fc6`` expects
    512 x 7 x 7 features, i.e. 224x224 inputs; the convolutional part takes
    any input of at least 32x32.

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            loaded with :func:`chainer.serializers.load_npz`, or None for
            random weights (convolution and fully connected weights drawn from
            N(0, 0.01^2), biases zero). ``'auto'`` (Chainer v7's download and
            conversion of the Caffe model) is not supported and raises.
        n_layers (int): 16 or 19.

    Raises:
        NotImplementedError: for ``pretrained_model='auto'`` or a
            ``.caffemodel`` path.
        ValueError: when ``n_layers`` is neither 16 nor 19.
    """

    _mean = _MEAN
    _extract_default = ("fc7",)

    def __init__(self, pretrained_model="auto", n_layers=16):
        name = type(self).__name__
        load = _base.check_pretrained_model(pretrained_model, name)
        if n_layers not in (16, 19):
            raise ValueError(f"n_layers must be 16 or 19, got {n_layers!r}")
        super().__init__()
        self._n_layers = n_layers
        if load:  # the weights are overwritten: skip random sampling
            kwargs = {"initialW": Zero(), "initial_bias": Zero()}
        else:
            kwargs = {"initialW": Normal(0.01), "initial_bias": Zero()}
        in_channels = 3
        with self.init_scope():
            for block, channels, count in _BLOCKS:
                if n_layers == 19 and block >= 3:
                    count += 1
                for i in range(1, count + 1):
                    conv = Convolution2D(in_channels, channels, 3, 1, 1, **kwargs)
                    setattr(self, f"conv{block}_{i}", conv)
                    in_channels = channels
            self.fc6 = Linear(512 * 7 * 7, 4096, **kwargs)
            self.fc7 = Linear(4096, 4096, **kwargs)
            self.fc8 = Linear(4096, 1000, **kwargs)
        if load:
            _base.load_weights(self, pretrained_model)

    @property
    def functions(self):
        """collections.OrderedDict: layer name -> list of callables, in network order."""
        layers = collections.OrderedDict()
        for block, _, count in _BLOCKS:
            if self._n_layers == 19 and block >= 3:
                count += 1
            for i in range(1, count + 1):
                name = f"conv{block}_{i}"
                layers[name] = [getattr(self, name), relu]
            layers[f"pool{block}"] = [_max_pooling_2d]
        layers["fc6"] = [self.fc6, relu, dropout]
        layers["fc7"] = [self.fc7, relu, dropout]
        layers["fc8"] = [self.fc8]
        layers["prob"] = [softmax]
        return layers


class VGG16Layers(VGGLayers):
    """The 16-layer VGG network (configuration D) with named intermediate layers.

    See :class:`VGGLayers` for the layers, :meth:`~VGGLayers.extract` and
    :meth:`~VGGLayers.predict`.

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            or None for random weights; ``'auto'`` raises (see
            :class:`VGGLayers`).
    """

    def __init__(self, pretrained_model="auto"):
        super().__init__(pretrained_model, 16)


class VGG19Layers(VGGLayers):
    """The 19-layer VGG network (configuration E) with named intermediate layers.

    See :class:`VGGLayers` for the layers, :meth:`~VGGLayers.extract` and
    :meth:`~VGGLayers.predict`.

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            or None for random weights; ``'auto'`` raises (see
            :class:`VGGLayers`).
    """

    def __init__(self, pretrained_model="auto"):
        super().__init__(pretrained_model, 19)
