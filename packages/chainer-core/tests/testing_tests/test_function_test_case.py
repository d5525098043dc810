"""FunctionTestCase catches wrong forwards, backwards and double backwards."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing


class Cube(chainer.FunctionNode):
    """x ** 3 with configurable mistakes."""

    def __init__(self, grad_factor=3.0, second_factor=6.0):
        self.grad_factor = grad_factor
        self.second_factor = second_factor

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] ** 3,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (CubeGrad(self.grad_factor, self.second_factor).apply((x, grad_outputs[0]))[0],)


class CubeGrad(chainer.FunctionNode):
    def __init__(self, grad_factor, second_factor):
        self.grad_factor = grad_factor
        self.second_factor = second_factor

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        return (self.grad_factor * x * x * gy,)

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        (ggx,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(self.second_factor * x * gy * ggx)
            else:
                ret.append(self.grad_factor * x * x * ggx)
        return tuple(ret)


def _case(grad_factor=3.0, second_factor=6.0, expected_power=3, contiguous=None):
    class Case(testing.FunctionTestCase):
        __test__ = False

        def generate_inputs(self):
            return (numpy.random.uniform(0.5, 1.5, (3, 2)).astype(numpy.float64),)

        def forward(self, inputs, device):
            return (Cube(grad_factor, second_factor).apply(inputs)[0],)

        def forward_expected(self, inputs):
            return (inputs[0] ** expected_power,)

    Case.contiguous = contiguous
    return Case("run")


CPU = testing.BackendConfig({})


@pytest.mark.parametrize("contiguous", [None, "C"])
def test_correct_op_passes_all_checks(contiguous):
    case = _case(contiguous=contiguous)
    case.test_forward(CPU)
    case.test_backward(CPU)
    case.test_double_backward(CPU)


def test_wrong_forward_is_caught():
    with pytest.raises(testing.FunctionTestError, match="differs from forward_expected"):
        _case(expected_power=2).test_forward(CPU)


def test_wrong_backward_is_caught():
    with pytest.raises(AssertionError, match="check_backward failed"):
        _case(grad_factor=2.5).test_backward(CPU)


def test_wrong_double_backward_is_caught():
    case = _case(second_factor=5.0)
    case.test_backward(CPU)  # first order is right
    with pytest.raises(AssertionError, match="check_backward failed"):
        case.test_double_backward(CPU)


def test_forward_must_return_variables():
    class Case(testing.FunctionTestCase):
        __test__ = False

        def generate_inputs(self):
            return (numpy.ones(2),)

        def forward(self, inputs, device):
            return (inputs[0].array,)

        def forward_expected(self, inputs):
            return (inputs[0],)

    with pytest.raises(testing.FunctionTestError, match="must return Variables"):
        Case("run").test_forward(CPU)


def test_dtype_mismatch_is_reported():
    class Case(testing.FunctionTestCase):
        __test__ = False

        def generate_inputs(self):
            return (numpy.ones(2, numpy.float32),)

        def forward(self, inputs, device):
            return (F.cast(inputs[0], numpy.float64),)

        def forward_expected(self, inputs):
            return (inputs[0],)

    with pytest.raises(testing.FunctionTestError, match="dtype float64, expected float32"):
        Case("run").test_forward(CPU)


def test_noncontiguous_inputs_reach_forward():
    seen = []

    class Case(testing.FunctionTestCase):
        __test__ = False

        def generate_inputs(self):
            return (numpy.ones((2, 3)),)

        def forward(self, inputs, device):
            seen.append(inputs[0].array.flags.c_contiguous)
            return (inputs[0] * 1.0,)

        def forward_expected(self, inputs):
            return (inputs[0],)

    Case("run").test_forward(CPU)
    Case.contiguous = "C"
    Case("run").test_forward(CPU)
    assert seen == [False, True]


def test_gradient_check_detects_nondifferentiable_point():
    from chainer import gradient_check

    x = numpy.array([0.0])
    with pytest.raises(gradient_check.NondifferentiableError):
        gradient_check.check_backward(
            lambda v: abs(v), (x,), numpy.ones(1), detect_nondifferentiable=True
        )


def test_numerical_grad_matches_analytic():
    from chainer import gradient_check

    x = numpy.array([1.0, 2.0, 3.0])
    (g,) = gradient_check.numerical_grad(lambda: (x**2,), (x,), (numpy.ones(3),), eps=1e-4)
    numpy.testing.assert_allclose(g, 2 * x, rtol=1e-6)


def test_detects_a_jump_inside_one_step():
    from chainer import gradient_check

    # floor jumps at 1.0, which lies between x and x + eps.
    x = numpy.array([1.0 - 4e-4])
    with pytest.raises(gradient_check.NondifferentiableError, match="discontinuous"):
        gradient_check.numerical_grad(
            lambda: (numpy.floor(x),),
            (x,),
            (numpy.ones(1),),
            eps=1e-3,
            detect_nondifferentiable=True,
        )


@pytest.mark.parametrize(
    "func, x0",
    [(numpy.exp, 2.0), (numpy.sin, 0.3), (lambda v: v**3, -1.5), (numpy.tanh, 0.0)],
)
def test_smooth_functions_are_not_flagged(func, x0):
    from chainer import gradient_check

    x = numpy.array([x0])
    (g,) = gradient_check.numerical_grad(
        lambda: (func(x),), (x,), (numpy.ones(1),), eps=1e-3, detect_nondifferentiable=True
    )
    assert numpy.isfinite(g).all()
