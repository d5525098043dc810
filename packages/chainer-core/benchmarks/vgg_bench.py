"""A small VGG-style CNN training step on 3x32x32 images: ours vs Chainer 7.8.1 vs PyTorch CPU.

The network (CIFAR-sized VGG): two 3x3 convolutions with 64 channels, max-pool
2, two with 128, max-pool 2, two with 256, max-pool 2, then fully connected 512
and 10, with ReLU between layers and a softmax cross-entropy loss; batch 32,
float32. One training step is the forward pass, ``loss.backward()`` and a plain
SGD update of every weight (``W -= lr * grad``, written the same way on every
side). ``forward_ms`` is the loss computation; ``backward_ms`` covers backward
and the update.

Goal (issue 6): ours total at most 0.8x Chainer 7.8.1's. Prints one JSON line.

Usage::

    python benchmarks/vgg_bench.py [--peers DIR] [--rounds 3] [--repeats 5] [--batch 32]
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _sides  # noqa: E402

CONVS = [(64, 3, False), (64, 64, True), (128, 64, False), (128, 128, True)]
CONVS += [(256, 128, False), (256, 256, True)]
FCS = [(512, 256 * 4 * 4), (10, 512)]
LR = 0.01


def _weights(numpy, batch):
    rng = numpy.random.RandomState(0)
    convs = [
        (
            (rng.standard_normal((o, i, 3, 3)) * numpy.sqrt(2.0 / (i * 9))).astype("f"),
            numpy.zeros(o, "f"),
        )
        for o, i, _ in CONVS
    ]
    fcs = [
        ((rng.standard_normal((o, i)) * numpy.sqrt(2.0 / i)).astype("f"), numpy.zeros(o, "f"))
        for o, i in FCS
    ]
    x = rng.standard_normal((batch, 3, 32, 32)).astype("f")
    t = rng.randint(0, 10, batch).astype("i")
    return convs, fcs, x, t


def _chainer_step(batch):
    import numpy

    import chainer
    import chainer.functions as F

    convs, fcs, x, t = _weights(numpy, batch)
    conv_params = [(chainer.Variable(W), chainer.Variable(b)) for W, b in convs]
    fc_params = [(chainer.Variable(W), chainer.Variable(b)) for W, b in fcs]
    params = [p for pair in conv_params + fc_params for p in pair]

    def forward():
        h = x
        for (W, b), (_, _, pool) in zip(conv_params, CONVS):
            h = F.relu(F.convolution_2d(h, W, b, pad=1))
            if pool:
                h = F.max_pooling_2d(h, 2)
        h = F.relu(F.linear(h, *fc_params[0]))
        return F.softmax_cross_entropy(F.linear(h, *fc_params[1]), t)

    def backward(loss):
        for p in params:
            p.cleargrad()
        loss.backward()
        for p in params:
            p.array -= LR * p.grad

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
    params = [p for pair in conv_params + fc_params for p in pair]
    x, t = torch.tensor(x), torch.tensor(t).long()

    def forward():
        h = x
        for (W, b), (_, _, pool) in zip(conv_params, CONVS):
            h = F.relu(F.conv2d(h, W, b, padding=1))
            if pool:
                h = F.max_pool2d(h, 2)
        h = F.relu(F.linear(h.reshape(h.shape[0], -1), *fc_params[0]))
        return F.cross_entropy(F.linear(h, *fc_params[1]), t)

    def backward(loss):
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LR * p.grad

    return (lambda: _sides.timed(forward, backward)), f"torch {torch.__version__}"


def build(side, args):
    if side == "torch":
        return _torch_step(args.batch)
    return _chainer_step(args.batch)


if __name__ == "__main__":
    _sides.main(
        build,
        description=__doc__.splitlines()[0],
        name="vgg_small",
        goal="ours total_ms <= 0.8 x chainer7 total_ms",
        goal_ratio=0.8,
        extra_arguments=[("--batch", {"type": int, "default": 32, "help": "batch size"})],
        repeats=5,
    )
