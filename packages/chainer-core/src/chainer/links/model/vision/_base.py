"""What the image-recognition models share: named layers, extract, predict, weights."""

from __future__ import annotations

import os

import numpy

import chainer
from chainer import link
from chainer.functions.array.reshape import reshape
from chainer.functions.math.average import average
from chainer.links.model.vision import _image


def check_pretrained_model(pretrained_model, class_name):
    """Validates ``pretrained_model``; returns True when weights are to be loaded.

    Raises:
        NotImplementedError: for ``'auto'`` or a ``.caffemodel`` path.
        TypeError: for anything but None, False, a str or a path-like.
    """
    if pretrained_model is None or pretrained_model is False or pretrained_model == "":
        return False
    if not isinstance(pretrained_model, (str, os.PathLike)):
        raise TypeError(
            f"pretrained_model of {class_name} must be None or the path of an .npz file, "
            f"got {type(pretrained_model).__name__} {pretrained_model!r}"
        )
    path = os.fspath(pretrained_model)
    if path == "auto" or path.endswith(".caffemodel"):
        raise NotImplementedError(
            f"{class_name}(pretrained_model={path!r}): downloading the original Caffe model "
            "and converting it is out of scope in this re-creation of Chainer. Pass the "
            "path of a local .npz file of the weights (for instance one saved by Chainer v7 "
            "with chainer.serializers.save_npz), or None for randomly initialized weights."
        )
    return True


def load_weights(model, path):
    """Loads the .npz file at ``path`` into ``model`` (parameters matched by name)."""
    from chainer.serializers import load_npz  # imported lazily: serializers import links

    load_npz(os.fspath(path), model)


class VisionLayers(link.Chain):
    """Base of the models whose intermediate outputs are reachable by layer name.

    A subclass defines :attr:`functions` (an ordered mapping from layer name to
    the list of callables applied in turn), ``_mean`` (the BGR mean that its
    module's ``prepare`` function subtracts) and ``_extract_default`` (the
    layers :meth:`extract` returns by default). ``_branches`` maps a layer name
    that starts a side branch to the layer whose output it reads.
    """

    _mean = (0.0, 0.0, 0.0)
    _extract_default = ("pool5",)
    _branches = {}

    @property
    def functions(self):
        """collections.OrderedDict: layer name -> list of callables, in network order."""
        raise NotImplementedError

    @property
    def available_layers(self):
        """list of str: the layer names that :meth:`forward` and :meth:`extract` accept."""
        return list(self.functions.keys())

    @classmethod
    def convert_caffemodel_to_npz(cls, path_caffemodel, path_npz):
        """Not supported: converting Caffe models is out of scope.

        Raises:
            NotImplementedError: always.
        """
        raise NotImplementedError(
            f"{cls.__name__}.convert_caffemodel_to_npz: converting Caffe models is out of "
            "scope in this re-creation of Chainer; convert the model with Chainer v7 and "
            "pass the resulting .npz file as pretrained_model."
        )

    def _check_layers(self, layers, functions):
        if isinstance(layers, str):
            raise TypeError(
                f"layers must be a list of layer names, got the str {layers!r} (write [{layers!r}])"
            )
        layers = list(layers)
        unknown = [name for name in layers if name not in functions]
        if unknown:
            raise ValueError(
                f"unknown layer name(s) {unknown} for {type(self).__name__}; "
                f"available layers: {list(functions)}"
            )
        return layers

    def forward(self, x, layers=None, **kwargs):
        """Computes the outputs of the named layers.

        Args:
            x (~chainer.Variable or array): the images, shape (N, 3, H, W),
                float, preprocessed as the module's ``prepare`` function does
                (BGR, mean subtracted).
            layers (list of str): the layers to output (default ``['prob']``);
                see :attr:`available_layers`. The network runs only as far as
                the last of them.

        Returns:
            dict: layer name -> ~chainer.Variable.

        Raises:
            ValueError: for an unknown layer name, or the removed ``test``
                argument (use ``chainer.using_config('train', False)``).
            TypeError: when ``layers`` is a str, or for any other keyword.
        """
        if kwargs:
            if "test" in kwargs:
                raise ValueError(
                    "the test argument is not supported anymore; "
                    "use chainer.using_config('train', False)"
                )
            raise TypeError(f"forward() got unexpected keyword argument(s) {sorted(kwargs)}")
        functions = self.functions
        layers = self._check_layers(["prob"] if layers is None else layers, functions)
        wanted = set(layers)
        names = list(functions)
        needed = wanted | {self._branches[name] for name in wanted if name in self._branches}
        last = max((names.index(name) for name in needed if name not in self._branches), default=-1)
        sources = {self._branches[name] for name in wanted if name in self._branches}

        activations = {}
        saved = {}
        h = x
        for index, (name, funcs) in enumerate(functions.items()):
            if name in self._branches:
                if name not in wanted:
                    continue
                out = saved[self._branches[name]]
                for func in funcs:
                    out = func(out)
                activations[name] = out
                continue
            if index > last:
                continue
            for func in funcs:
                h = func(h)
            if name in wanted:
                activations[name] = h
            if name in sources:
                saved[name] = h
        return activations

    def _prepare_batch(self, images, size):
        if isinstance(images, numpy.ndarray) and images.ndim == 4:
            images = list(images)
        images = list(images)
        if not images:
            raise ValueError("images must hold at least one image, got none")
        return numpy.stack([_image.prepare_image(image, size, self._mean) for image in images])

    def extract(self, images, layers=None, size=(224, 224), **kwargs):
        """Extracts features from raw RGB images.

        Each image is converted by the module's ``prepare`` function (resized
        to ``size``, BGR, mean subtracted), the batch is sent to the model's device and
        :meth:`forward` runs on it in the current configuration: use
        ``chainer.using_config('train', False)`` for test mode.

        Args:
            images (iterable of PIL.Image.Image or numpy.ndarray): RGB images
                (arrays of shape (H, W), (H, W, 3) or (3, H, W), values in
                [0, 255]).
            layers (list of str): the layers to output (default: this model's
                feature layer, ``pool5`` or ``fc7``).
            size (pair of ints or None): the size the images are resized to
                (Pillow's (width, height) order); None keeps their size (they
                must then all have the same size).

        Returns:
            dict: layer name -> ~chainer.Variable, each with batch size
            ``len(images)``.
        """
        if kwargs:
            for removed in ("test", "train", "volatile"):
                if removed in kwargs:
                    raise ValueError(
                        f"the {removed} argument is not supported anymore; use chainer.using_config"
                    )
            raise TypeError(f"extract() got unexpected keyword argument(s) {sorted(kwargs)}")
        if layers is None:
            layers = list(self._extract_default)
        x = self.device.send(self._prepare_batch(images, size))
        return self(chainer.Variable(x), layers=layers)

    def predict(self, images, oversample=True):
        """Class probabilities of raw RGB images (1,000 ImageNet classes).

        The images are resized to 256x256; with ``oversample`` the
        probabilities are averaged over ten 224x224 crops (corners, center and
        their mirror images), otherwise the center crop alone is used. Runs in
        test mode without building a graph.

        Args:
            images (iterable of PIL.Image.Image or numpy.ndarray): RGB images.
            oversample (bool): average over ten crops.

        Returns:
            ~chainer.Variable: shape (len(images), 1000).
        """
        x = self._prepare_batch(images, (256, 256))
        if oversample:
            x = _image.oversample(x, crop_dims=(224, 224))
        else:
            x = numpy.ascontiguousarray(x[:, :, 16:240, 16:240])
        with chainer.no_backprop_mode(), chainer.using_config("train", False):
            y = self(chainer.Variable(self.device.send(x)), layers=["prob"])["prob"]
            if oversample:
                y = average(reshape(y, (len(y) // 10, 10) + y.shape[1:]), axis=1)
        return y
