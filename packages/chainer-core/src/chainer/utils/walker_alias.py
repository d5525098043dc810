"""WalkerAlias: draws indices from a fixed discrete distribution in O(1) each."""

from __future__ import annotations

import numpy

from chainer import device_resident


class WalkerAlias(device_resident.DeviceResident):
    """Samples indices ``i`` with probability ``probs[i] / sum(probs)`` (the alias method).

    Building takes O(n); each draw then costs one uniform number and one
    comparison: the ``n`` outcomes are spread over ``n`` equal bins, bin
    ``k`` returning ``k`` with probability ``threshold[k]`` and its alias
    ``values[k]`` otherwise.

    Args:
        probs (array-like): non-negative weights of shape ``(n,)``, not all
            zero; they need not sum to one.

    Attributes:
        threshold (numpy.ndarray or cupy.ndarray): float64 ``(n,)``, the
            probability of keeping a bin's own index.
        values (numpy.ndarray or cupy.ndarray): int32 ``(n,)``, each bin's alias.
    """

    def __init__(self, probs):
        super().__init__()
        probs = numpy.asarray(probs, dtype=numpy.float64)
        if probs.ndim != 1 or probs.size == 0:
            raise ValueError(f"probs must be a non-empty 1-D array, got shape {probs.shape}")
        if not numpy.all(numpy.isfinite(probs)) or (probs < 0).any():
            raise ValueError("probs must be finite and non-negative")
        total = probs.sum()
        if total <= 0:
            raise ValueError("probs must have a positive sum")
        n = probs.size
        scaled = probs * (n / total)
        threshold = numpy.ones(n, numpy.float64)
        values = numpy.arange(n, dtype=numpy.int32)
        small = [i for i in range(n) if scaled[i] < 1.0]
        large = [i for i in range(n) if scaled[i] >= 1.0]
        while small and large:
            s, big = small.pop(), large.pop()
            threshold[s] = scaled[s]
            values[s] = big
            scaled[big] -= 1.0 - scaled[s]
            (small if scaled[big] < 1.0 else large).append(big)
        # What is left holds (up to rounding) exactly one bin's worth: keep it whole.
        for i in small + large:
            threshold[i] = 1.0
        self.threshold = threshold
        self.values = values

    @property
    def use_gpu(self):
        """bool: whether the tables live on a GPU."""
        return self.xp is not numpy

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self.threshold = visitor.visit_array(self.threshold)
        self.values = visitor.visit_array(self.values)

    def sample(self, shape):
        """Draws indices.

        Args:
            shape (tuple of ints): the shape of the result.

        Returns:
            numpy.ndarray or cupy.ndarray: int32 indices of ``shape``, on the
            tables' device.
        """
        return self.sample_xp(self.xp, shape)

    def sample_xp(self, xp, shape):
        """Draws indices with the random generator of array module ``xp``.

        Args:
            xp (module): ``numpy`` or ``cupy`` (the tables' module).
            shape (tuple of ints): the shape of the result.

        Returns:
            int32 indices of ``shape``.
        """
        n = self.threshold.shape[0]
        position = xp.random.uniform(0.0, float(n), shape)
        index = xp.minimum(position.astype(numpy.int32), n - 1)
        keep = (position - index) < self.threshold[index]
        return xp.where(keep, index, self.values[index]).astype(numpy.int32)

    def sample_gpu(self, shape):
        """Draws indices on the GPU (the tables must be there; see :meth:`to_gpu`).

        Args:
            shape (tuple of ints): the shape of the result.
        """
        if not self.use_gpu:
            raise RuntimeError("WalkerAlias.sample_gpu: the tables are on the CPU; call to_gpu()")
        return self.sample_xp(self.xp, shape)
