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

This module also holds what the link test cases of
:mod:`chainer.testing.link_testcase` share with it: the error base class
``_TestError`` and the check machinery ``_CheckBase`` (backend handling,
non-contiguous inputs, array comparison, retries at non-differentiable points).
"""

from __future__ import annotations

import contextlib
import unittest

import numpy

import chainer
from chainer import _array_types, gradient_check
from chainer.testing.array import _to_numpy, assert_allclose
from chainer.variable import Variable


class _TestError(AssertionError):
    """Base of the errors raised by the test-case classes of :mod:`chainer.testing`.

    The message says which check failed and why. Subclasses name what was
    under test (:class:`FunctionTestError`, ``LinkTestError``).
    """

    @classmethod
    def check(cls, expr, message):
        """Raises with ``message`` when ``expr`` is false.

        Args:
            expr: The condition that must hold.
            message (str): The error message.
        """
        if not expr:
            raise cls(message)

    @classmethod
    def fail(cls, message, exc=None):
        """Raises with ``message`` (and the cause ``exc``, if given).

        Args:
            message (str): The error message.
            exc (Exception): The error that caused the failure; its type and
                text are appended to the message.
        """
        if exc is not None:
            raise cls(f"{message}\n(caused by) {type(exc).__name__}: {exc}") from exc
        raise cls(message)

    @classmethod
    def raise_if_fail(cls, message, func=None, *args, **kwargs):
        """Turns an ``AssertionError`` into this error, with ``message`` in front.

        Called with ``func``, calls ``func(*args, **kwargs)`` and returns its
        result. Called without, returns a context manager that guards its
        block::

            with FunctionTestError.raise_if_fail('backward is wrong'):
                gradient_check.check_backward(...)

        An error that already is one of these test errors passes unchanged.

        Args:
            message (str): What failed.
            func (callable): The check to call, or None for a context manager.
            args: Positional arguments of ``func``.
            kwargs: Keyword arguments of ``func``.
        """
        if func is None:
            return cls._guard(message)
        with cls._guard(message):
            return func(*args, **kwargs)

    @classmethod
    @contextlib.contextmanager
    def _guard(cls, message):
        try:
            yield
        except _TestError:
            raise
        except AssertionError as error:
            cls.fail(message, error)


class FunctionTestError(_TestError):
    """A check of :class:`FunctionTestCase` failed; the message says which and why."""


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


def _props(arrays):
    return ", ".join(f"{tuple(a.shape)}:{numpy.dtype(a.dtype).name}" for a in arrays) or "none"


def _describe(kind, arrays, names=None):
    """One line per array: ``  input 0: shape (3, 2), dtype float32``."""
    lines = []
    for i, a in enumerate(arrays):
        label = f"{kind} {i}" if names is None else f"{kind} {names[i]!r}"
        lines.append(f"  {label}: shape {tuple(a.shape)}, dtype {numpy.dtype(a.dtype).name}")
    return lines


class _CheckBase:
    """What the function and link test cases share.

    Subclasses set ``_error_class`` (the error their checks raise) and
    ``_option_names`` (the option dicts each test instance gets a copy of).
    """

    __test__ = False
    _error_class = _TestError
    _option_names = ()
    _max_dodge_tries = 10

    backend_config = None
    dodge_nondifferentiable = False
    numerical_grad_dtype = numpy.float64
    contiguous = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The bases are not tests; the classes users derive from them are.
        if "__test__" not in cls.__dict__:
            cls.__test__ = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every test gets its own option dicts, so that updating one in setUp
        # or before_test does not leak into the other tests of the class.
        for name in self._option_names:
            setattr(self, name, dict(getattr(self, name) or {}))
        self._test_name = None
        self._context = []

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

    # -- reporting -------------------------------------------------------------------

    def _message(self, message):
        head = f"{self._test_name}: {message}" if self._test_name else message
        return "\n".join([head, *self._context])

    def _check(self, expr, message):
        if not expr:
            self._error_class.fail(self._message(message))

    def _fail(self, message, exc=None):
        self._error_class.fail(self._message(message), exc)

    @contextlib.contextmanager
    def _raise_if_fail(self, message):
        try:
            yield
        except _TestError:
            raise
        except AssertionError as error:
            self._fail(message, error)

    # -- helpers ------------------------------------------------------------------

    def _begin(self, backend_config, test_name, skip_flag):
        self.backend_config = backend_config
        self._test_name = test_name
        self._context = []
        self.before_test(test_name)
        if getattr(self, skip_flag):
            raise unittest.SkipTest(f"{skip_flag} is set")

    def _tuple(self, x, what):
        if isinstance(x, tuple):
            return x
        if isinstance(x, list):
            return tuple(x)
        self._fail(f"{what} must return a tuple, not {type(x).__name__}")

    def _device_arrays(self, arrays, backend_config):
        arrays = backend_config.get_array(tuple(arrays))
        if self.contiguous is None:
            arrays = tuple(make_noncontiguous(a) for a in arrays)
        elif self.contiguous != "C":
            raise ValueError(f"contiguous must be None or 'C', not {self.contiguous!r}")
        return arrays

    def _generate_checked_inputs(self):
        inputs = self._tuple(self.generate_inputs(), "generate_inputs")
        for i, x in enumerate(inputs):
            self._check(
                isinstance(x, numpy.ndarray),
                f"generate_inputs must return NumPy arrays; input {i} is {type(x).__name__}",
            )
        return inputs

    def _check_output_variables(self, outputs, device, what="forward"):
        for i, y in enumerate(outputs):
            self._check(
                isinstance(y, Variable),
                f"{what} must return Variables; output {i} is {type(y).__name__}",
            )
        for i, y in enumerate(outputs):
            self._check(
                device.is_array_supported(y.array),
                f"output {i} is a {type(y.array).__name__}, not an array of {device}",
            )

    def _check_expected_arrays(self, arrays, what):
        arrays = self._tuple(arrays, what)
        for i, a in enumerate(arrays):
            # NumPy arrays (or values NumPy turns into arrays), never device arrays.
            self._check(
                not isinstance(a, Variable)
                and not (
                    isinstance(a, _array_types.ARRAY_TYPES)
                    and not isinstance(a, _array_types.CPU_ARRAY_TYPES)
                ),
                f"{what} must return NumPy arrays; output {i} is {type(a).__name__}",
            )
        return tuple(numpy.asarray(a) for a in arrays)

    def _check_unmodified(self, arrays, originals):
        for i, (x, original) in enumerate(zip(arrays, originals)):
            self._check(
                numpy.array_equal(x, original, equal_nan=True),
                f"input {i} was modified in place by forward, forward_expected or the test setup",
            )

    def _check_arrays_equal(
        self,
        actual,
        expected,
        options,
        actual_name="forward",
        expected_name="forward_expected",
        labels=None,
    ):
        """Compares arrays (or Variables) by count, dtype, shape and values."""
        actual = tuple(_to_numpy(a) for a in actual)
        expected = tuple(_to_numpy(e) for e in expected)
        if labels is None:
            labels = [f"output {i}" for i in range(max(len(actual), len(expected)))]
        shapes = [
            f"  expected shapes and dtypes: {_props(expected)}",
            f"  actual shapes and dtypes:   {_props(actual)}",
        ]
        self._context = self._context + shapes
        self._check(
            len(actual) == len(expected),
            f"{actual_name} returned {len(actual)} outputs; {expected_name} {len(expected)}",
        )
        for label, a, e in zip(labels, actual, expected):
            self._check(a.dtype == e.dtype, f"{label}: dtype {a.dtype}, expected {e.dtype}")
            self._check(a.shape == e.shape, f"{label}: shape {a.shape}, expected {e.shape}")
            with self._raise_if_fail(f"{label} differs from {expected_name}"):
                assert_allclose(a, e, **options)

    def _dodging(self, check):
        """Runs ``check(detect_nondifferentiable)``, redrawing the data at a kink."""
        if not self.dodge_nondifferentiable:
            return check(False)
        for _ in range(self._max_dodge_tries):
            try:
                return check(True)
            except gradient_check.NondifferentiableError:
                continue
        self._fail(
            f"no differentiable point found in {self._max_dodge_tries} draws of the test data "
            "(generate_inputs and, for links, generate_params)"
        )


class _FunctionTestBase(_CheckBase):
    _error_class = FunctionTestError
    _option_names = (
        "check_forward_options",
        "check_backward_options",
        "check_double_backward_options",
    )
    check_forward_options = {}
    check_backward_options = {}
    check_double_backward_options = {}
    skip_forward_test = False
    skip_backward_test = False
    skip_double_backward_test = False

    def generate_grad_grad_inputs(self, inputs_template):
        """Returns the gradients of the input gradients, uniform in [-1, 1)."""
        return tuple(
            numpy.random.uniform(-1, 1, x.shape).astype(x.dtype)  # noqa: NPY002
            for x in inputs_template
        )


class FunctionTestCase(_FunctionTestBase, unittest.TestCase):
    """Checks an op's forward against a NumPy reference, and its backward numerically.

    Override :meth:`generate_inputs`, :meth:`forward` and
    :meth:`forward_expected`. Optional hooks: ``before_test(test_name)``,
    ``generate_grad_outputs(outputs_template)``,
    ``generate_grad_grad_inputs(inputs_template)`` and
    :meth:`check_forward_outputs`.

    Attributes:
        check_forward_options (dict): Tolerances for
            :func:`chainer.testing.assert_allclose` in the forward check.
        check_backward_options (dict): Options of
            :func:`chainer.gradient_check.check_backward`.
        check_double_backward_options (dict): Options of
            :func:`chainer.gradient_check.check_double_backward`.
        skip_forward_test (bool): Skip the forward check.
        skip_backward_test (bool): Skip the backward check.
        skip_double_backward_test (bool): Skip the double-backward check.
        dodge_nondifferentiable (bool): Redraw inputs that fall on a kink.
        numerical_grad_dtype: The dtype of the numerical gradients
            (float64).
        contiguous (None or str): None for non-contiguous inputs, ``'C'``
            for C-contiguous ones.

    Each test gets its own copy of the ``check_*_options`` dicts. A failed
    check raises :class:`FunctionTestError` naming the check, the inputs'
    shapes and dtypes, and the cause.
    """

    # The base class itself is not a test; its subclasses are.
    __test__ = False

    def forward(self, inputs, device):
        """Runs the op under test on ``inputs`` (Variables on ``device``); returns a tuple."""
        raise NotImplementedError("forward is not implemented")

    def forward_expected(self, inputs):
        """The expected outputs, computed independently with NumPy, as a tuple."""
        raise NotImplementedError("forward_expected is not implemented")

    def _forward(self, inputs, device):
        outputs = self._tuple(self.forward(inputs, device), "forward")
        self._check_output_variables(outputs, device)
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
        """Compares the output arrays with the expected arrays, value by value.

        Override to add checks (call this first); raise
        :class:`FunctionTestError` on failure.

        Args:
            outputs (tuple of arrays): What ``forward`` computed.
            expected_outputs (tuple of numpy.ndarray): What
                ``forward_expected`` computed.
        """
        self._check_arrays_equal(outputs, expected_outputs, self.check_forward_options)

    def run_test_forward(self, backend_config):
        """Runs the forward check on one backend."""
        self._begin(backend_config, "test_forward", "skip_forward_test")
        inputs = self._generate_checked_inputs()
        self._context = _describe("input", inputs)
        originals = [x.copy() for x in inputs]
        expected = self._check_expected_arrays(
            self.forward_expected([x.copy() for x in inputs]), "forward_expected"
        )
        device_inputs = self._device_arrays(inputs, backend_config)
        with backend_config:
            outputs = self._forward(
                tuple(Variable(x) for x in device_inputs), backend_config.device
            )
        self.check_forward_outputs(tuple(y.array for y in outputs), expected)
        self._check_unmodified(inputs, originals)

    def _grad_outputs_for(self, inputs):
        """Output gradients shaped like forward_expected's outputs for ``inputs``."""
        template = self._check_expected_arrays(
            self.forward_expected([x.copy() for x in inputs]), "forward_expected"
        )
        return self._tuple(self.generate_grad_outputs(template), "generate_grad_outputs")

    def run_test_backward(self, backend_config):
        """Runs the backward check on one backend."""
        self._begin(backend_config, "test_backward", "skip_backward_test")

        def check(detect):
            inputs = self._generate_checked_inputs()
            self._context = _describe("input", inputs)
            grad_outputs = self._grad_outputs_for(inputs)
            device_inputs = self._device_arrays(inputs, backend_config)
            device_grads = self._device_arrays(grad_outputs, backend_config)
            device = backend_config.device
            with backend_config, self._raise_if_fail("backward is not implemented correctly"):
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
        self._begin(backend_config, "test_double_backward", "skip_double_backward_test")

        def check(detect):
            inputs = self._generate_checked_inputs()
            self._context = _describe("input", inputs)
            grad_outputs = self._grad_outputs_for(inputs)
            float_inputs = [x for x in inputs if x.dtype.kind == "f"]
            grad_grad_inputs = self._tuple(
                self.generate_grad_grad_inputs(tuple(float_inputs)), "generate_grad_grad_inputs"
            )
            device_inputs = self._device_arrays(inputs, backend_config)
            device_grads = self._device_arrays(grad_outputs, backend_config)
            device_gg = self._device_arrays(grad_grad_inputs, backend_config)
            device = backend_config.device
            with (
                backend_config,
                self._raise_if_fail("double backward is not implemented correctly"),
            ):
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


_LINK_NAMES = ("InitializerArgument", "LinkInitializersTestCase", "LinkTestCase", "LinkTestError")


def __getattr__(name):
    # Chainer v7 defined the link test cases in this module; they live in
    # link_testcase (which imports this module), so they are looked up lazily.
    if name in _LINK_NAMES:
        from chainer.testing import link_testcase

        return getattr(link_testcase, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
