"""The ProgressBar extension: a text progress bar of the training."""

from __future__ import annotations

import datetime
import sys
import time

from chainer.training import extension

__all__ = ["ProgressBar"]


class ProgressBar(extension.Extension):
    """Prints a progress bar and the estimated time left, every ``update_interval`` iterations.

    Two bars are printed: the whole training and the current epoch (the
    latter only for an iterator that knows its epoch length), then the
    speed in iterations per second and the estimated time to finish. The
    lines are redrawn in place with ANSI escape codes; :meth:`finalize`
    moves the cursor below them.

    Args:
        training_length (tuple): ``(length, unit)`` of the whole training;
            taken from the stop trigger's ``get_training_length()`` when None.
        update_interval (int): iterations between two redraws.
        bar_length (int): the width of each bar, in characters.
        out: the text stream to print to (``sys.stdout`` by default).

    Raises:
        ValueError: when ``update_interval`` or ``bar_length`` is not positive.
    """

    trigger = 1, "iteration"
    priority = extension.PRIORITY_READER

    def __init__(self, training_length=None, update_interval=100, bar_length=50, out=sys.stdout):
        if int(update_interval) <= 0:
            raise ValueError(
                f"ProgressBar: update_interval must be positive, not {update_interval}"
            )
        if int(bar_length) <= 0:
            raise ValueError(f"ProgressBar: bar_length must be positive, not {bar_length}")
        self._training_length = training_length
        self._update_interval = int(update_interval)
        self._bar_length = int(bar_length)
        self._out = out
        self._recent = []  # (time, iteration) of the latest redraws
        self._lines = 0

    def __call__(self, trainer):
        length = self._training_length
        if length is None:
            get = getattr(trainer.stop_trigger, "get_training_length", None)
            if get is None:
                raise ValueError(
                    "ProgressBar: the stop trigger has no get_training_length(); "
                    "pass training_length=(length, unit)"
                )
            length = self._training_length = get()
        iteration = trainer.updater.iteration
        now = time.perf_counter()
        if not self._recent:
            self._recent.append((now, iteration))
        if iteration % self._update_interval == 0:
            self._recent.append((now, iteration))
            del self._recent[:-10]
            self._draw(trainer, length, now)

    def _bar(self, rate):
        rate = min(max(rate, 0.0), 1.0)
        marks = int(self._bar_length * rate)
        return "#" * marks + "." * (self._bar_length - marks)

    def _draw(self, trainer, length, now):
        period, unit = length
        updater = trainer.updater
        iteration = updater.iteration
        out = self._out
        if self._lines:
            out.write(f"\033[{self._lines}A")  # back to the first line of the previous draw
        lines = []
        if unit == "iteration":
            rate = iteration / period
        else:
            rate = updater.epoch_detail / period
        lines.append(f"     total [{self._bar(rate)}] {rate * 100:6.2f}%")
        epoch_detail = updater.epoch_detail
        epoch_rate = epoch_detail - int(epoch_detail)
        lines.append(f"this epoch [{self._bar(epoch_rate)}] {epoch_rate * 100:6.2f}%")
        t0, i0 = self._recent[0]
        speed = (iteration - i0) / (now - t0) if now > t0 and iteration > i0 else 0.0
        lines.append(f"{iteration:10} iter, {updater.epoch} epoch / {period} {unit}s")
        if speed > 0:
            if unit == "iteration":
                left = (period - iteration) / speed
            else:
                per_epoch = iteration / epoch_detail if epoch_detail > 0 else 0
                left = (period * per_epoch - iteration) / speed
            eta = datetime.timedelta(seconds=max(0, int(left)))
            lines.append(f"{speed:10.5g} iters/sec. Estimated time to finish: {eta}.")
        else:
            lines.append("     --- iters/sec. Estimated time to finish: ---.")
        for line in lines:
            out.write("\033[J" + line + "\n")
        self._lines = len(lines)
        if hasattr(out, "flush"):
            out.flush()

    def finalize(self):
        """Clears the bars (the cursor stays where they began)."""
        if self._lines:
            self._out.write(f"\033[{self._lines}A\033[J")
            if hasattr(self._out, "flush"):
                self._out.flush()
            self._lines = 0
