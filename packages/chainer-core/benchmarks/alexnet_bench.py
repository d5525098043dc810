"""AlexNet (convnet-benchmarks shape) forward and backward, ours vs Chainer 7.8.1 vs PyTorch CPU.

The network of convnet-benchmarks: conv 11x11/4 pad 2 -> 64, max-pool 3/2,
conv 5x5 pad 2 -> 192, max-pool 3/2, conv 3x3 pad 1 -> 384, 256, 256, max-pool
3/2, fully connected 4096, 4096, 1000, ReLU after every layer but the last, on
a batch of 16 224x224 RGB images, float32, with a softmax cross-entropy loss.
Ours and Chainer 7.8.1 run the same code (the Chainer v7 API:
``F.convolution_2d``, ``F.max_pooling_2d``, ``F.linear`` ...); PyTorch runs
``torch.nn.functional``'s equivalents (``ceil_mode=True`` pooling, as
Chainer's ``cover_all``). Weights are plain arrays, so no optimizer step is
timed: ``forward_ms`` is the loss computation, ``backward_ms`` is
``loss.backward()``.

Goal (issue 6): ours total at most 0.8x Chainer 7.8.1's. Prints one JSON line.

Usage::

    python benchmarks/alexnet_bench.py [--peers DIR] [--rounds 3] [--repeats 3] [--batch 16]
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _sides  # noqa: E402

# (out_channels, in_channels, ksize, stride, pad, pool after)
CONVS = [
    (64, 3, 11, 4, 2, True),
    (192, 64, 5, 1, 2, True),
    (384, 192, 3, 1, 1, False),
    (256, 384, 3, 1, 1, False),
    (256, 256, 3, 1, 1, True),
]
FCS = [(4096, 256 * 6 * 6), (4096, 4096), (1000, 4096)]


def _weights(numpy, batch):
    rng = numpy.random.RandomState(0)
    convs = [
        (
            (rng.standard_normal((o, i, k, k)) * numpy.sqrt(2.0 / (i * k * k))).astype("f"),
            numpy.zeros(o, "f"),
        )
        for o, i, k, _, _, _ in CONVS
    ]
    fcs = [
        ((rng.standard_normal((o, i)) * numpy.sqrt(2.0 / i)).astype("f"), numpy.zeros(o, "f"))
        for o, i in FCS
    ]
    x = rng.standard_normal((batch, 3, 224, 224)).astype("f")
    t = rng.randint(0, 1000, batch).astype("i")
    return convs, fcs, x, t


def _chainer_step(batch):
    import numpy

    import chainer
    import chainer.functions as F

    convs, fcs, x, t = _weights(numpy, batch)
    conv_params = [(chainer.Variable(W), chainer.Variable(b)) for W, b in convs]
    fc_params = [(chainer.Variable(W), chainer.Variable(b)) for W, b in fcs]

    def forward():
        h = x
        for (W, b), (_, _, _, stride, pad, pool) in zip(conv_params, CONVS):
            h = F.relu(F.convolution_2d(h, W, b, stride=stride, pad=pad))
            if pool:
                h = F.max_pooling_2d(h, 3, stride=2)
        for i, (W, b) in enumerate(fc_params):
            h = F.linear(h, W, b)
            if i < len(fc_params) - 1:
                h = F.relu(h)
        return F.softmax_cross_entropy(h, t)

    def backward(loss):
        for W, b in conv_params + fc_params:
            W.cleargrad()
            b.cleargrad()
        loss.backward()

    return (lambda: _sides.timed(forward, backward)), f"chainer {chainer.__version__}"


def _torch_step(batch):
    import numpy
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    convs, fcs, x, t = _weights(numpy, batch)
    conv_params = [
        (torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in convs
    ]
    fc_params = [
        (torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in fcs
    ]
    x, t = torch.tensor(x), torch.tensor(t).long()

    def forward():
        h = x
        for (W, b), (_, _, _, stride, pad, pool) in zip(conv_params, CONVS):
            h = F.relu(F.conv2d(h, W, b, stride=stride, padding=pad))
            if pool:
                h = F.max_pool2d(h, 3, stride=2, ceil_mode=True)
        h = h.reshape(h.shape[0], -1)
        for i, (W, b) in enumerate(fc_params):
            h = F.linear(h, W, b)
            if i < len(fc_params) - 1:
                h = F.relu(h)
        return F.cross_entropy(h, t)

    def backward(loss):
        for W, b in conv_params + fc_params:
            W.grad = None
            b.grad = None
        loss.backward()

    return (lambda: _sides.timed(forward, backward)), f"torch {torch.__version__}"


def build(side, args):
    if side == "torch":
        return _torch_step(args.batch)
    return _chainer_step(args.batch)


if __name__ == "__main__":
    _sides.main(
        build,
        description=__doc__.splitlines()[0],
        name="alexnet",
        goal="ours total_ms <= 0.8 x chainer7 total_ms",
        goal_ratio=0.8,
        extra_arguments=[("--batch", {"type": int, "default": 16, "help": "batch size"})],
    )
