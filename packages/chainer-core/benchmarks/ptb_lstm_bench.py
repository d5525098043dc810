"""A 2-layer LSTM language-model training step (PTB "medium"): ours vs Chainer 7.8.1 vs PyTorch.

Vocabulary 10,000, embedding and LSTM width 650, two LSTM layers, 35 time
steps unrolled, batch 20, float32 (the "medium" configuration of Zaremba et
al.'s PTB model, without dropout). Each step: embed the words, two LSTM cells
(``F.lstm`` on ``linear(x) + linear(h)``, Chainer's ``L.LSTM`` computation),
an output layer to 10,000 words and a softmax cross-entropy, summed over the
35 steps; then ``loss.backward()`` through time and a plain SGD update of
every weight. PyTorch runs the same cell written with its own ops.
``forward_ms`` is the unrolled loss; ``backward_ms`` covers backward and the
update.

Goal (issue 6): ours total at most 0.8x Chainer 7.8.1's. Prints one JSON line.

Usage::

    python benchmarks/ptb_lstm_bench.py [--peers DIR] [--rounds 3] [--repeats 3]
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _sides  # noqa: E402

VOCAB, UNITS, LAYERS, STEPS, BATCH = 10000, 650, 2, 35, 20
LR = 1.0


def _data(numpy):
    rng = numpy.random.RandomState(0)

    def uniform(*shape):
        return rng.uniform(-0.05, 0.05, shape).astype("f")

    weights = {"embed": uniform(VOCAB, UNITS), "out_W": uniform(VOCAB, UNITS)}
    weights["out_b"] = numpy.zeros(VOCAB, "f")
    for layer in range(LAYERS):
        weights[f"Wx{layer}"] = uniform(4 * UNITS, UNITS)
        weights[f"Wh{layer}"] = uniform(4 * UNITS, UNITS)
        weights[f"b{layer}"] = numpy.zeros(4 * UNITS, "f")
    words = rng.randint(0, VOCAB, (STEPS + 1, BATCH)).astype("i")
    return weights, words


def _chainer_step():
    import numpy

    import chainer
    import chainer.functions as F

    arrays, words = _data(numpy)
    params = {name: chainer.Variable(a) for name, a in arrays.items()}

    def forward():
        h = [None] * LAYERS
        c = [chainer.Variable(numpy.zeros((BATCH, UNITS), "f")) for _ in range(LAYERS)]
        loss = 0
        for step in range(STEPS):
            x = F.embed_id(words[step], params["embed"])
            for layer in range(LAYERS):
                gates = F.linear(x, params[f"Wx{layer}"], params[f"b{layer}"])
                if h[layer] is not None:
                    gates = gates + F.linear(h[layer], params[f"Wh{layer}"])
                c[layer], h[layer] = F.lstm(c[layer], gates)
                x = h[layer]
            y = F.linear(x, params["out_W"], params["out_b"])
            loss = loss + F.softmax_cross_entropy(y, words[step + 1])
        return loss / STEPS

    def backward(loss):
        for p in params.values():
            p.cleargrad()
        loss.backward()
        for p in params.values():
            p.array -= LR * p.grad

    return (lambda: _sides.timed(forward, backward)), f"chainer {chainer.__version__}"


def _torch_step():
    import numpy
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    arrays, words = _data(numpy)
    params = {name: torch.tensor(a, requires_grad=True) for name, a in arrays.items()}
    words = torch.tensor(words).long()

    def cell(c, gates):
        a, i, f, o = gates.reshape(BATCH, UNITS, 4).unbind(2)  # Chainer's interleaved order
        c = torch.tanh(a) * torch.sigmoid(i) + torch.sigmoid(f) * c
        return c, torch.sigmoid(o) * torch.tanh(c)

    def forward():
        h = [None] * LAYERS
        c = [torch.zeros(BATCH, UNITS) for _ in range(LAYERS)]
        loss = 0
        for step in range(STEPS):
            x = F.embedding(words[step], params["embed"])
            for layer in range(LAYERS):
                gates = F.linear(x, params[f"Wx{layer}"], params[f"b{layer}"])
                if h[layer] is not None:
                    gates = gates + F.linear(h[layer], params[f"Wh{layer}"])
                c[layer], h[layer] = cell(c[layer], gates)
                x = h[layer]
            y = F.linear(x, params["out_W"], params["out_b"])
            loss = loss + F.cross_entropy(y, words[step + 1])
        return loss / STEPS

    def backward(loss):
        for p in params.values():
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params.values():
                p -= LR * p.grad

    return (lambda: _sides.timed(forward, backward)), f"torch {torch.__version__}"


def build(side, args):
    return _torch_step() if side == "torch" else _chainer_step()


if __name__ == "__main__":
    _sides.main(
        build,
        description=__doc__.splitlines()[0],
        name="ptb_lstm_medium",
        goal="ours total_ms <= 0.8 x chainer7 total_ms",
        goal_ratio=0.8,
    )
