"""CUDAProfileHook: NVTX ranges around each function, for Nsight and nvprof timelines."""

from __future__ import annotations

from chainer.backends import cuda
from chainer.function_hook import FunctionHook


class CUDAProfileHook(FunctionHook):
    """Pushes an NVTX range ``'<label>.forward'`` / ``'<label>.backward'`` per function call.

    Run the program under a CUDA profiler (Nsight Systems) to see them.

    Raises:
        RuntimeError: on creation where CuPy, a GPU or NVTX is unusable.
    """

    name = "CUDAProfileHook"

    def __init__(self):
        cuda.check_cuda_available()
        nvtx = getattr(cuda.cupy.cuda, "nvtx", None)
        if nvtx is None or not getattr(cuda.cupy.cuda, "nvtx_enabled", True):
            raise RuntimeError("CUDAProfileHook needs NVTX, which this CuPy build lacks")
        self._nvtx = nvtx

    def forward_preprocess(self, function, in_data):
        self._nvtx.RangePush(function.label + ".forward")

    def forward_postprocess(self, function, in_data):
        self._nvtx.RangePop()

    def backward_preprocess(self, function, in_data, out_grad):
        self._nvtx.RangePush(function.label + ".backward")

    def backward_postprocess(self, function, in_data, out_grad):
        self._nvtx.RangePop()
