"""chainer.utils.type_check: symbolic expressions and Chainer-style messages."""

import pickle

import numpy
import pytest

from chainer.utils import type_check as T


def make_types(*arrays, names=None):
    types = T.get_types(tuple(arrays), "in_types", False)
    if names is not None:
        T.argname(types, names)
    return types


def message_of(*exprs):
    with pytest.raises(T.InvalidType) as e:
        T.expect(*exprs)
    return str(e.value)


@pytest.fixture
def xw():
    x = numpy.zeros((2, 3), numpy.float32)
    w = numpy.zeros((4, 5), numpy.int32)
    return make_types(x, w, names=("x", "W"))


def test_shape_mismatch_message(xw):
    x, w = xw
    assert (
        message_of(x.shape[1] == w.shape[1]) == "Expect: x.shape[1] == W.shape[1]\nActual: 3 != 5"
    )


def test_default_names_before_argname():
    types = make_types(numpy.zeros((2, 3), "f"), numpy.zeros((4,), "f"))
    assert (
        message_of(types[0].shape[1] == types[1].shape[0])
        == "Expect: in_types[0].shape[1] == in_types[1].shape[0]\nActual: 3 != 4"
    )
    assert message_of(types.size() == 3) == "Expect: in_types.size == 3\nActual: 2 != 3"


def test_dtype_messages(xw):
    x, w = xw
    T.expect(x.dtype.kind == "f", x.dtype == numpy.float32)
    assert message_of(w.dtype.kind == "f") == "Expect: W.dtype.kind == f\nActual: i != f"
    assert message_of(w.dtype == numpy.float32) == (
        "Expect: W.dtype == <class 'numpy.float32'>\nActual: int32 != <class 'numpy.float32'>"
    )


@pytest.mark.parametrize(
    "build, expect, actual",
    [
        (lambda x, w: x.ndim < 2, "x.ndim < 2", "2 >= 2"),
        (lambda x, w: x.ndim <= 1, "x.ndim <= 1", "2 > 1"),
        (lambda x, w: x.ndim > 2, "x.ndim > 2", "2 <= 2"),
        (lambda x, w: x.ndim >= 3, "x.ndim >= 3", "2 < 3"),
        (lambda x, w: x.ndim != 2, "x.ndim != 2", "2 == 2"),
        (lambda x, w: (x.ndim + 1) * 2 == 5, "(x.ndim + 1) * 2 == 5", "6 != 5"),
        (lambda x, w: x.ndim + 1 * 2 == 5, "x.ndim + 2 == 5", "4 != 5"),
        (lambda x, w: x.ndim + w.ndim * 2 == 5, "x.ndim + W.ndim * 2 == 5", "6 != 5"),
        (lambda x, w: x.ndim - (w.ndim - 1) == 0, "x.ndim - (W.ndim - 1) == 0", "1 != 0"),
        (lambda x, w: x.ndim - w.ndim - 1 == 0, "x.ndim - W.ndim - 1 == 0", "-1 != 0"),
        (lambda x, w: 2**x.ndim**2 == 0, "2 ** x.ndim ** 2 == 0", "16 != 0"),
        (lambda x, w: (2**x.ndim) ** 2 == 0, "(2 ** x.ndim) ** 2 == 0", "16 != 0"),
        (lambda x, w: -x.ndim == 2, "-x.ndim == 2", "-2 != 2"),
        (lambda x, w: -(x.ndim + 1) == 0, "-(x.ndim + 1) == 0", "-3 != 0"),
        (lambda x, w: x.shape[0] // 2 % 3 == 0, "x.shape[0] // 2 % 3 == 0", "1 != 0"),
        (lambda x, w: x.shape[0] / 4 == 1, "x.shape[0] / 4 == 1", "0.5 != 1"),
        (lambda x, w: 10 - x.shape[1] == 0, "10 - x.shape[1] == 0", "7 != 0"),
        (lambda x, w: x.shape[:1] == (3,), "x.shape[:1] == (3,)", "(2,) != (3,)"),
        (lambda x, w: x.shape[::-1] == (2, 3), "x.shape[::-1] == (2, 3)", "(3, 2) != (2, 3)"),
        (lambda x, w: x.shape[-1] == w.shape[-1], "x.shape[-1] == W.shape[-1]", "3 != 5"),
        (lambda x, w: T.prod(x.shape) == 5, "prod(x.shape) == 5", "6 != 5"),
        (lambda x, w: x.shape[0] == x.size, "x.shape[0] == x.size", "2 != 6"),
    ],
)
def test_expression_printing_and_values(xw, build, expect, actual):
    x, w = xw
    assert message_of(build(x, w)) == f"Expect: {expect}\nActual: {actual}"


def test_expect_stops_at_first_failure(xw):
    x, w = xw
    message = message_of(x.ndim == 2, x.shape[0] == 3, w.ndim == 3)
    assert message == "Expect: x.shape[0] == 3\nActual: 2 != 3"


def test_function_check_context_adds_header(xw):
    x, w = xw

    class LinearFunction:
        label = "LinearFunction"

    with T.get_function_check_context(LinearFunction()):
        message = message_of(x.shape[1] == w.shape[1])
    assert message == (
        "\nInvalid operation is performed in: LinearFunction (Forward)\n\n"
        "Expect: x.shape[1] == W.shape[1]\nActual: 3 != 5"
    )
    # Outside the context again, no header.
    assert message_of(x.shape[1] == w.shape[1]).startswith("Expect:")


def test_function_check_context_restores_on_error():
    class F:
        label = "F"

    with pytest.raises(KeyError):
        with T.get_function_check_context(F()):
            raise KeyError()
    assert str(T.InvalidType("a", "b")) == "Expect: a\nActual: b"


def test_invalid_type_attributes_and_msg():
    e = T.InvalidType("x == 1", "2 != 1")
    assert e.expect == "x == 1"
    assert e.actual == "2 != 1"
    assert str(T.InvalidType("a", "b", msg="custom")) == "custom"
    copied = pickle.loads(pickle.dumps(e))
    assert str(copied) == str(e)
    assert copied.expect == "x == 1"


def test_eval_and_symbolic_values(xw):
    x, w = xw
    assert T.eval(x.shape) == (2, 3)
    assert T.eval(x.shape[1:]) == (3,)
    assert T.eval(x.ndim * 2 + 1) == 5
    assert T.eval(x.dtype.kind) == "f"
    assert T.eval(x.dtype.type(3)) == numpy.float32(3)
    assert str(x.dtype.type(3)) == "x.dtype.type(3)"
    assert T.eval(3) == 3
    assert isinstance(x.shape[0] == 2, T.BoolBinaryOperator)
    assert T.eval(x.shape[0] == 2) is True


def test_expression_cannot_be_used_as_bool(xw):
    x, _ = xw
    with pytest.raises(RuntimeError, match="type_check.expect"):
        if x.ndim == 2:
            pass
    with pytest.raises(TypeError):
        list(x.shape)


def test_expect_rejects_plain_bool():
    with pytest.raises(TypeError):
        T.expect(True)


def test_argname_wrong_count(xw):
    with pytest.raises(T.InvalidType) as e:
        T.argname(xw, ("x",))
    assert str(e.value) == "Expect: 1 argument(s)\nActual: 2 argument(s)"


def test_accept_none():
    types = T.get_types((numpy.zeros(3, "f"), None), "grad", True)
    assert T.eval(types[1].ndim) == 0
    assert T.eval(types[1].dtype) is None
    assert str(types[1]) == "grad[1]"
    with pytest.raises(TypeError):
        T.get_types((None,), "in_types", False)


def test_get_types_with_shapes():
    types = T.get_types((numpy.zeros(3, "f"),), "in_types", False, shapes=((7, 2),))
    assert T.eval(types[0].shape) == (7, 2)
    assert T.eval(types[0].size) == 14


def test_type_info():
    info = T.TypeInfo((2, 3, 4), numpy.dtype("f"))
    assert info.ndim == 3
    assert info.size == 24
    assert T.TypeInfo((), None).size == 1


def test_node_classes_directly():
    c = T.Constant(5)
    v = T.Variable(3, "n")
    assert str(T.BinaryOperator(4, v, c, "+", lambda a, b: a + b)) == "n + 5"
    assert T.BinaryOperator(4, v, c, "+", lambda a, b: a + b).eval() == 8
    assert str(T.UnaryOperator(6, v, "~", lambda a: ~a)) == "~n"
    assert str(T.GetItem(v, (0, slice(1, None), Ellipsis))) == "n[0, 1:, ...]"
    assert str(T.GetAttr(v, "real")) == "n.real"
    assert str(T.Call(T.Variable(max, "max"), (v, 7))) == "max(n, 7)"
    assert T.Call(T.Variable(max, "max"), (v, 7)).eval() == 7
    assert str(T.make_variable(4, "k")) == "k"
    assert isinstance(T.BoolBinaryOperator(v, c, "==", "!=", lambda a, b: a == b), T.Testable)


def test_light_mode():
    x = numpy.zeros((2, 3), numpy.float32)
    types = T.get_light_types((x,))
    assert isinstance(types, T.LightTypeInfoTuple)
    assert types.size() == 1
    assert not T.in_light_mode()
    with T.light_mode:
        assert T.in_light_mode()
        T.expect(types[0].ndim == 2, types[0].dtype.kind == "f")
        T.argname(types, ("x",))
        assert T.make_variable(3, "n") == 3
        with pytest.raises(T.InvalidType):
            T.expect(types[0].ndim == 3)
        with pytest.raises(T.InvalidType):
            T.argname(types, ("x", "y"))
    assert not T.in_light_mode()
    shaped = T.get_light_types((x,), shapes=((6,),))
    assert shaped[0].shape == (6,) and shaped[0].dtype == numpy.float32


def test_same_types():
    a = numpy.zeros(1)
    assert T.same_types(a, a)
    assert T.same_types()

    class FakeArray:
        pass

    assert not T.same_types(a, FakeArray())


def test_expect_broadcast_shapes(xw):
    x, w = xw
    T.expect_broadcast_shapes(x.shape, (1, 3))
    T.expect_broadcast_shapes((2, 1), (1, 3))
    with pytest.raises(T.InvalidType) as e:
        T.expect_broadcast_shapes(x.shape, w.shape)
    assert str(e.value) == (
        "cannot broadcast inputs of the following shapes:\nx.shape = (2, 3)\nW.shape = (4, 5)"
    )


def test_prod():
    assert T.prod((2, 3, 4)) == 24
    assert T.prod(()) == 1


def test_imports_only_numpy_and_configuration():
    import ast
    import sys

    tree = ast.parse(open(T.__file__).read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    third_party = {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names}
    assert third_party <= {"numpy", "chainer.configuration"}
