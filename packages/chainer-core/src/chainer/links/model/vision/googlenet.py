"""GoogLeNet (Inception v1; Szegedy et al., 2014) in the BVLC Caffe layout."""

from __future__ import annotations

import collections

from chainer.functions.activation.relu import relu
from chainer.functions.activation.softmax import softmax
from chainer.functions.noise.dropout import dropout
from chainer.functions.normalization.local_response_normalization import (
    local_response_normalization,
)
from chainer.functions.pooling.average_pooling_2d import average_pooling_2d
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.initializers import LeCunUniform, Zero
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.inception import Inception
from chainer.links.connection.linear import Linear
from chainer.links.model.vision import _base, _image

_MEAN = (104.0, 117.0, 123.0)  # BGR

# name -> (in_channels, out1, proj3, out3, proj5, out5, proj_pool)
_INCEPTIONS = (
    ("inc3a", (192, 64, 96, 128, 16, 32, 32)),
    ("inc3b", (256, 128, 128, 192, 32, 96, 64)),
    ("inc4a", (480, 192, 96, 208, 16, 48, 64)),
    ("inc4b", (512, 160, 112, 224, 24, 64, 64)),
    ("inc4c", (512, 128, 128, 256, 24, 64, 64)),
    ("inc4d", (512, 112, 144, 288, 32, 64, 64)),
    ("inc4e", (528, 256, 160, 320, 32, 128, 128)),
    ("inc5a", (832, 256, 160, 320, 32, 128, 128)),
    ("inc5b", (832, 384, 192, 384, 48, 128, 128)),
)


def _max_pooling_2d(x):
    return max_pooling_2d(x, ksize=3, stride=2)


def _local_response_normalization(x):
    return local_response_normalization(x, n=5, k=1, alpha=1e-4 / 5)


def _average_pooling_2d_k5(x):
    return average_pooling_2d(x, ksize=5, stride=3)


def _average_pooling_2d_k7(x):
    return average_pooling_2d(x, ksize=7, stride=1)


def _dropout(x):
    return dropout(x, ratio=0.4)


def prepare(image, size=(224, 224)):
    """Converts an RGB image to the input array of GoogLeNet.

    The image is resized to ``size``, turned from RGB to BGR, the BGR mean
    (104, 117, 123) is subtracted, and the axes become CHW.

    Args:
        image (PIL.Image.Image or numpy.ndarray): an RGB image; an array has
            the shape (H, W), (H, W, 3) or (3, H, W) and values in [0, 255].
        size (pair of ints or None): the output size in Pillow's
            (width, height) order; None keeps the image's size.

    Returns:
        numpy.ndarray: shape (3, height, width), dtype ``chainer.get_dtype()``.
    """
    return _image.prepare_image(image, size, _MEAN)


class GoogLeNet(_base.VisionLayers):
    """GoogLeNet whose intermediate outputs are reachable by layer name.

    The main path's layers are ``conv1``, ``pool1``, ``conv2_reduce``,
    ``conv2``, ``pool2``, ``inception_3a``, ``inception_3b``, ``pool3``,
    ``inception_4a`` ... ``inception_4e``, ``pool4``, ``inception_5a``,
    ``inception_5b``, ``pool5``, ``loss3_fc`` and ``prob``. The two auxiliary
    classifiers ``loss1_fc2`` (from ``inception_4a``) and ``loss2_fc2``
    (from ``inception_4d``) come last in :attr:`available_layers` and are
    computed only when asked for. Parameter names follow Chainer v7, so an
    .npz file saved from Chainer v7's model loads by name. The classifiers
    expect 224x224 inputs; the layers up to ``inception_5b`` take any input of
    at least 32x32.

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            loaded with :func:`chainer.serializers.load_npz`, or None for
            random weights (the convolutions and fully connected layers outside
            the inception modules drawn by ``LeCunUniform(scale=1.0)``).
            ``'auto'`` (Chainer v7's download and conversion of the Caffe
            model) is not supported and raises.

    Raises:
        NotImplementedError: for ``pretrained_model='auto'`` or a
            ``.caffemodel`` path.
    """

    _mean = _MEAN
    _extract_default = ("pool5",)
    _branches = {"loss1_fc2": "inception_4a", "loss2_fc2": "inception_4d"}

    def __init__(self, pretrained_model="auto"):
        load = _base.check_pretrained_model(pretrained_model, type(self).__name__)
        super().__init__()
        # The weights are overwritten when loaded: skip random sampling then.
        kwargs = {"initialW": Zero() if load else LeCunUniform(scale=1.0)}
        with self.init_scope():
            self.conv1 = Convolution2D(3, 64, 7, stride=2, pad=3, **kwargs)
            self.conv2_reduce = Convolution2D(64, 64, 1, **kwargs)
            self.conv2 = Convolution2D(64, 192, 3, stride=1, pad=1, **kwargs)
            for name, channels in _INCEPTIONS:
                setattr(self, name, Inception(*channels))
            self.loss3_fc = Linear(1024, 1000, **kwargs)

            self.loss1_conv = Convolution2D(512, 128, 1, **kwargs)
            self.loss1_fc1 = Linear(2048, 1024, **kwargs)
            self.loss1_fc2 = Linear(1024, 1000, **kwargs)

            self.loss2_conv = Convolution2D(528, 128, 1, **kwargs)
            self.loss2_fc1 = Linear(2048, 1024, **kwargs)
            self.loss2_fc2 = Linear(1024, 1000, **kwargs)
        if load:
            _base.load_weights(self, pretrained_model)

    @property
    def functions(self):
        """collections.OrderedDict: layer name -> list of callables, in network order.

        The auxiliary classifiers ``loss1_fc2`` and ``loss2_fc2`` come last;
        they read the outputs of ``inception_4a`` and ``inception_4d``.
        """
        return collections.OrderedDict(
            [
                ("conv1", [self.conv1, relu]),
                ("pool1", [_max_pooling_2d, _local_response_normalization]),
                ("conv2_reduce", [self.conv2_reduce, relu]),
                ("conv2", [self.conv2, relu, _local_response_normalization]),
                ("pool2", [_max_pooling_2d]),
                ("inception_3a", [self.inc3a]),
                ("inception_3b", [self.inc3b]),
                ("pool3", [_max_pooling_2d]),
                ("inception_4a", [self.inc4a]),
                ("inception_4b", [self.inc4b]),
                ("inception_4c", [self.inc4c]),
                ("inception_4d", [self.inc4d]),
                ("inception_4e", [self.inc4e]),
                ("pool4", [_max_pooling_2d]),
                ("inception_5a", [self.inc5a]),
                ("inception_5b", [self.inc5b]),
                ("pool5", [_average_pooling_2d_k7]),
                ("loss3_fc", [_dropout, self.loss3_fc]),
                ("prob", [softmax]),
                (
                    "loss1_fc2",
                    [
                        _average_pooling_2d_k5,
                        self.loss1_conv,
                        relu,
                        self.loss1_fc1,
                        relu,
                        self.loss1_fc2,
                    ],
                ),
                (
                    "loss2_fc2",
                    [
                        _average_pooling_2d_k5,
                        self.loss2_conv,
                        relu,
                        self.loss2_fc1,
                        relu,
                        self.loss2_fc2,
                    ],
                ),
            ]
        )
