"""Shared checks for the optimizer tests, given to each test as the ``optimizer_check`` fixture.

Every test module writes its optimizer's textbook update formula in NumPy
(float64) as ``reference(p, g, state, t) -> new p``; the checks here run
the optimizer for a few steps on a two-parameter link and compare, train
it on a small convex quadratic, and round-trip its state through a dict
(de)serializer written here (the serializers package is separate).
"""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.backends import cuda

SHAPES = {"w": (3, 4), "b": (4,)}

# Tolerances of the optimizer's result against the float64 reference.
TOLERANCES = {
    numpy.dtype(numpy.float32): {"rtol": 1e-5, "atol": 1e-6},
    numpy.dtype(numpy.float64): {"rtol": 1e-10, "atol": 1e-12},
}

_needs_gpu = pytest.mark.skipif(not cuda.available, reason="needs a GPU with CuPy")


@pytest.fixture(
    params=[numpy.float16, numpy.float32, numpy.float64], ids=["float16", "float32", "float64"]
)
def dtype(request):
    """Parameter dtype; float16 runs with ``use_fp32_update()``."""
    return numpy.dtype(request.param)


@pytest.fixture(params=["@numpy", pytest.param("@cupy:0", marks=[pytest.mark.gpu, _needs_gpu])])
def device(request):
    """The device the parameters live on."""
    return chainer.get_device(request.param)


def _to_cpu(array):
    return cuda.to_cpu(array)


def make_model(dtype, seed=0):
    """A link with parameters ``w`` (3, 4) and ``b`` (4,), uniform in [-1, 1]."""
    rng = numpy.random.RandomState(seed)
    link = chainer.Link()
    with link.init_scope():
        for name, shape in SHAPES.items():
            setattr(link, name, chainer.Parameter(rng.uniform(-1, 1, shape).astype(dtype)))
    return link


def make_grads(dtype, steps, seed=1):
    """One dict of gradients (uniform in [-1, 1]) per step."""
    rng = numpy.random.RandomState(seed)
    return [
        {name: rng.uniform(-1, 1, shape).astype(dtype) for name, shape in SHAPES.items()}
        for _ in range(steps)
    ]


def set_grads(model, grads, device=None):
    for name, g in grads.items():
        param = getattr(model, name)
        param.grad = g.copy() if device is None else device.send(g.copy())


class DictSerializer:
    """Writes every value into a flat dict under ``path/key``."""

    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        return DictSerializer(self.target, self.path + key.strip("/") + "/")

    def __call__(self, key, value):
        if value is not None and not numpy.isscalar(value):
            value = _to_cpu(value).copy()
        self.target[self.path + key] = value
        return value

    def save(self, obj):
        obj.serialize(self)


class DictDeserializer:
    """Reads the values a :class:`DictSerializer` wrote; strict about missing keys."""

    def __init__(self, target, path=""):
        self.target = target
        self.path = path

    def __getitem__(self, key):
        return DictDeserializer(self.target, self.path + key.strip("/") + "/")

    def __call__(self, key, value):
        stored = self.target[self.path + key]
        if value is None:
            return stored.copy() if isinstance(stored, numpy.ndarray) else stored
        if isinstance(value, numpy.ndarray):
            numpy.copyto(value, stored)
            return value
        if cuda.cupy is not None and isinstance(value, cuda.cupy.ndarray):
            value.set(stored)
            return value
        return type(value)(stored)

    def load(self, obj):
        obj.serialize(self)


class OptimizerCheck:
    """The checks; see the module docstring."""

    shapes = SHAPES

    def steps(self, make_optimizer, reference, dtype, device=None, steps=3, float32_tol=None):
        """Runs ``steps`` updates and compares every parameter after each one.

        float16 parameters are updated through float32 master copies
        (``use_fp32_update``): the master copy is compared with the
        reference at float32 tolerance, and the parameter must be the
        master copy rounded to float16.

        Args:
            make_optimizer (callable): returns a new optimizer.
            reference (callable): ``reference(p, g, state, t)`` returns the
                updated float64 ``p``; ``state`` is a dict kept per parameter.
            dtype: the parameter dtype.
            device: the device (None: the CPU).
            steps (int): the number of updates.
            float32_tol (dict): ``rtol`` / ``atol`` replacing the float32
                tolerances (float16 master copies included).

        Returns:
            The optimizer after the updates.
        """
        dtype = numpy.dtype(dtype)
        tolerances = dict(TOLERANCES)
        if float32_tol is not None:
            tolerances[numpy.dtype(numpy.float32)] = float32_tol
        model = make_model(dtype)
        expected = {n: getattr(model, n).array.astype(numpy.float64) for n in SHAPES}
        states = {n: {} for n in SHAPES}
        if device is not None:
            model.to_device(device)
        opt = make_optimizer()
        fp32 = dtype == numpy.float16
        if fp32:
            opt.use_fp32_update()
        opt.setup(model)
        for t, grads in enumerate(make_grads(dtype, steps), start=1):
            set_grads(model, grads, device)
            opt.update()
            assert opt.t == t
            for name in SHAPES:
                param = getattr(model, name)
                expected[name] = reference(
                    expected[name], grads[name].astype(numpy.float64), states[name], t
                )
                assert param.update_rule.t == t
                actual = _to_cpu(param.array)
                assert actual.dtype == dtype
                if fp32:
                    master = _to_cpu(param.update_rule._fp32_param.array)
                    assert master.dtype == numpy.float32
                    numpy.testing.assert_allclose(
                        master,
                        expected[name],
                        **tolerances[numpy.dtype(numpy.float32)],
                        err_msg=f"{name} (float32 master copy) after step {t}",
                    )
                    numpy.testing.assert_array_equal(actual, master.astype(numpy.float16))
                else:
                    numpy.testing.assert_allclose(
                        actual,
                        expected[name],
                        **tolerances[dtype],
                        err_msg=f"{name} after step {t}",
                    )
        return opt

    def run_reference(self, reference, steps=3):
        """The float64 reference parameters after ``steps`` updates on the data of :meth:`steps`.

        Args:
            reference (callable): as for :meth:`steps`.
            steps (int): the number of updates.

        Returns:
            dict: parameter name -> float64 array.
        """
        model = make_model(numpy.float64)
        expected = {n: getattr(model, n).array.copy() for n in SHAPES}
        states = {n: {} for n in SHAPES}
        for t, grads in enumerate(make_grads(numpy.float64, steps), start=1):
            for name in SHAPES:
                expected[name] = reference(expected[name], grads[name], states[name], t)
        return expected

    def converges(self, make_optimizer, steps, tol=1e-2):
        """Minimizes ``0.5 * sum(a * (x - c) ** 2)`` (float32) through ``update(lossfun)``.

        Args:
            make_optimizer (callable): returns a new optimizer.
            steps (int): the number of updates.
            tol (float): the largest accepted ``max |x - c|`` at the end.

        Returns:
            tuple: the initial and final losses.
        """
        rng = numpy.random.RandomState(3)
        a = chainer.Variable(rng.uniform(0.5, 2.0, 6).astype(numpy.float32))
        c = rng.uniform(-1, 1, 6).astype(numpy.float32)
        model = chainer.Link()
        with model.init_scope():
            model.x = chainer.Parameter(c + rng.uniform(-2, 2, 6).astype(numpy.float32))
        opt = make_optimizer().setup(model)

        def lossfun():
            return F.sum(a * F.square(model.x - c)) * 0.5

        first = float(lossfun().array)
        for _ in range(steps):
            opt.update(lossfun)
        last = float(lossfun().array)
        err = float(numpy.abs(model.x.array - c).max())
        assert err < tol, f"max |x - x*| = {err} after {steps} steps (loss {first} -> {last})"
        assert numpy.isfinite(last) and last < first
        return first, last

    def resume(self, make_optimizer, dtype=numpy.float32, steps_before=2):
        """Saves the state after ``steps_before`` updates, loads it into a new optimizer.

        The new optimizer (on a copy of the parameters) must then make
        exactly the same next update as the original one.

        Args:
            make_optimizer (callable): returns a new optimizer.
            dtype: the parameter dtype.
            steps_before (int): updates made before saving.

        Returns:
            dict: the saved entries (key -> value).
        """
        grads = make_grads(dtype, steps_before + 1)
        model_a = make_model(dtype)
        opt_a = make_optimizer().setup(model_a)
        for g in grads[:steps_before]:
            set_grads(model_a, g)
            opt_a.update()
        store = {}
        DictSerializer(store).save(opt_a)

        model_b = make_model(dtype, seed=99)
        for name in SHAPES:  # the optimizer does not save parameters
            getattr(model_b, name).array[...] = getattr(model_a, name).array
        opt_b = make_optimizer().setup(model_b)
        DictDeserializer(store).load(opt_b)
        assert opt_b.t == opt_a.t == steps_before
        for name in SHAPES:
            rule_a = getattr(model_a, name).update_rule
            rule_b = getattr(model_b, name).update_rule
            assert rule_b.t == rule_a.t
            state_a, state_b = rule_a.state or {}, rule_b.state or {}
            assert sorted(state_b) == sorted(state_a)
            for key in state_a:
                numpy.testing.assert_array_equal(state_b[key], state_a[key])

        set_grads(model_a, grads[-1])
        set_grads(model_b, grads[-1])
        opt_a.update()
        opt_b.update()
        for name in SHAPES:
            numpy.testing.assert_array_equal(
                getattr(model_b, name).array, getattr(model_a, name).array
            )
        return store


@pytest.fixture
def optimizer_check():
    """The shared checks (an :class:`OptimizerCheck`)."""
    return OptimizerCheck()
