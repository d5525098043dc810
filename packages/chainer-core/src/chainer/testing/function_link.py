"""FunctionTestCase: forward, backward and double-backward checks of one op.

A test subclasses :class:`FunctionTestCase`, gives inputs, the forward under
test and an independent NumPy expected forward, and decorates the class with
:func:`chainer.testing.inject_backend_tests` to run on every backend::

    @testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
    class TestExp(testing.FunctionTestCase):
        def generate_inputs(self):
            return numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32),

        def forward(self, inputs, device):
            return F.exp(*inputs),

        def forward_expected(self, inputs):
            return numpy.exp(inputs[0]),
"""

from __future__ import annotations

import unittest

import numpy

import chainer
from chainer import gradient_check
from chainer.testing.array import assert_allclose
from chainer.variable import Variable


class FunctionTestError(AssertionError):
    """A check of :class:`FunctionTestCase` failed; the message says which and why."""

    @classmethod
    def check(cls, expr, message):
        """Raises with ``message`` when ``expr`` is false."""
        if not expr:
            raise cls(message)

    @classmethod
    def fail(cls, message, exc=None):
        """Raises with ``message`` (and the cause ``exc``, if given)."""
        if exc is not None:
            raise cls(f"{message}\n(caused by) {type(exc).__name__}: {exc}") from exc
        raise cls(message)

    @classmethod
    def raise_if_fail(cls, message, func, *args, **kwargs):
        """Calls ``func``; an AssertionError it raises becomes this error with ``message``."""
        try:
            func(*args, **kwargs)
        except AssertionError as error:
            cls.fail(message, error)


def _as_tuple(x, what):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    raise FunctionTestError(f"{what} must return a tuple, not {type(x).__name__}")


def make_noncontiguous(array):
    """A non-contiguous copy of ``array`` (same values, strided along the last axis)."""
    if array.ndim == 0 or array.size == 0:
        return array
    xp = chainer.backend.get_array_module(array)
    shape = array.shape[:-1] + (array.shape[-1] * 2,)
    buffer = xp.empty(shape, dtype=array.dtype)
    view = buffer[..., ::2]
    view[...] = array
    return view


class _FunctionTestBase:
    backend_config = None
    check_forward_options = {}
    check_backward_options = {}
    check_double_backward_options = {}
    skip_forward_test = False
    skip_backward_test = False
    skip_double_backward_test = False
    dodge_nondifferentiable = False
    numerical_grad_dtype = numpy.float64
    contiguous = None
    _max_dodge_tries = 10

    # -- what subclasses write ---------------------------------------------------

    def before_test(self, test_name):
        """Called before each check with the test's name (to skip or adjust)."""

    def generate_inputs(self):
        """Returns the input arrays (NumPy) as a tuple."""
        raise NotImplementedError("generate_inputs is not implemented")

    # The defaults draw from NumPy's global generator, which testing.fix_random seeds.

    def generate_grad_outputs(self, outputs_template):
        """Returns the output gradients; uniform in [-1, 1) of the outputs' shapes and dtypes."""
        return tuple(
            numpy.random.uniform(-1, 1, y.shape).astype(y.dtype)  # noqa: NPY002
            for y in outputs_template
        )

    def generate_grad_grad_inputs(self, inputs_template):
        """Returns the gradients of the input gradients, uniform in [-1, 1)."""
        return tuple(
            numpy.random.uniform(-1, 1, x.shape).astype(x.dtype)  # noqa: NPY002
            for x in inputs_template
        )

    # -- helpers ------------------------------------------------------------------

    def _device_arrays(self, arrays, backend_config):
        arrays = backend_config.get_array(tuple(arrays))
        if self.contiguous is None:
            arrays = tuple(make_noncontiguous(a) for a in arrays)
        elif self.contiguous != "C":
            raise ValueError(f"contiguous must be None or 'C', not {self.contiguous!r}")
        return arrays

    def _generate_checked_inputs(self):
        inputs = _as_tuple(self.generate_inputs(), "generate_inputs")
        for i, x in enumerate(inputs):
            FunctionTestError.check(
                isinstance(x, numpy.ndarray),
                f"generate_inputs must return NumPy arrays; input {i} is {type(x).__name__}",
            )
        return inputs


class FunctionTestCase(_FunctionTestBase, unittest.TestCase):
    """Checks an op's forward against a NumPy reference, and its backward numerically.

    Override :meth:`generate_inputs`, :meth:`forward` and
    :meth:`forward_expected`; set the ``check_*_options`` dicts for
    tolerances, ``skip_*_test`` to skip a check, ``dodge_nondifferentiable``
    to regenerate inputs that fall on a kink, and ``contiguous`` (None for
    non-contiguous inputs, ``'C'`` for C-contiguous ones).
    """

    # The base class itself is not a test; its subclasses are.
    __test__ = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "__test__" not in cls.__dict__:
            cls.__test__ = True

    def forward(self, inputs, device):
        """Runs the op under test on ``inputs`` (Variables on ``device``); returns a tuple."""
        raise NotImplementedError("forward is not implemented")

    def forward_expected(self, inputs):
        """The expected outputs, computed independently with NumPy, as a tuple."""
        raise NotImplementedError("forward_expected is not implemented")

    def _forward(self, inputs, device):
        outputs = _as_tuple(self.forward(inputs, device), "forward")
        for i, y in enumerate(outputs):
            FunctionTestError.check(
                isinstance(y, Variable),
                f"forward must return Variables; output {i} is {type(y).__name__}",
            )
        return outputs

    def test_forward(self, backend_config):
        """The outputs match forward_expected in dtype, shape, device and values."""
        self.run_test_forward(backend_config)

    def test_backward(self, backend_config):
        """The gradients agree with a numerical directional derivative."""
        self.run_test_backward(backend_config)

    def test_double_backward(self, backend_config):
        """The second-order gradients agree with numerical ones."""
        self.run_test_double_backward(backend_config)

    def check_forward_outputs(self, outputs, expected_outputs):
        """Compares the outputs (Variables) with the expected arrays, value by value."""
        FunctionTestError.check(
            len(outputs) == len(expected_outputs),
            f"forward returned {len(outputs)} outputs; forward_expected {len(expected_outputs)}",
        )
        for i, (y, e) in enumerate(zip(outputs, expected_outputs)):
            e = numpy.asarray(e)
            FunctionTestError.check(
                y.dtype == e.dtype, f"output {i}: dtype {y.dtype}, expected {e.dtype}"
            )
            FunctionTestError.check(
                y.shape == e.shape, f"output {i}: shape {y.shape}, expected {e.shape}"
            )
            FunctionTestError.raise_if_fail(
                f"output {i} differs from forward_expected",
                assert_allclose,
                e,
                y.array,
                **self.check_forward_options,
            )

    def run_test_forward(self, backend_config):
        """Runs the forward check on one backend."""
        self.backend_config = backend_config
        self.before_test("test_forward")
        if self.skip_forward_test:
            raise unittest.SkipTest("skip_forward_test is set")
        inputs = self._generate_checked_inputs()
        originals = [x.copy() for x in inputs]
        expected = _as_tuple(self.forward_expected([x.copy() for x in inputs]), "forward_expected")
        device_inputs = self._device_arrays(inputs, backend_config)
        with backend_config:
            outputs = self._forward(
                tuple(Variable(x) for x in device_inputs), backend_config.device
            )
        for i, y in enumerate(outputs):
            FunctionTestError.check(
                backend_config.device.is_array_supported(y.array),
                f"output {i} is a {type(y.array).__name__}, not an array of "
                f"{backend_config.device}",
            )
        self.check_forward_outputs(outputs, expected)
        for i, (x, original) in enumerate(zip(inputs, originals)):
            FunctionTestError.check(
                numpy.array_equal(x, original, equal_nan=True),
                f"input {i} was modified in place by forward_expected or the test setup",
            )

    def _dodging(self, check):
        if not self.dodge_nondifferentiable:
            return check(self._generate_checked_inputs(), False)
        for _ in range(self._max_dodge_tries):
            try:
                return check(self._generate_checked_inputs(), True)
            except gradient_check.NondifferentiableError:
                continue
        raise FunctionTestError(
            f"no differentiable point found in {self._max_dodge_tries} draws of generate_inputs"
        )

    def _grad_outputs_for(self, inputs):
        """Output gradients shaped like forward_expected's outputs for ``inputs``."""
        template = _as_tuple(self.forward_expected([x.copy() for x in inputs]), "forward_expected")
        return _as_tuple(
            self.generate_grad_outputs(tuple(numpy.asarray(t) for t in template)),
            "generate_grad_outputs",
        )

    def run_test_backward(self, backend_config):
        """Runs the backward check on one backend."""
        self.backend_config = backend_config
        self.before_test("test_backward")
        if self.skip_backward_test:
            raise unittest.SkipTest("skip_backward_test is set")

        def check(inputs, detect):
            grad_outputs = self._grad_outputs_for(inputs)
            device_inputs = self._device_arrays(inputs, backend_config)
            device_grads = self._device_arrays(grad_outputs, backend_config)
            device = backend_config.device
            with backend_config:
                gradient_check.check_backward(
                    lambda *xs: self._forward(xs, device),
                    device_inputs,
                    device_grads,
                    dtype=self.numerical_grad_dtype,
                    detect_nondifferentiable=detect,
                    **self.check_backward_options,
                )

        self._dodging(check)

    def run_test_double_backward(self, backend_config):
        """Runs the double-backward check on one backend."""
        self.backend_config = backend_config
        self.before_test("test_double_backward")
        if self.skip_double_backward_test:
            raise unittest.SkipTest("skip_double_backward_test is set")

        def check(inputs, detect):
            grad_outputs = self._grad_outputs_for(inputs)
            float_inputs = [x for x in inputs if x.dtype.kind == "f"]
            grad_grad_inputs = _as_tuple(
                self.generate_grad_grad_inputs(tuple(float_inputs)), "generate_grad_grad_inputs"
            )
            device_inputs = self._device_arrays(inputs, backend_config)
            device_grads = self._device_arrays(grad_outputs, backend_config)
            device_gg = self._device_arrays(grad_grad_inputs, backend_config)
            device = backend_config.device
            with backend_config:
                gradient_check.check_double_backward(
                    lambda *xs: self._forward(xs, device),
                    device_inputs,
                    device_grads,
                    device_gg,
                    dtype=self.numerical_grad_dtype,
                    detect_nondifferentiable=detect,
                    **self.check_double_backward_options,
                )

        self._dodging(check)
