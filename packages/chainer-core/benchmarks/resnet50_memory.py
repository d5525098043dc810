"""Peak memory of one ResNet-50 training step on the CPU: ours vs Chainer 7.8.1 vs PyTorch.

One training step is the forward pass of ResNet-50 on a batch of 8 random
224x224 float32 images, softmax cross-entropy against random labels,
``backward()`` and a momentum SGD update (lr 0.01, momentum 0.9) of every
parameter:

* ``ours``: ``chainer.links.ResNet50Layers(pretrained_model=None)`` from this
  repository, trained by ``optimizer.update(lossfun)`` with
  ``chainer.optimizers.MomentumSGD`` (the path of the trainer's
  StandardUpdater) when that exists, otherwise by cleargrads, backward and the
  same update written in this script (``v = momentum * v - lr * grad;
  W += v``); ``update`` says which;
* ``chainer7``: Chainer 7.8.1's own ``L.ResNet50Layers(pretrained_model=None)``
  and ``chainer.optimizers.MomentumSGD``, the same way;
* ``torch``: PyTorch's ``torchvision.models.resnet50()`` when torchvision is
  installed, otherwise the same torchvision-shaped network written in this
  script (``model`` says which), and ``torch.optim.SGD(momentum=0.9)``.

Each side runs in a fresh subprocess with one BLAS/OpenMP thread
(``OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1``) that builds the
model and the optimizer, runs ``--steps`` training steps and prints one JSON
line:

* ``peak_rss_mb``: the process's peak resident set size
  (``resource.getrusage(RUSAGE_SELF).ru_maxrss``), imports and model included;
* ``baseline_rss_mb``: the resident set size just before the first step (after
  imports, model, input batch and optimizer setup);
* ``step_peak_mb``: ``peak_rss_mb - baseline_rss_mb``, what the steps add;
* ``step_ms``: the median wall time of the steps after the first (the first
  one also allocates the optimizer state), or of the one step when
  ``--steps 1``.

With ``--rounds`` above 1 each side runs that many fresh processes (taking
turns) and every figure is the median over them. The driver prints one JSON
line with the sides, the ratios ours/peer and whether the goal of issue 7
(ours ``peak_rss_mb`` at most 0.9x Chainer 7.8.1's) is met. Peers come from
the venvs made by ``shared/tools/peer_venvs.sh`` (``PEERS/chainer7``,
``PEERS/torch``); a missing one is reported as null.

Usage::

    python benchmarks/resnet50_memory.py [--peers DIR] [--rounds 1] [--steps 3] [--batch 8]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _sides  # noqa: E402

LR = 0.01
MOMENTUM = 0.9
SIZE = 224
CLASSES = 1000
GOAL_RATIO = 0.9
KEYS = ("peak_rss_mb", "baseline_rss_mb", "step_peak_mb", "step_ms")


def _current_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def _peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if sys.platform == "darwin" else peak / 1024.0


def _data(numpy, batch):
    rng = numpy.random.RandomState(0)
    x = rng.standard_normal((batch, 3, SIZE, SIZE)).astype(numpy.float32)
    t = rng.randint(0, CLASSES, batch).astype(numpy.int32)
    return x, t


# -- ours and Chainer 7.8.1 -------------------------------------------------------------


def _manual_momentum_sgd(params):
    import numpy

    velocities = {}

    def update():
        for param in params:
            if param.grad is None:
                continue
            v = velocities.get(id(param))
            if v is None:
                v = velocities[id(param)] = numpy.zeros_like(param.array)
            v *= MOMENTUM
            v -= LR * param.grad
            param.array += v

    return update


def _chainer_side(side, batch):
    import numpy

    import chainer
    import chainer.functions as F

    if side == "ours":
        from chainer.links.model.vision.resnet import ResNet50Layers
    else:
        from chainer.links import ResNet50Layers

    model = ResNet50Layers(pretrained_model=None)
    x, t = _data(numpy, batch)
    try:
        from chainer.optimizers import MomentumSGD
    except ImportError:
        MomentumSGD = None
    values = []

    def lossfun():
        loss = F.softmax_cross_entropy(model(x, layers=["fc6"])["fc6"], t)
        values.append(float(loss.array))
        return loss

    if MomentumSGD is not None:
        # The trainer's path (StandardUpdater): clear the gradients, run lossfun,
        # backward, drop the loss (and with it the graph), update.
        optimizer = MomentumSGD(lr=LR, momentum=MOMENTUM)
        optimizer.setup(model)
        how = "chainer.optimizers.MomentumSGD, optimizer.update(lossfun)"

        def step():
            optimizer.update(lossfun)
            return values.pop()

    else:
        update = _manual_momentum_sgd([p for _, p in sorted(model.namedparams())])
        how = "momentum SGD written in the script"

        def step():
            model.cleargrads()
            loss = lossfun()
            loss.backward()
            del loss  # as Optimizer.update(lossfun) does: the graph goes before the update
            update()
            return values.pop()

    info = {
        "version": f"chainer {chainer.__version__}",
        "model": "L.ResNet50Layers(pretrained_model=None)",
        "update": how,
    }
    return step, info


# -- PyTorch ------------------------------------------------------------------------------


def _torch_resnet50(torch):
    """torchvision's ResNet-50 v1.5 layout (stride on the 3x3 convolution)."""
    nn = torch.nn

    class Bottleneck(nn.Module):
        def __init__(self, inplanes, planes, stride, downsample):
            super().__init__()
            width, out = planes, planes * 4
            self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(width)
            self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(width)
            self.conv3 = nn.Conv2d(width, out, 1, bias=False)
            self.bn3 = nn.BatchNorm2d(out)
            self.relu = nn.ReLU(inplace=True)
            self.downsample = downsample

        def forward(self, x):
            identity = x if self.downsample is None else self.downsample(x)
            h = self.relu(self.bn1(self.conv1(x)))
            h = self.relu(self.bn2(self.conv2(h)))
            h = self.bn3(self.conv3(h))
            return self.relu(h + identity)

    def stage(inplanes, planes, blocks, stride):
        downsample = nn.Sequential(
            nn.Conv2d(inplanes, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4)
        )
        layers = [Bottleneck(inplanes, planes, stride, downsample)]
        layers += [Bottleneck(planes * 4, planes, 1, None) for _ in range(blocks - 1)]
        return nn.Sequential(*layers)

    return nn.Sequential(
        nn.Conv2d(3, 64, 7, 2, 3, bias=False),
        nn.BatchNorm2d(64),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(3, 2, 1),
        stage(64, 64, 3, 1),
        stage(256, 128, 4, 2),
        stage(512, 256, 6, 2),
        stage(1024, 512, 3, 2),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(2048, CLASSES),
    )


def _torch_side(batch):
    import numpy
    import torch

    torch.set_num_threads(1)
    try:
        import torchvision

        model, name = torchvision.models.resnet50(), "torchvision.models.resnet50()"
    except ImportError:
        model, name = _torch_resnet50(torch), "torchvision-shaped ResNet-50 written in the script"
    model.train()
    x, t = _data(numpy, batch)
    x, t = torch.from_numpy(x), torch.from_numpy(t.astype(numpy.int64))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), t)
        loss.backward()
        value = float(loss.item())
        del loss
        optimizer.step()
        return value

    info = {"version": f"torch {torch.__version__}", "model": name, "update": "torch.optim.SGD"}
    return step, info


# -- worker and driver -----------------------------------------------------------------------


def _worker(side, steps, batch):
    step, info = _torch_side(batch) if side == "torch" else _chainer_side(side, batch)
    baseline = _current_rss_mb()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - start)
    peak = _peak_rss_mb()
    timed = times[1:] if len(times) > 1 else times
    info.update(
        {
            "peak_rss_mb": peak,
            "baseline_rss_mb": baseline,
            "step_peak_mb": peak - baseline,
            "step_ms": statistics.median(timed) * 1e3,
            "first_step_ms": times[0] * 1e3,
            "last_loss": loss,
        }
    )
    print(json.dumps(info))


def _spawn(side, python, args):
    env = dict(os.environ, **_sides.THREAD_ENV)
    env.pop("PYTHONPATH", None)
    if side == "ours":
        env["PYTHONPATH"] = os.pathsep.join(_sides.OURS_PATH)
    command = [python, os.path.abspath(__file__), "--worker", side]
    command += ["--steps", str(args.steps), "--batch", str(args.batch)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=_sides.HERE)
    if done.returncode != 0:
        raise RuntimeError(f"{side} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--peers",
        default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "chainer-peers"),
        help="folder with the chainer7/ and torch/ venvs (default: $TMPDIR/chainer-peers)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="fresh processes per side")
    parser.add_argument("--steps", type=int, default=3, help="training steps per process")
    parser.add_argument("--batch", type=int, default=8, help="batch size")
    parser.add_argument("--sides", default=",".join(_sides.SIDES), help="comma-separated sides")
    parser.add_argument("--worker", choices=_sides.SIDES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.steps < 1 or args.batch < 1 or args.rounds < 1:
        parser.error("--steps, --batch and --rounds must be positive")
    if args.worker:
        _worker(args.worker, args.steps, args.batch)
        return

    wanted = [s for s in args.sides.split(",") if s]
    pythons = {side: _sides._interpreter(side, args.peers) for side in wanted}
    present = [side for side in wanted if pythons[side] is not None]
    for side in wanted:
        if pythons[side] is None:
            print(f"skipping {side}: no venv under {args.peers}", file=sys.stderr)

    runs = {side: [] for side in present}
    for r in range(args.rounds):
        order = present[r % len(present) :] + present[: r % len(present)]
        for side in order:
            runs[side].append(_spawn(side, pythons[side], args))
            print(f"round {r + 1}/{args.rounds} {side}: {runs[side][-1]}", file=sys.stderr)

    sides = {side: None for side in _sides.SIDES}
    for side in present:
        first = runs[side][0]
        sides[side] = {key: first[key] for key in ("version", "model", "update")}
        for key in KEYS:
            sides[side][key] = round(statistics.median(run[key] for run in runs[side]), 1)

    def ratios(other):
        if sides["ours"] is None or sides[other] is None:
            return None
        return {key: round(sides["ours"][key] / sides[other][key], 3) for key in KEYS}

    versus_chainer = ratios("chainer7")
    print(
        json.dumps(
            {
                "benchmark": "resnet50_memory",
                "step": f"ResNet-50 forward + softmax cross-entropy + backward + momentum SGD, "
                f"batch {args.batch}, 3x{SIZE}x{SIZE} float32, CPU",
                "threads": 1,
                "rounds": args.rounds,
                "steps": args.steps,
                "statistic": "median over rounds (step_ms: per-process median of steps 2..n)",
                "sides": sides,
                "ours/chainer7": versus_chainer,
                "ours/torch": ratios("torch"),
                "goal": f"ours peak_rss_mb <= {GOAL_RATIO} x chainer7 peak_rss_mb",
                "goal_met": None
                if versus_chainer is None
                else versus_chainer["peak_rss_mb"] <= GOAL_RATIO,
            }
        )
    )


if __name__ == "__main__":
    main()
