"""Fixtures shared by the optimizer hook tests: dtypes, devices and a two-parameter link."""

import numpy
import pytest

import chainer
from chainer.backends import cuda

_needs_gpu = pytest.mark.skipif(not cuda.available, reason="needs a GPU with CuPy")


@pytest.fixture(
    params=[numpy.float16, numpy.float32, numpy.float64], ids=["float16", "float32", "float64"]
)
def dtype(request):
    """The parameter dtype."""
    return numpy.dtype(request.param)


@pytest.fixture(params=["@numpy", pytest.param("@cupy:0", marks=[pytest.mark.gpu, _needs_gpu])])
def device(request):
    """The device the parameters live on."""
    return chainer.get_device(request.param)


class Setup:
    """A link with parameters ``w`` (3, 4) and ``b`` (4,) and their gradients, in NumPy."""

    shapes = {"w": (3, 4), "b": (4,)}

    def __init__(self, dtype, device, seed=0):
        rng = numpy.random.RandomState(seed)
        self.dtype = numpy.dtype(dtype)
        self.device = device
        self.params = {n: rng.uniform(-1, 1, s).astype(dtype) for n, s in self.shapes.items()}
        self.grads = {n: rng.uniform(-1, 1, s).astype(dtype) for n, s in self.shapes.items()}
        self.link = chainer.Link()
        with self.link.init_scope():
            for name, value in self.params.items():
                setattr(self.link, name, chainer.Parameter(value.copy()))
        self.link.to_device(device)
        self.reset_grads()

    def reset_grads(self, scale=1):
        for name, g in self.grads.items():
            getattr(self.link, name).grad = self.device.send(g * self.dtype.type(scale))

    def grad(self, name):
        """The parameter's current gradient as a float64 NumPy array."""
        return cuda.to_cpu(getattr(self.link, name).grad).astype(numpy.float64)

    def array(self, name):
        """The parameter's current array as a float64 NumPy array."""
        return cuda.to_cpu(getattr(self.link, name).array).astype(numpy.float64)


@pytest.fixture
def make_setup():
    """``make_setup(dtype, device)`` returns a :class:`Setup`."""
    return Setup


# Tolerances of a hook's result (in the parameter's dtype) against a float64 formula.
TOLERANCES = {
    numpy.dtype(numpy.float16): {"rtol": 2e-3, "atol": 2e-3},
    numpy.dtype(numpy.float32): {"rtol": 1e-6, "atol": 1e-6},
    numpy.dtype(numpy.float64): {"rtol": 1e-12, "atol": 1e-12},
}


@pytest.fixture
def tol():
    """``tol(dtype)`` returns the ``rtol`` / ``atol`` dict for that dtype."""
    return lambda dtype: TOLERANCES[numpy.dtype(dtype)]
