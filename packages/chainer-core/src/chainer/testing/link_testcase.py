"""LinkTestCase and LinkInitializersTestCase: checks of one link.

A link test gives the link's initializers (:meth:`generate_params`), builds the
link from them (:meth:`create_link`), gives inputs, and lets the base classes
check the forward against a NumPy reference, the gradients of the inputs *and*
of the parameters against numerical ones, and the initial parameter values
against the initializers the constructor was given::

    @testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
    class TestLinear(testing.LinkTestCase):
        param_names = ('W', 'b')

        def generate_params(self):
            W = numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32)
            b = numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32)
            return W, b

        def create_link(self, initializers):
            initialW, initial_bias = initializers
            return L.Linear(2, 3, initialW=initialW, initial_bias=initial_bias)

        def generate_inputs(self):
            return numpy.random.uniform(-1, 1, (4, 2)).astype(numpy.float32),

        def forward_expected(self, link, inputs):
            x, = inputs
            return x.dot(link.W.array.T) + link.b.array,
"""

from __future__ import annotations

import numbers
import unittest

import numpy

import chainer
from chainer import _array_types, gradient_check, initializers
from chainer.link import Link
from chainer.parameter import Parameter
from chainer.testing.function_link import (
    _CheckBase,
    _describe,
    _TestError,
    make_noncontiguous,
)
from chainer.variable import Variable

__all__ = ["InitializerArgument", "LinkInitializersTestCase", "LinkTestCase", "LinkTestError"]


class LinkTestError(_TestError):
    """A check of :class:`LinkTestCase` or :class:`LinkInitializersTestCase` failed.

    The message says which check failed, and shows the shapes and dtypes of
    the inputs and parameters involved and the cause.
    """


def _is_scalar(value):
    return isinstance(value, (numbers.Number, numpy.generic)) and not isinstance(value, bool)


def _check_initializer_like(init, what):
    if not (_is_scalar(init) or isinstance(init, _array_types.ARRAY_TYPES) or callable(init)):
        raise TypeError(
            f"{what} must be an initializer-like (a scalar, an array, an Initializer or a "
            f"callable that fills an array), not {type(init).__name__}"
        )


class InitializerArgument:
    """A link constructor argument paired with the initializer it stands for.

    Used in :meth:`LinkTestCase.generate_params` and
    :meth:`LinkInitializersTestCase.get_initializers` when the value given to
    the link's constructor is not itself the initializer the link uses, as for
    ``None`` (the link's default): ``InitializerArgument(None, 0)`` says that
    passing ``None`` must give a parameter filled with zeros.

    Args:
        argument_value: What ``create_link`` passes to the link's constructor.
        expected_initializer: The initializer-like the link must end up
            using: a scalar (a constant fill), an array (copied), or an
            :class:`~chainer.Initializer` or other callable that fills an
            array. Not None.

    Attributes:
        argument_value: The constructor argument.
        expected_initializer: The initializer-like the parameter is compared with.

    Raises:
        ValueError: When ``expected_initializer`` is None.
        TypeError: When ``expected_initializer`` is not initializer-like.
    """

    def __init__(self, argument_value, expected_initializer):
        if expected_initializer is None:
            raise ValueError(
                "expected_initializer cannot be None; give the initializer the link falls back to"
            )
        _check_initializer_like(expected_initializer, "expected_initializer")
        self.argument_value = argument_value
        self.expected_initializer = expected_initializer

    def __repr__(self):
        return (
            f"InitializerArgument({_short_repr(self.argument_value)}, "
            f"{_short_repr(self.expected_initializer)})"
        )


def _short_repr(value):
    if isinstance(value, _array_types.ARRAY_TYPES):
        return f"<{type(value).__name__} shape={tuple(value.shape)} dtype={value.dtype}>"
    return repr(value)


def _check_generated_initializer(init, what):
    if isinstance(init, InitializerArgument):
        return
    if init is None:
        raise ValueError(
            f"{what}: a None initializer must be wrapped as InitializerArgument(None, "
            "<the initializer the link falls back to>)"
        )
    _check_initializer_like(init, what)


def _argument_value(init):
    """What ``create_link`` receives for an entry of generate_params/get_initializers."""
    if isinstance(init, InitializerArgument):
        return init.argument_value
    return init


def _expected_initializer(init):
    """The callable whose output the parameter must equal."""
    if isinstance(init, InitializerArgument):
        init = init.expected_initializer
    # A scalar or an array becomes a Constant; an Initializer (or any other
    # callable) is used as it is.
    return initializers._get_initializer(init)


class _LinkTestBase(_CheckBase):
    _error_class = LinkTestError

    param_names = ()

    check_forward_options = {}

    def check_forward_outputs(self, outputs, expected_outputs):
        """Compares the output arrays with the expected arrays, value by value.

        Override to add checks (call this first); raise
        :class:`LinkTestError` on failure.

        Args:
            outputs (tuple of arrays): What ``forward`` computed.
            expected_outputs (tuple of numpy.ndarray): What
                ``forward_expected`` computed.
        """
        self._check_arrays_equal(outputs, expected_outputs, self.check_forward_options)

    def generate_params(self):
        """Returns one initializer-like per initializer argument of the link (a tuple).

        ``None`` is written ``InitializerArgument(None, <fallback>)``.
        """
        raise NotImplementedError("generate_params is not implemented")

    def create_link(self, initializers):
        """Returns the link under test, built with ``initializers`` (a tuple)."""
        raise NotImplementedError("create_link is not implemented")

    def forward(self, link, inputs, device):
        """Runs the link on ``inputs`` (Variables on ``device``); returns a tuple.

        The default calls ``link(*inputs)``.
        """
        outputs = link(*inputs)
        return outputs if isinstance(outputs, (tuple, list)) else (outputs,)

    # -- helpers ------------------------------------------------------------------

    def _generate_params(self):
        inits = self.generate_params()
        if not isinstance(inits, (tuple, list)):
            raise TypeError(
                f"generate_params must return a tuple or a list, not {type(inits).__name__}"
            )
        for i, init in enumerate(inits):
            _check_generated_initializer(init, f"generate_params()[{i}]")
        return tuple(inits)

    def _create_link(self, inits, backend_config):
        link = self.create_link(tuple(_argument_value(i) for i in inits))
        if not isinstance(link, Link):
            raise TypeError(f"create_link must return a chainer.Link, not {type(link).__name__}")
        link.to_device(backend_config.device)
        return link

    def _forward(self, link, inputs, backend_config):
        with backend_config:
            outputs = self._tuple(self.forward(link, inputs, backend_config.device), "forward")
        self._check_output_variables(outputs, backend_config.device)
        return outputs

    def _create_initialized_link(self, inits, backend_config):
        """Builds the link and runs one forward, which also initializes lazy parameters."""
        link = self._create_link(inits, backend_config)
        inputs = self._generate_checked_inputs()
        self._context = _describe("input", inputs)
        device_inputs = self._device_arrays(inputs, backend_config)
        outputs = self._forward(link, tuple(Variable(x) for x in device_inputs), backend_config)
        link.cleargrads()
        return link, inputs, device_inputs, outputs

    def _link_params(self, link):
        params = []
        for name in self.param_names:
            param = getattr(link, name, None)
            self._check(
                isinstance(param, Parameter),
                f"the link has no parameter named {name!r} (listed in param_names)",
            )
            self._check(
                param.array is not None,
                f"parameter {name!r} is still uninitialized after a forward pass",
            )
            params.append(param)
        return params


class LinkTestCase(_LinkTestBase, unittest.TestCase):
    """Checks a link's forward against a NumPy reference, and its backward numerically.

    Required methods:

    ``generate_params(self)``
        A tuple with one initializer-like per initializer argument of the
        link's constructor (scalars, arrays, initializers;
        ``InitializerArgument(None, fallback)`` for None). Passed to
        ``create_link``.
    ``create_link(self, initializers)``
        The link, built with the tuple ``initializers``.
    ``generate_inputs(self)``
        A tuple of NumPy input arrays.
    ``forward_expected(self, link, inputs)``
        The expected outputs (a tuple of NumPy arrays) for the NumPy
        ``inputs``. ``link`` is a copy of the link the actual forward ran
        with, on the CPU, so its parameters (initialized, lazily or not) are
        NumPy arrays.

    Optional methods: ``forward(self, link, inputs, device)`` (default:
    ``link(*inputs)``), ``before_test(self, test_name)`` (``test_name`` is
    ``'test_forward'`` or ``'test_backward'``; raise
    :class:`unittest.SkipTest` to skip), ``generate_grad_outputs(self,
    outputs_template)`` and :meth:`check_forward_outputs`.

    :meth:`test_backward` runs :func:`chainer.gradient_check.check_backward`
    over the inputs and over the parameters named in ``param_names``, so a
    wrong gradient of either fails.

    Attributes:
        param_names (tuple of str): The parameters whose gradients are
            checked, e.g. ``('W', 'b')``. In the numerical pass the inputs
            and these parameters are cast to ``numerical_grad_dtype``; other
            parameters keep their dtype, so list every floating-point
            parameter the forward uses (or set ``numerical_grad_dtype`` to
            None).
        check_forward_options (dict): Tolerances for
            :func:`chainer.testing.assert_allclose` in the forward check.
        check_backward_options (dict): Options of
            :func:`chainer.gradient_check.check_backward` (``eps``, ``atol``,
            ``rtol``, ...).
        skip_forward_test (bool): Skip the forward check.
        skip_backward_test (bool): Skip the backward check.
        dodge_nondifferentiable (bool): Redraw the parameters and inputs
            when they fall on a non-differentiable point.
        numerical_grad_dtype: The dtype of the numerical gradients (float64).
        contiguous (None or str): None for non-contiguous inputs, parameters
            and gradients; ``'C'`` for C-contiguous ones.

    Use it with :func:`chainer.testing.inject_backend_tests`, which supplies
    the ``backend_config`` argument of the test methods. A failed check raises
    :class:`LinkTestError`.
    """

    __test__ = False
    _option_names = ("check_forward_options", "check_backward_options")
    check_forward_options = {}
    check_backward_options = {}
    skip_forward_test = False
    skip_backward_test = False

    def forward_expected(self, link, inputs):
        """The expected outputs for ``inputs``, computed with NumPy, as a tuple."""
        raise NotImplementedError("forward_expected is not implemented")

    def test_forward(self, backend_config):
        """The outputs match forward_expected in dtype, shape, device and values."""
        self._begin(backend_config, "test_forward", "skip_forward_test")
        inits = self._generate_params()
        link = self._create_link(inits, backend_config)
        inputs = self._generate_checked_inputs()
        self._context = _describe("input", inputs)
        originals = [x.copy() for x in inputs]
        device_inputs = self._device_arrays(inputs, backend_config)
        outputs = self._forward(link, tuple(Variable(x) for x in device_inputs), backend_config)
        # The reference sees copies of the parameters the forward used, on the CPU.
        cpu_link = link.copy(mode="copy")
        cpu_link.to_device(chainer.backend.CpuDevice())
        names = [n for n in self.param_names if _has_array(getattr(cpu_link, n, None))]
        self._context += _describe("param", [getattr(cpu_link, n).array for n in names], names)
        expected = self._check_expected_arrays(
            self.forward_expected(cpu_link, tuple(x.copy() for x in inputs)), "forward_expected"
        )
        self.check_forward_outputs(tuple(y.array for y in outputs), expected)
        self._check_unmodified(inputs, originals)

    def test_backward(self, backend_config):
        """The gradients of the inputs and parameters agree with numerical ones."""
        self._begin(backend_config, "test_backward", "skip_backward_test")

        def check(detect):
            inits = self._generate_params()
            link, _, device_inputs, outputs = self._create_initialized_link(inits, backend_config)
            params = self._link_params(link)
            self._context += _describe("param", [p.array for p in params], self.param_names)
            cpu = chainer.backend.CpuDevice()
            templates = tuple(numpy.asarray(cpu.send(y.array)) for y in outputs)
            grad_outputs = self._tuple(
                self.generate_grad_outputs(templates), "generate_grad_outputs"
            )
            device_grads = self._device_arrays(grad_outputs, backend_config)
            if self.contiguous is None:
                for p in params:
                    p.array = make_noncontiguous(p.array)
            with backend_config, self._raise_if_fail("backward is not implemented correctly"):
                gradient_check.check_backward(
                    lambda *xs: self._forward(link, xs, backend_config),
                    device_inputs,
                    device_grads,
                    params=tuple(params),
                    dtype=self.numerical_grad_dtype,
                    detect_nondifferentiable=detect,
                    **self.check_backward_options,
                )

        self._dodging(check)


def _has_array(param):
    return isinstance(param, Parameter) and param.array is not None


class LinkInitializersTestCase(_LinkTestBase, unittest.TestCase):
    """Checks that a link fills its parameters with the initializers it is given.

    Required methods: ``generate_params``, ``create_link`` and
    ``generate_inputs`` as in :class:`LinkTestCase`, and:

    ``get_initializers(self)``
        A tuple with one entry per initializer argument of the link (aligned
        with ``generate_params`` and ``param_names``); each entry lists the
        initializer-likes to try for that argument. Each is tried alone: it
        replaces its entry of ``generate_params()``, the link is built with
        ``create_link`` and run forward once (so lazy parameters are
        initialized), and the parameter must equal what the expected
        initializer writes into an array of the same shape and dtype: a
        scalar means a constant fill, an array means that array, an
        :class:`~chainer.Initializer` (or callable) means its output. For an
        argument that is not itself the initializer, such as ``None``, give
        ``InitializerArgument(argument, expected_initializer)``. The
        initializers must be deterministic: the expected values come from a
        second call.

    Optional methods: ``forward(self, link, inputs, device)`` and
    ``before_test(self, test_name)`` (``test_name`` is
    ``'test_initializers'``).

    Attributes:
        param_names (tuple of str): The parameters, in the order of the
            initializer arguments, e.g. ``('W', 'b')``.
        check_initializers_options (dict): Tolerances for
            :func:`chainer.testing.assert_allclose`.
        skip_initializers_test (bool): Skip the check.
        contiguous (None or str): None for non-contiguous inputs; ``'C'``
            for C-contiguous ones.

    Use it with :func:`chainer.testing.inject_backend_tests`. A failed check
    raises :class:`LinkTestError`.
    """

    __test__ = False
    _option_names = ("check_initializers_options",)
    check_initializers_options = {}
    skip_initializers_test = False

    def get_initializers(self):
        """Returns, per initializer argument, the initializer-likes to test (a tuple of lists)."""
        raise NotImplementedError("get_initializers is not implemented")

    def _get_initializers(self):
        params_inits = self.get_initializers()
        if not isinstance(params_inits, (tuple, list)):
            raise TypeError(
                f"get_initializers must return a tuple or a list, not {type(params_inits).__name__}"
            )
        if len(params_inits) != len(self.param_names):
            raise ValueError(
                f"get_initializers returned {len(params_inits)} entries but param_names "
                f"has {len(self.param_names)}: {tuple(self.param_names)}"
            )
        for i, candidates in enumerate(params_inits):
            if not isinstance(candidates, (tuple, list)):
                raise TypeError(
                    f"get_initializers()[{i}] must be a tuple or a list of initializer-likes, "
                    f"not {type(candidates).__name__}"
                )
            for j, init in enumerate(candidates):
                _check_generated_initializer(init, f"get_initializers()[{i}][{j}]")
        return params_inits

    def test_initializers(self, backend_config):
        """Each parameter equals what its expected initializer produces."""
        self._begin(backend_config, "test_initializers", "skip_initializers_test")
        for index, candidates in enumerate(self._get_initializers()):
            for init in candidates:
                inits = list(self._generate_params())
                if len(inits) != len(self.param_names):
                    raise ValueError(
                        f"generate_params returned {len(inits)} initializers but "
                        f"param_names has {len(self.param_names)}"
                    )
                inits[index] = init
                self._check_initializer(index, inits, backend_config)

    def _check_initializer(self, index, inits, backend_config):
        name = self.param_names[index]
        init = inits[index]
        link, _, _, _ = self._create_initialized_link(inits, backend_config)
        self._context = [
            f"  parameter: {name!r}",
            f"  initializer argument: {_short_repr(_argument_value(init))}",
            *self._context,
        ]
        param = self._link_params(link)[index]
        actual = numpy.asarray(chainer.backend.CpuDevice().send(param.array))
        expected_init = _expected_initializer(init)
        expected = numpy.empty_like(actual)
        expected_init(expected)
        self._check_arrays_equal(
            (actual,),
            (expected,),
            self.check_initializers_options,
            actual_name="the link",
            expected_name=f"the values of {_short_repr(expected_init)}",
            labels=[f"parameter {name!r}"],
        )
