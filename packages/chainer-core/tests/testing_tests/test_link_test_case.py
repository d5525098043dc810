"""LinkTestCase and LinkInitializersTestCase catch wrong links, and pass right ones."""

import unittest

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import initializers, testing
from chainer.testing import function_link

CPU = testing.BackendConfig({})
BACKENDS = [{}, {"use_cuda": True}]


class ScaleGrad(chainer.FunctionNode):
    """Identity in the forward; multiplies the gradient by ``factor`` (1 is right)."""

    def __init__(self, factor):
        self.factor = factor

    def forward(self, inputs):
        return (inputs[0].copy(),)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0] * self.factor,)


class Affine(chainer.Link):
    """``y = x W^T + b`` with Chainer-style initializer arguments.

    ``n_in=None`` makes ``W`` lazy. ``w_grad`` / ``x_grad`` scale the gradient of
    ``W`` / ``x`` (a deliberately wrong backward when not 1). ``bias_default`` is
    the fill used for ``initial_bias=None``; ``ignore_bias_init`` drops the
    ``initial_bias`` argument (a deliberately wrong constructor).
    """

    def __init__(
        self,
        n_in,
        n_out,
        initialW=None,
        initial_bias=None,
        w_grad=1.0,
        x_grad=1.0,
        bias_default=0,
        ignore_bias_init=False,
    ):
        super().__init__()
        self.w_grad = w_grad
        self.x_grad = x_grad
        if initialW is None:
            initialW = initializers.LeCunNormal()
        if initial_bias is None or ignore_bias_init:
            initial_bias = bias_default
        with self.init_scope():
            self.W = chainer.Parameter(initialW, None if n_in is None else (n_out, n_in))
            self.b = chainer.Parameter(initial_bias, (n_out,))
        self.n_out = n_out

    def forward(self, x):
        if self.W.array is None:
            self.W.initialize((self.n_out, x.shape[1]))
        W = self.W if self.w_grad == 1.0 else ScaleGrad(self.w_grad).apply((self.W,))[0]
        if self.x_grad != 1.0:
            x = ScaleGrad(self.x_grad).apply((x,))[0]
        y = F.matmul(x, W, transb=True)
        return y + F.broadcast_to(self.b, y.shape)


class _AffineCase:
    """The common part of the link tests: an Affine link from 2 to 3 units."""

    param_names = ("W", "b")
    n_in = 2
    link_options = {}

    def generate_params(self):
        W = numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32)
        b = numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32)
        return W, b

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return Affine(
            self.n_in, 3, initialW=initialW, initial_bias=initial_bias, **self.link_options
        )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (4, 2)).astype(numpy.float32),)


class _AffineLinkCase(_AffineCase):
    def forward(self, link, inputs, device):
        (x,) = inputs
        return (link(x),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        return (x.dot(link.W.array.T) + link.b.array,)


# -- the correct link passes (on every backend of the matrix) ----------------------


@testing.inject_backend_tests(None, BACKENDS)
class TestAffineLink(_AffineLinkCase, testing.LinkTestCase):
    pass


@testing.inject_backend_tests(None, BACKENDS)
class TestAffineLinkContiguous(_AffineLinkCase, testing.LinkTestCase):
    contiguous = "C"


@testing.inject_backend_tests(None, BACKENDS)
class TestLazyAffineLink(_AffineLinkCase, testing.LinkTestCase):
    n_in = None

    def generate_params(self):
        # W is drawn by its initializer at the first forward.
        b = numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32)
        return initializers.Normal(1.0), b


def _case(base=_AffineLinkCase, **attributes):
    cls = type("Case", (base, testing.LinkTestCase), {"__test__": False, **attributes})
    return cls("run")


def test_base_classes_are_not_collected():
    assert testing.LinkTestCase.__test__ is False
    assert testing.LinkInitializersTestCase.__test__ is False
    assert TestAffineLink.__test__ is True


def test_default_forward_calls_the_link():
    class Case(_AffineCase, testing.LinkTestCase):
        __test__ = False

        def forward_expected(self, link, inputs):
            (x,) = inputs
            return (x.dot(link.W.array.T) + link.b.array,)

    Case("run").test_forward(CPU)


def test_forward_expected_gets_numpy_copies_of_the_parameters():
    seen = {}

    class Case(_AffineLinkCase, testing.LinkTestCase):
        __test__ = False

        def forward(self, link, inputs, device):
            seen["link"] = link
            return super().forward(link, inputs, device)

        def forward_expected(self, link, inputs):
            seen["expected_link"] = link
            assert isinstance(link.W.array, numpy.ndarray)
            result = super().forward_expected(link, inputs)
            link.W.array[...] = 0  # must not touch the tested link
            return result

    Case("run").test_forward(CPU)
    assert seen["expected_link"] is not seen["link"]
    assert numpy.any(seen["link"].W.array != 0)


@testing.fix_random()
def test_wrong_forward_expected_fails():
    class Case(_AffineLinkCase, testing.LinkTestCase):
        __test__ = False

        def forward_expected(self, link, inputs):
            (x,) = inputs
            return (x.dot(link.W.array.T),)  # forgets the bias

    with pytest.raises(testing.LinkTestError) as info:
        Case("run").test_forward(CPU)
    message = str(info.value)
    assert "test_forward: output 0 differs from forward_expected" in message
    assert "input 0: shape (4, 2), dtype float32" in message
    assert "param 'W': shape (3, 2)" in message


def test_wrong_output_dtype_fails():
    class Case(_AffineLinkCase, testing.LinkTestCase):
        __test__ = False

        def forward_expected(self, link, inputs):
            return tuple(y.astype(numpy.float64) for y in super().forward_expected(link, inputs))

    with pytest.raises(testing.LinkTestError, match="dtype float32, expected float64"):
        Case("run").test_forward(CPU)


def test_forward_must_return_variables():
    class Case(_AffineLinkCase, testing.LinkTestCase):
        __test__ = False

        def forward(self, link, inputs, device):
            return (link(*inputs).array,)

    with pytest.raises(testing.LinkTestError, match="must return Variables"):
        Case("run").test_forward(CPU)


@pytest.mark.parametrize("contiguous", [None, "C"])
def test_correct_link_passes(contiguous):
    case = _case(contiguous=contiguous)
    case.test_forward(CPU)
    case.test_backward(CPU)


@testing.fix_random()
def test_wrong_parameter_gradient_fails():
    case = _case(link_options={"w_grad": 1.5})
    case.test_forward(CPU)  # the forward is right
    with pytest.raises(testing.LinkTestError) as info:
        case.test_backward(CPU)
    message = str(info.value)
    assert "test_backward: backward is not implemented correctly" in message
    assert "param 'W': shape (3, 2), dtype float32" in message
    assert "check_backward failed" in message


# Parameters left out of param_names keep their dtype in the numerical pass, so
# these cases compute it in float32 (with tolerances to match).
_FLOAT32_NUMERICAL = {
    "numerical_grad_dtype": None,
    "check_backward_options": {"atol": 1e-3, "rtol": 1e-2},
}


@testing.fix_random()
def test_parameter_gradients_are_checked_only_for_param_names():
    # The same wrong W gradient goes unnoticed when W is not listed.
    _case(link_options={"w_grad": 1.5}, param_names=("b",), **_FLOAT32_NUMERICAL).test_backward(CPU)
    with pytest.raises(testing.LinkTestError):
        _case(link_options={"w_grad": 1.5}, param_names=("W",), **_FLOAT32_NUMERICAL).test_backward(
            CPU
        )


@testing.fix_random()
def test_wrong_input_gradient_fails():
    _case(param_names=(), **_FLOAT32_NUMERICAL).test_backward(CPU)
    with pytest.raises(testing.LinkTestError, match="backward is not implemented correctly"):
        _case(link_options={"x_grad": 0.5}, param_names=(), **_FLOAT32_NUMERICAL).test_backward(CPU)


@testing.fix_random()
def test_lazy_parameters_are_initialized_before_the_backward_check():
    case = _case(n_in=None, link_options={"w_grad": 2.0})
    with pytest.raises(testing.LinkTestError, match="backward is not implemented correctly"):
        case.test_backward(CPU)


def test_unknown_param_name_fails():
    with pytest.raises(testing.LinkTestError, match="no parameter named 'gamma'"):
        _case(param_names=("W", "gamma")).test_backward(CPU)


def test_none_initializer_must_be_wrapped():
    def generate_params(self):
        return None, 0.0

    with pytest.raises(ValueError, match="InitializerArgument"):
        _case(generate_params=generate_params).test_forward(CPU)

    def wrapped(self):
        return testing.InitializerArgument(None, initializers.LeCunNormal()), 0.0

    _case(generate_params=wrapped).test_forward(CPU)


def test_create_link_must_return_a_link():
    def create_link(self, initializers):
        return lambda x: x

    with pytest.raises(TypeError, match="chainer.Link"):
        _case(create_link=create_link).test_forward(CPU)


def test_skip_flags_and_before_test():
    names = []

    def before_test(self, test_name):
        names.append(test_name)
        if test_name == "test_backward":
            self.skip_backward_test = True

    case = _case(before_test=before_test, skip_forward_test=True)
    with pytest.raises(unittest.SkipTest, match="skip_forward_test"):
        case.test_forward(CPU)
    with pytest.raises(unittest.SkipTest, match="skip_backward_test"):
        case.test_backward(CPU)
    assert names == ["test_forward", "test_backward"]


def test_options_are_per_test():
    def before_test(self, test_name):
        self.check_forward_options.update(atol=1.0)

    case = _case(before_test=before_test, check_forward_options={"rtol": 0.5})
    case.test_forward(CPU)
    assert case.check_forward_options == {"rtol": 0.5, "atol": 1.0}
    assert type(case).check_forward_options == {"rtol": 0.5}
    assert testing.LinkTestCase.check_forward_options == {}


@testing.fix_random()
def test_check_backward_options_are_used():
    # A gradient 1% off passes with a loose tolerance and fails with the default.
    _case(link_options={"w_grad": 1.01}, check_backward_options={"rtol": 0.1}).test_backward(CPU)
    with pytest.raises(testing.LinkTestError):
        _case(link_options={"w_grad": 1.01}).test_backward(CPU)


class AbsLink(chainer.Link):
    """``|x| * w``, not differentiable at ``x = 0``."""

    def __init__(self, initial_w):
        super().__init__()
        with self.init_scope():
            self.w = chainer.Parameter(initial_w, (3,))

    def forward(self, x):
        return F.absolute(x) * F.broadcast_to(self.w, x.shape)


def test_dodge_nondifferentiable_redraws_the_data():
    draws = []

    class Case(testing.LinkTestCase):
        __test__ = False
        param_names = ("w",)
        dodge_nondifferentiable = True

        def generate_params(self):
            return (numpy.random.uniform(0.5, 1, (3,)),)

        def create_link(self, initializers):
            return AbsLink(*initializers)

        def generate_inputs(self):
            draws.append(None)
            if len(draws) == 1:
                return (numpy.zeros((2, 3)),)  # on the kink
            return (numpy.random.uniform(0.5, 1, (2, 3)),)

    Case("run").test_backward(CPU)
    assert len(draws) == 2


# -- LinkInitializersTestCase ----------------------------------------------------------


def _fill_arange(array):
    array[...] = numpy.arange(array.size).reshape(array.shape)


class _AffineInitCase(_AffineCase):
    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32)
        initialW = [initializers.Constant(1.5), 2, W, _fill_arange, initializers.One()]
        initial_bias = [
            initializers.Constant(2),
            3,
            numpy.array([1.0, 2.0, 3.0], numpy.float32),
            testing.InitializerArgument(None, 0),
        ]
        return initialW, initial_bias


@testing.inject_backend_tests(None, BACKENDS)
class TestAffineInitializers(_AffineInitCase, testing.LinkInitializersTestCase):
    pass


@testing.inject_backend_tests(None, BACKENDS)
class TestLazyAffineInitializers(_AffineInitCase, testing.LinkInitializersTestCase):
    n_in = None


def _init_case(**attributes):
    cls = type(
        "InitCase",
        (_AffineInitCase, testing.LinkInitializersTestCase),
        {"__test__": False, **attributes},
    )
    return cls("run")


def test_initializers_of_a_correct_link_pass():
    _init_case().test_initializers(CPU)
    _init_case(n_in=None, contiguous="C").test_initializers(CPU)


def test_ignored_initializer_argument_fails():
    with pytest.raises(testing.LinkTestError) as info:
        _init_case(link_options={"ignore_bias_init": True}).test_initializers(CPU)
    message = str(info.value)
    assert "test_initializers: parameter 'b' differs from the values of Constant" in message
    assert "initializer argument: Constant(fill_value=2" in message


def test_wrong_default_for_none_fails():
    def get_initializers(self):
        return [], [testing.InitializerArgument(None, 0)]

    _init_case(get_initializers=get_initializers).test_initializers(CPU)
    with pytest.raises(testing.LinkTestError, match="parameter 'b' differs"):
        _init_case(
            get_initializers=get_initializers, link_options={"bias_default": 1}
        ).test_initializers(CPU)


def test_other_arguments_come_from_generate_params():
    calls = []
    sentinel_W = numpy.full((3, 2), 7.0, numpy.float32)

    def generate_params(self):
        return sentinel_W, 0.5

    def create_link(self, inits):
        calls.append(inits)
        return Affine(2, 3, initialW=inits[0], initial_bias=inits[1])

    def get_initializers(self):
        return [4.0], [testing.InitializerArgument(None, 0), 9.0]

    _init_case(
        generate_params=generate_params,
        create_link=create_link,
        get_initializers=get_initializers,
    ).test_initializers(CPU)
    # W is tested with 4.0 (b from generate_params), then b with None and 9.0.
    assert len(calls) == 3
    assert calls[0] == (4.0, 0.5)
    assert calls[1][0] is sentinel_W and calls[1][1] is None
    assert calls[2][0] is sentinel_W and calls[2][1] == 9.0


def test_get_initializers_is_validated():
    with pytest.raises(ValueError, match="param_names has 2"):
        _init_case(get_initializers=lambda self: ([1.0],)).test_initializers(CPU)
    with pytest.raises(TypeError, match="tuple or a list of initializer-likes"):
        _init_case(get_initializers=lambda self: (1.0, [2.0])).test_initializers(CPU)
    with pytest.raises(ValueError, match="InitializerArgument"):
        _init_case(get_initializers=lambda self: ([None], [])).test_initializers(CPU)


def test_skip_initializers_test():
    with pytest.raises(unittest.SkipTest, match="skip_initializers_test"):
        _init_case(skip_initializers_test=True).test_initializers(CPU)


def test_check_initializers_options_are_used():
    def get_initializers(self):
        # The link is built with 2.0; the expectation is 2.001.
        return [], [testing.InitializerArgument(2.0, 2.001)]

    with pytest.raises(testing.LinkTestError):
        _init_case(get_initializers=get_initializers).test_initializers(CPU)
    _init_case(
        get_initializers=get_initializers, check_initializers_options={"atol": 1e-2}
    ).test_initializers(CPU)


# -- InitializerArgument and the error classes ---------------------------------------


def test_initializer_argument():
    arg = testing.InitializerArgument(None, initializers.Zero())
    assert arg.argument_value is None
    assert isinstance(arg.expected_initializer, initializers.Zero)
    assert "InitializerArgument(None" in repr(arg)
    with pytest.raises(ValueError, match="cannot be None"):
        testing.InitializerArgument(None, None)
    with pytest.raises(TypeError, match="initializer-like"):
        testing.InitializerArgument(None, "zeros")


def test_errors_share_a_base():
    base = function_link._TestError
    assert issubclass(testing.LinkTestError, base)
    assert issubclass(testing.FunctionTestError, base)
    assert issubclass(base, AssertionError)
    assert not issubclass(testing.LinkTestError, testing.FunctionTestError)
    # Chainer v7 also had them in chainer.testing.function_link.
    assert function_link.LinkTestCase is testing.LinkTestCase
    assert function_link.InitializerArgument is testing.InitializerArgument


def test_raise_if_fail_as_context_manager_and_call():
    with pytest.raises(testing.LinkTestError, match="what failed\n.caused by. AssertionError: x"):
        with testing.LinkTestError.raise_if_fail("what failed"):
            raise AssertionError("x")

    def fails():
        raise AssertionError("y")

    with pytest.raises(testing.FunctionTestError, match="outer"):
        testing.FunctionTestError.raise_if_fail("outer", fails)
    assert testing.FunctionTestError.raise_if_fail("unused", lambda: 3) == 3
    # Errors other than assertion failures pass through.
    with pytest.raises(KeyError):
        with testing.LinkTestError.raise_if_fail("unused"):
            raise KeyError("k")
