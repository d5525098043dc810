"""Residual networks with 50, 101 and 152 layers (He et al., 2015), MSRA layout."""

from __future__ import annotations

import collections
import warnings

from chainer import link
from chainer.functions.activation.relu import relu
from chainer.functions.activation.softmax import softmax
from chainer.functions.array.reshape import reshape
from chainer.functions.pooling.average_pooling_2d import average_pooling_2d
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.initializers import HeNormal, Zero
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.linear import Linear
from chainer.links.model.vision import _base, _image
from chainer.links.normalization.batch_normalization import BatchNormalization

_MEAN = (103.063, 115.903, 123.152)  # BGR
_BLOCKS = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}


def _global_average_pooling_2d(x):
    n, channels, height, width = x.shape
    return reshape(average_pooling_2d(x, (height, width), stride=1), (n, channels))


def _max_pooling_2d(x):
    return max_pooling_2d(x, ksize=3, stride=2)


def prepare(image, size=(224, 224)):
    """Converts an RGB image to the input array of the ResNet models.

    The image is resized to ``size``, turned from RGB to BGR, the BGR mean
    (103.063, 115.903, 123.152) is subtracted, and the axes become CHW.

    Args:
        image (PIL.Image.Image or numpy.ndarray): an RGB image; an array has
            the shape (H, W), (H, W, 3) or (3, H, W) and values in [0, 255].
        size (pair of ints or None): the output size in Pillow's
            (width, height) order; None keeps the image's size.

    Returns:
        numpy.ndarray: shape (3, height, width), dtype ``chainer.get_dtype()``.
    """
    return _image.prepare_image(image, size, _MEAN)


class BottleneckA(link.Chain):
    """The first bottleneck of a stage: changes the width and may downsample.

    ``relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + bn4(conv4(x)))``
    where ``conv1`` is 1x1 (in -> mid), ``conv2`` 3x3 (mid -> mid), ``conv3``
    1x1 (mid -> out) and ``conv4`` the 1x1 projection shortcut (in -> out,
    stride ``stride``); no convolution has a bias.

    Args:
        in_channels (int): input channels.
        mid_channels (int): channels of the 1x1 and 3x3 convolutions.
        out_channels (int): output channels.
        stride (int or pair of ints): the downsampling stride.
        initialW: initializer of the convolution weights (None: the default).
        downsample_fb (bool): put the stride on the 3x3 convolution
            (Facebook's ResNet) instead of the first 1x1 one (MSRA's).
    """

    def __init__(
        self,
        in_channels,
        mid_channels,
        out_channels,
        stride=2,
        initialW=None,
        downsample_fb=False,
    ):
        super().__init__()
        stride_1x1, stride_3x3 = (1, stride) if downsample_fb else (stride, 1)
        conv = {"initialW": initialW, "nobias": True}
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, mid_channels, 1, stride_1x1, 0, **conv)
            self.bn1 = BatchNormalization(mid_channels)
            self.conv2 = Convolution2D(mid_channels, mid_channels, 3, stride_3x3, 1, **conv)
            self.bn2 = BatchNormalization(mid_channels)
            self.conv3 = Convolution2D(mid_channels, out_channels, 1, 1, 0, **conv)
            self.bn3 = BatchNormalization(out_channels)
            self.conv4 = Convolution2D(in_channels, out_channels, 1, stride, 0, **conv)
            self.bn4 = BatchNormalization(out_channels)

    def forward(self, x):
        """Applies the block.

        Args:
            x (~chainer.Variable): shape (N, in_channels, H, W).

        Returns:
            ~chainer.Variable: shape (N, out_channels, H', W') with
            ``H' = ceil(H / stride)``.
        """
        h = relu(self.bn1(self.conv1(x)))
        h = relu(self.bn2(self.conv2(h)))
        h = self.bn3(self.conv3(h))
        return relu(h + self.bn4(self.conv4(x)))


class BottleneckB(link.Chain):
    """A bottleneck with an identity shortcut (same width, no downsampling).

    ``relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + x)`` with
    ``conv1`` 1x1 (in -> mid), ``conv2`` 3x3 (mid -> mid) and ``conv3`` 1x1
    (mid -> in); no convolution has a bias.

    Args:
        in_channels (int): input (and output) channels.
        mid_channels (int): channels of the 1x1 and 3x3 convolutions.
        initialW: initializer of the convolution weights (None: the default).
    """

    def __init__(self, in_channels, mid_channels, initialW=None):
        super().__init__()
        conv = {"initialW": initialW, "nobias": True}
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, mid_channels, 1, 1, 0, **conv)
            self.bn1 = BatchNormalization(mid_channels)
            self.conv2 = Convolution2D(mid_channels, mid_channels, 3, 1, 1, **conv)
            self.bn2 = BatchNormalization(mid_channels)
            self.conv3 = Convolution2D(mid_channels, in_channels, 1, 1, 0, **conv)
            self.bn3 = BatchNormalization(in_channels)

    def forward(self, x):
        """Applies the block.

        Args:
            x (~chainer.Variable): shape (N, in_channels, H, W).

        Returns:
            ~chainer.Variable: the same shape.
        """
        h = relu(self.bn1(self.conv1(x)))
        h = relu(self.bn2(self.conv2(h)))
        h = self.bn3(self.conv3(h))
        return relu(h + x)


class BuildingBlock(link.Chain):
    """One ResNet stage: a :class:`BottleneckA` (``a``) then ``n_layers - 1`` :class:`BottleneckB`.

    The children are named ``a``, ``b1``, ``b2``, ... as in Chainer v7.

    Args:
        n_layers (int): the number of bottlenecks (at least 1).
        in_channels (int): input channels.
        mid_channels (int): channels inside the bottlenecks.
        out_channels (int): output channels.
        stride (int or pair of ints): the stride of the first bottleneck.
        initialW: initializer of the convolution weights (None: the default).
        downsample_fb (bool): see :class:`BottleneckA`.
        n_layer (int): deprecated spelling of ``n_layers`` (keyword only;
            emits a DeprecationWarning).
    """

    def __init__(
        self,
        n_layers=None,
        in_channels=None,
        mid_channels=None,
        out_channels=None,
        stride=None,
        initialW=None,
        downsample_fb=None,
        **kwargs,
    ):
        if "n_layer" in kwargs:
            warnings.warn(
                "BuildingBlock: the argument n_layer is deprecated; use n_layers",
                DeprecationWarning,
                stacklevel=2,
            )
            n_layers = kwargs.pop("n_layer")
        if kwargs:
            raise TypeError(f"BuildingBlock got unexpected keyword argument(s) {sorted(kwargs)}")
        if isinstance(n_layers, bool) or not isinstance(n_layers, int) or n_layers < 1:
            raise ValueError(f"n_layers must be a positive int, got {n_layers!r}")
        for name, value in (
            ("in_channels", in_channels),
            ("mid_channels", mid_channels),
            ("out_channels", out_channels),
            ("stride", stride),
        ):
            if value is None:
                raise TypeError(f"BuildingBlock needs {name}, got None")
        super().__init__()
        with self.init_scope():
            self.a = BottleneckA(
                in_channels, mid_channels, out_channels, stride, initialW, bool(downsample_fb)
            )
            self._forward = ["a"]
            for i in range(1, n_layers):
                name = f"b{i}"
                setattr(self, name, BottleneckB(out_channels, mid_channels, initialW))
                self._forward.append(name)

    def forward(self, x):
        """Applies the bottlenecks in turn.

        Args:
            x (~chainer.Variable): shape (N, in_channels, H, W).

        Returns:
            ~chainer.Variable: shape (N, out_channels, H', W').
        """
        for name in self._forward:
            x = getattr(self, name)(x)
        return x


class ResNetLayers(_base.VisionLayers):
    """A residual network whose intermediate outputs are reachable by name.

    The layers are ``conv1`` (7x7 convolution with bias, batch normalization,
    ReLU), ``pool1`` (3x3 max pooling, stride 2), ``res2`` ... ``res5``
    (:class:`BuildingBlock` stages), ``pool5`` (global average pooling to
    (N, 2048)), ``fc6`` (1,000 classes) and ``prob`` (softmax). Parameter
    names follow Chainer v7, so an .npz file saved from Chainer v7's model
    loads by name. Any input of at least 32x32 passes (224x224 for ImageNet).

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            loaded with :func:`chainer.serializers.load_npz`, or None for
            random weights (convolutions drawn by ``HeNormal(scale=1.0)``).
            ``'auto'`` (Chainer v7's conversion of the Caffe model) is not
            supported and raises.
        n_layers (int): 50, 101 or 152.
        downsample_fb (bool): downsample with the 3x3 convolutions
            (Facebook's ResNet) rather than the first 1x1 ones (MSRA's).

    Raises:
        NotImplementedError: for ``pretrained_model='auto'`` or a
            ``.caffemodel`` path.
        ValueError: when ``n_layers`` is not 50, 101 or 152.
    """

    _mean = _MEAN
    _extract_default = ("pool5",)

    def __init__(self, pretrained_model, n_layers, downsample_fb=False):
        load = _base.check_pretrained_model(pretrained_model, type(self).__name__)
        if n_layers not in _BLOCKS:
            raise ValueError(f"n_layers must be 50, 101 or 152, got {n_layers!r}")
        super().__init__()
        # The weights are overwritten when loaded: skip random sampling then.
        initialW = Zero() if load else HeNormal(scale=1.0)
        block = _BLOCKS[n_layers]
        stage = {"initialW": initialW, "downsample_fb": downsample_fb}
        with self.init_scope():
            self.conv1 = Convolution2D(3, 64, 7, 2, 3, initialW=initialW)
            self.bn1 = BatchNormalization(64)
            self.res2 = BuildingBlock(block[0], 64, 64, 256, 1, **stage)
            self.res3 = BuildingBlock(block[1], 256, 128, 512, 2, **stage)
            self.res4 = BuildingBlock(block[2], 512, 256, 1024, 2, **stage)
            self.res5 = BuildingBlock(block[3], 1024, 512, 2048, 2, **stage)
            self.fc6 = Linear(2048, 1000)
        if load:
            _base.load_weights(self, pretrained_model)

    @property
    def functions(self):
        """collections.OrderedDict: layer name -> list of callables, in network order."""
        return collections.OrderedDict(
            [
                ("conv1", [self.conv1, self.bn1, relu]),
                ("pool1", [_max_pooling_2d]),
                ("res2", [self.res2]),
                ("res3", [self.res3]),
                ("res4", [self.res4]),
                ("res5", [self.res5]),
                ("pool5", [_global_average_pooling_2d]),
                ("fc6", [self.fc6]),
                ("prob", [softmax]),
            ]
        )


class ResNet50Layers(ResNetLayers):
    """The 50-layer residual network (stages of 3, 4, 6 and 3 bottlenecks).

    See :class:`ResNetLayers` for the layers and arguments.

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            or None for random weights; ``'auto'`` raises.
        downsample_fb (bool): see :class:`ResNetLayers`.
    """

    def __init__(self, pretrained_model="auto", downsample_fb=False):
        super().__init__(pretrained_model, 50, downsample_fb)


class ResNet101Layers(ResNetLayers):
    """The 101-layer residual network (stages of 3, 4, 23 and 3 bottlenecks).

    See :class:`ResNetLayers` for the layers and arguments.

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            or None for random weights; ``'auto'`` raises.
        downsample_fb (bool): see :class:`ResNetLayers`.
    """

    def __init__(self, pretrained_model="auto", downsample_fb=False):
        super().__init__(pretrained_model, 101, downsample_fb)


class ResNet152Layers(ResNetLayers):
    """The 152-layer residual network (stages of 3, 8, 36 and 3 bottlenecks).

    See :class:`ResNetLayers` for the layers and arguments.

    Args:
        pretrained_model (str or None): the path of an .npz file of weights,
            or None for random weights; ``'auto'`` raises.
        downsample_fb (bool): see :class:`ResNetLayers`.
    """

    def __init__(self, pretrained_model="auto", downsample_fb=False):
        super().__init__(pretrained_model, 152, downsample_fb)
