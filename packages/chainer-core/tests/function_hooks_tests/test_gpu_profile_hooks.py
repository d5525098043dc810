import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.backends import cuda
from chainer.function_hooks import CUDAProfileHook, CupyMemoryProfileHook


@pytest.mark.skipif(cuda.available, reason="checks the no-GPU error")
@pytest.mark.parametrize("cls", [CupyMemoryProfileHook, CUDAProfileHook])
def test_clear_error_without_gpu(cls):
    with pytest.raises(RuntimeError, match="pip install"):
        cls()


def test_memory_report_humanize():
    assert CupyMemoryProfileHook._humanize(512, "auto") == "512.00B"
    assert CupyMemoryProfileHook._humanize(3 * 1024**2, "auto") == "3.00MB"
    assert CupyMemoryProfileHook._humanize(2048, "KB") == "2.00KB"


@pytest.mark.gpu
def test_memory_profile_on_gpu():
    if not cuda.available:
        pytest.skip("no GPU")
    x = chainer.Variable(cuda.cupy.ones((256, 256), dtype=numpy.float32))
    with CupyMemoryProfileHook() as hook:
        F.sum(F.exp(x)).backward()
    names = [row[0] for row in hook.call_history]
    assert "Exp" in names
    exp_used = [row[1] for row in hook.call_history if row[0] == "Exp"][0]
    assert exp_used >= 256 * 256 * 4
    assert hook.total_used_bytes() >= exp_used
    assert hook.summary()["Exp"]["occurrence"] >= 1


@pytest.mark.gpu
def test_cuda_profile_on_gpu():
    if not cuda.available:
        pytest.skip("no GPU")
    x = chainer.Variable(cuda.cupy.ones(4, dtype=numpy.float32))
    with CUDAProfileHook():
        F.sum(F.exp(x)).backward()
