"""Symbolic type checking of function inputs.

A ``FunctionNode.check_type_forward`` receives ``in_types``, a tuple of
symbolic :class:`Variable` s wrapping :class:`TypeInfo` objects. Operations
on them build an :class:`Expr` tree instead of computing a value, so that a
failed :func:`expect` can print both the expression and the actual values::

    Expect: x.shape[1] == W.shape[1]
    Actual: 3 != 4

In light mode (see :data:`light_mode`) the same code runs on plain
:class:`TypeInfo` objects and expressions evaluate eagerly, which is fast but
gives no message; the engine then re-runs the check symbolically to report.
"""

import contextlib
import functools
import operator
import threading

import numpy


class _ThreadState(threading.local):
    """Per-thread type-check state: light-mode depth and the function being checked."""

    light_depth = 0
    current_function = None


_thread_local = _ThreadState()

# Operator priorities: a higher number binds tighter. Atoms never need parentheses.
_PRIORITY_OR = 0
_PRIORITY_XOR = 1
_PRIORITY_AND = 2
_PRIORITY_SHIFT = 3
_PRIORITY_ADD = 4
_PRIORITY_MUL = 5
_PRIORITY_UNARY = 6
_PRIORITY_POW = 7
_PRIORITY_ATOM = 8
_PRIORITY_COMPARE = -1


def _eval_expr(value):
    return value.eval() if isinstance(value, Expr) else value


def _repr(value):
    return str(value)


def _repr_key(key):
    """Prints an index the way it is written inside ``[]``."""
    if isinstance(key, tuple):
        if len(key) == 1:
            return _repr_key(key[0]) + ","
        return ", ".join(_repr_key(k) for k in key)
    if isinstance(key, slice):
        start = "" if key.start is None else _repr(key.start)
        stop = "" if key.stop is None else _repr(key.stop)
        if key.step is None:
            return f"{start}:{stop}"
        return f"{start}:{stop}:{_repr(key.step)}"
    if key is Ellipsis:
        return "..."
    return _repr(key)


def _eval_key(key):
    if isinstance(key, tuple):
        return tuple(_eval_key(k) for k in key)
    if isinstance(key, slice):
        return slice(_eval_expr(key.start), _eval_expr(key.stop), _eval_expr(key.step))
    return _eval_expr(key)


def _binary(exp, priority, func, right_associative=False):
    def method(self, other):
        return BinaryOperator(priority, self, other, exp, func, right_associative)

    return method


def _reflected(exp, priority, func, right_associative=False):
    def method(self, other):
        return BinaryOperator(priority, other, self, exp, func, right_associative)

    return method


def _unary(exp, func):
    def method(self):
        return UnaryOperator(_PRIORITY_UNARY, self, exp, func)

    return method


def _compare(exp, inv, func):
    def method(self, other):
        return BoolBinaryOperator(self, other, exp, inv, func)

    return method


class Expr:
    """Base class of the nodes of a symbolic type-check expression.

    Args:
        priority (int): Binding strength used to decide where parentheses go.
    """

    def __init__(self, priority):
        self.priority = priority

    def eval(self):
        """Evaluates the expression.

        Returns:
            The actual value of the expression.
        """
        raise NotImplementedError()

    def __getattr__(self, name):
        # Private and special names are real lookups, so that copy, pickle and
        # introspection tools do not build expressions by accident.
        if name.startswith("_"):
            raise AttributeError(name)
        return GetAttr(self, name)

    def __getitem__(self, key):
        return GetItem(self, key)

    def __call__(self, *args):
        return Call(self, args)

    def __iter__(self):
        raise TypeError(
            "a type-check expression cannot be iterated; use type_check.eval() to get its value"
        )

    def __bool__(self):
        raise RuntimeError(
            f"a type-check expression ({self}) cannot be used as a bool; check it with "
            "type_check.expect() or get its value with type_check.eval()"
        )

    __eq__ = _compare("==", "!=", operator.eq)
    __ne__ = _compare("!=", "==", operator.ne)
    __lt__ = _compare("<", ">=", operator.lt)
    __le__ = _compare("<=", ">", operator.le)
    __gt__ = _compare(">", "<=", operator.gt)
    __ge__ = _compare(">=", "<", operator.ge)
    __hash__ = None

    __add__ = _binary("+", _PRIORITY_ADD, operator.add)
    __radd__ = _reflected("+", _PRIORITY_ADD, operator.add)
    __sub__ = _binary("-", _PRIORITY_ADD, operator.sub)
    __rsub__ = _reflected("-", _PRIORITY_ADD, operator.sub)
    __mul__ = _binary("*", _PRIORITY_MUL, operator.mul)
    __rmul__ = _reflected("*", _PRIORITY_MUL, operator.mul)
    __truediv__ = _binary("/", _PRIORITY_MUL, operator.truediv)
    __rtruediv__ = _reflected("/", _PRIORITY_MUL, operator.truediv)
    __floordiv__ = _binary("//", _PRIORITY_MUL, operator.floordiv)
    __rfloordiv__ = _reflected("//", _PRIORITY_MUL, operator.floordiv)
    __mod__ = _binary("%", _PRIORITY_MUL, operator.mod)
    __rmod__ = _reflected("%", _PRIORITY_MUL, operator.mod)
    __pow__ = _binary("**", _PRIORITY_POW, operator.pow, right_associative=True)
    __rpow__ = _reflected("**", _PRIORITY_POW, operator.pow, right_associative=True)
    __lshift__ = _binary("<<", _PRIORITY_SHIFT, operator.lshift)
    __rlshift__ = _reflected("<<", _PRIORITY_SHIFT, operator.lshift)
    __rshift__ = _binary(">>", _PRIORITY_SHIFT, operator.rshift)
    __rrshift__ = _reflected(">>", _PRIORITY_SHIFT, operator.rshift)
    __and__ = _binary("&", _PRIORITY_AND, operator.and_)
    __rand__ = _reflected("&", _PRIORITY_AND, operator.and_)
    __xor__ = _binary("^", _PRIORITY_XOR, operator.xor)
    __rxor__ = _reflected("^", _PRIORITY_XOR, operator.xor)
    __or__ = _binary("|", _PRIORITY_OR, operator.or_)
    __ror__ = _reflected("|", _PRIORITY_OR, operator.or_)

    __neg__ = _unary("-", operator.neg)
    __pos__ = _unary("+", operator.pos)
    __invert__ = _unary("~", operator.invert)


class Atom(Expr):
    """An expression that never needs parentheses (names, constants, lookups)."""

    def __init__(self):
        super().__init__(_PRIORITY_ATOM)


class Constant(Atom):
    """A literal value in an expression.

    Args:
        value: The value; it is printed with ``str``.
    """

    def __init__(self, value):
        super().__init__()
        self.value = value

    def __str__(self):
        return str(self.value)

    def eval(self):
        """Returns the value."""
        return self.value


class Variable(Atom):
    """A named value in an expression, such as ``in_types[0]`` or ``x``.

    Args:
        value: The value the name stands for.
        name (str): The name printed in messages.
    """

    def __init__(self, value, name):
        super().__init__()
        self.value = value
        self.name = name

    def __str__(self):
        return self.name

    def eval(self):
        """Returns the value."""
        return self.value


class GetAttr(Atom):
    """Attribute access ``obj.name`` in an expression.

    Args:
        obj: The object (an expression or a value).
        name: The attribute name (a ``str`` or an expression giving one).
    """

    def __init__(self, obj, name):
        super().__init__()
        self.obj = obj
        self.name = name

    def __str__(self):
        name = self.name
        if isinstance(name, Constant):
            name = name.value
        if isinstance(name, str):
            return f"{_parenthesize(self.obj, self.priority)}.{name}"
        return f"getattr({_repr(self.obj)}, {_repr(self.name)})"

    def eval(self):
        """Returns the attribute value."""
        return getattr(_eval_expr(self.obj), _eval_expr(self.name))


class GetItem(Atom):
    """Indexing ``obj[key]`` in an expression.

    Args:
        obj: The object (an expression or a value).
        key: The index: an int, a slice, a tuple or an expression.
    """

    def __init__(self, obj, key):
        super().__init__()
        self.obj = obj
        self.key = key

    def __str__(self):
        return f"{_parenthesize(self.obj, self.priority)}[{_repr_key(self.key)}]"

    def eval(self):
        """Returns the indexed value."""
        return _eval_expr(self.obj)[_eval_key(self.key)]


class Call(Atom):
    """A call ``obj(*args)`` in an expression.

    Args:
        obj: The callable (an expression or a value).
        args: Sequence of arguments (expressions or values).
    """

    def __init__(self, obj, args):
        super().__init__()
        self.obj = obj
        self.args = tuple(args)

    def __str__(self):
        return "{}({})".format(
            _parenthesize(self.obj, self.priority), ", ".join(_repr(a) for a in self.args)
        )

    def eval(self):
        """Returns the result of the call."""
        return _eval_expr(self.obj)(*[_eval_expr(a) for a in self.args])


def _parenthesize(value, priority, on_tie=False):
    """Prints ``value``, in parentheses where it binds looser than ``priority``."""
    text = _repr(value)
    if isinstance(value, Expr) and (
        value.priority < priority or (on_tie and value.priority == priority)
    ):
        return f"({text})"
    return text


class UnaryOperator(Expr):
    """A prefix operator such as ``-x``.

    Args:
        priority (int): Binding strength of the operator.
        term: The operand.
        exp (str): The operator symbol.
        func: The function computing the result.
    """

    def __init__(self, priority, term, exp, func):
        super().__init__(priority)
        self.term = term
        self.exp = exp
        self.func = func

    def __str__(self):
        return f"{self.exp}{_parenthesize(self.term, self.priority)}"

    def eval(self):
        """Returns the result of the operator."""
        return self.func(_eval_expr(self.term))


class BinaryOperator(Expr):
    """An infix arithmetic or bitwise operator such as ``a + b``.

    Args:
        priority (int): Binding strength of the operator.
        lhs: The left operand.
        rhs: The right operand.
        exp (str): The operator symbol.
        func: The function computing the result.
        right_associative (bool): ``True`` for ``**``.
    """

    def __init__(self, priority, lhs, rhs, exp, func, right_associative=False):
        super().__init__(priority)
        self.lhs = lhs
        self.rhs = rhs
        self.exp = exp
        self.func = func
        self.right_associative = right_associative

    def __str__(self):
        # An operand of equal priority needs parentheses on the side opposite
        # to the associativity: (a - b) - c prints as a - b - c, a - (b - c) does not.
        left = _parenthesize(self.lhs, self.priority, on_tie=self.right_associative)
        right = _parenthesize(self.rhs, self.priority, on_tie=not self.right_associative)
        return f"{left} {self.exp} {right}"

    def eval(self):
        """Returns the result of the operator."""
        return self.func(_eval_expr(self.lhs), _eval_expr(self.rhs))


class Testable:
    """An object that can be checked by :func:`expect`."""

    def expect(self):
        """Raises :class:`InvalidType` when the condition does not hold."""
        raise NotImplementedError()


class BoolBinaryOperator(Expr, Testable):
    """A comparison such as ``x.ndim == 2``, checkable by :func:`expect`.

    Args:
        lhs: The left operand.
        rhs: The right operand.
        exp (str): The comparison symbol.
        inv (str): The symbol of the negated comparison, used in the
            ``Actual:`` line of the message.
        func: The function computing the comparison.
    """

    def __init__(self, lhs, rhs, exp, inv, func):
        super().__init__(_PRIORITY_COMPARE)
        self.lhs = lhs
        self.rhs = rhs
        self.exp = exp
        self.inv = inv
        self.func = func

    def __str__(self):
        left = _parenthesize(self.lhs, self.priority, on_tie=True)
        right = _parenthesize(self.rhs, self.priority, on_tie=True)
        return f"{left} {self.exp} {right}"

    def eval(self):
        """Returns the truth value of the comparison."""
        return self.func(_eval_expr(self.lhs), _eval_expr(self.rhs))

    def expect(self):
        """Raises :class:`InvalidType` when the comparison is false."""
        left = _eval_expr(self.lhs)
        right = _eval_expr(self.rhs)
        if not self.func(left, right):
            raise InvalidType(str(self), f"{left} {self.inv} {right}")


class InvalidType(Exception):
    """Raised when the types of a function's inputs are not acceptable.

    Inside :func:`get_function_check_context`, the message starts with a
    header naming the function.

    Args:
        expect (str): The expected condition.
        actual (str): The actual values.
        msg (str): A message to use instead of the ``Expect:``/``Actual:`` lines.
    """

    def __init__(self, expect, actual, msg=None):
        if msg is None:
            msg = f"Expect: {expect}\nActual: {actual}"
        function = _thread_local.current_function
        header = "Invalid operation is performed in: "
        if function is not None and not msg.startswith("\n" + header):
            msg = f"\n{header}{_label_of(function)} (Forward)\n\n{msg}"
        super().__init__(msg)
        self.expect = expect
        self.actual = actual

    def __reduce__(self):
        return (_rebuild_invalid_type, (self.expect, self.actual, str(self)))


def _rebuild_invalid_type(expect, actual, msg):
    return InvalidType(expect, actual, msg)


def _label_of(function):
    label = getattr(function, "label", None)
    return label if label is not None else type(function).__name__


@contextlib.contextmanager
def get_function_check_context(f):
    """Context manager naming the function whose types are being checked.

    An :class:`InvalidType` raised inside gets the header
    ``Invalid operation is performed in: <f.label> (Forward)``.

    Args:
        f: The function node; its ``label`` is printed.
    """
    previous = _thread_local.current_function
    _thread_local.current_function = f
    try:
        yield
    finally:
        _thread_local.current_function = previous


class TypeInfo:
    """The shape and dtype of one array, as seen by a type check.

    Args:
        shape (tuple of int): Shape of the array.
        dtype (numpy.dtype): Dtype of the array (``None`` for a missing one).

    Attributes:
        shape (tuple of int): Shape of the array.
        dtype (numpy.dtype): Dtype of the array.
        ndim (int): Number of dimensions.
    """

    def __init__(self, shape, dtype):
        self.shape = shape
        self.dtype = dtype
        self.ndim = len(shape)

    @property
    def size(self):
        """int: Number of elements."""
        return functools.reduce(operator.mul, self.shape, 1)

    def __repr__(self):
        return f"TypeInfo(shape={self.shape}, dtype={self.dtype})"


class TypeInfoTuple(tuple):
    """Tuple of symbolic input types; its ``size()`` is symbolic too."""

    name = "in_types"

    def size(self):
        """Returns the number of inputs as a symbolic :class:`Variable`."""
        return Variable(len(self), f"{self.name}.size")


class LightTypeInfoTuple(tuple):
    """Tuple of plain :class:`TypeInfo` objects used in light mode."""

    def size(self):
        """Returns the number of inputs."""
        return len(self)

    def eval(self):
        """Returns itself (light-mode values are already evaluated)."""
        return self


def _shapes_of(data, shapes):
    if shapes is None:
        return tuple(x.shape for x in data)
    if len(shapes) != len(data):
        raise ValueError("shapes must have as many entries as data")
    return tuple(shapes)


def get_types(data, name, accept_none, *, shapes=None):
    """Builds the symbolic input types that ``check_type_forward`` receives.

    Args:
        data (tuple of arrays): The input arrays.
        name (str): Name of the tuple in messages (e.g. ``'in_types'``); the
            i-th element is printed as ``name[i]``.
        accept_none (bool): Whether ``None`` elements are allowed; they become
            types with shape ``()`` and dtype ``None``.
        shapes (tuple of tuples): Shapes to use instead of the arrays' own.

    Returns:
        TypeInfoTuple: One :class:`Variable` over a :class:`TypeInfo` per input.
    """
    if not isinstance(data, tuple):
        raise TypeError(f"data must be a tuple, not {type(data).__name__}")
    if shapes is None:
        shapes = tuple(None if x is None else x.shape for x in data)
    elif len(shapes) != len(data):
        raise ValueError("shapes must have as many entries as data")
    info = TypeInfoTuple(
        _get_type(name, i, x, accept_none, shape) for i, (x, shape) in enumerate(zip(data, shapes))
    )
    info.name = name
    return info


def _get_type(name, index, array, accept_none, shape):
    label = f"{name}[{index}]"
    if array is None:
        if not accept_none:
            raise TypeError(f"{label} is None")
        return Variable(TypeInfo((), None), label)
    return Variable(TypeInfo(shape, array.dtype), label)


def get_light_types(data, *, shapes=None):
    """Builds plain input types for a light-mode type check.

    Args:
        data (tuple of arrays): The input arrays.
        shapes (tuple of tuples): Shapes to use instead of the arrays' own.

    Returns:
        LightTypeInfoTuple: One :class:`TypeInfo` per input.
    """
    if shapes is None:
        return LightTypeInfoTuple(TypeInfo(x.shape, x.dtype) for x in data)
    shapes = _shapes_of(data, shapes)
    return LightTypeInfoTuple(TypeInfo(s, x.dtype) for x, s in zip(data, shapes))


def eval(exp):
    """Evaluates an expression (or returns a plain value unchanged).

    Args:
        exp: An :class:`Expr` or a value.

    Returns:
        The actual value.
    """
    return _eval_expr(exp)


def make_variable(value, name):
    """Wraps a value as a named :class:`Variable` (the value itself in light mode).

    Args:
        value: The value.
        name (str): The name printed in messages.
    """
    if in_light_mode():
        return value
    return Variable(value, name)


def expect(*bool_exprs):
    """Checks that every condition holds.

    Args:
        bool_exprs: :class:`Testable` conditions (plain bools in light mode).

    Raises:
        InvalidType: For the first condition that does not hold.
    """
    for exp in bool_exprs:
        if isinstance(exp, Testable):
            exp.expect()
        elif _thread_local.light_depth:
            # Light mode: conditions are plain values, evaluated already.
            if not exp:
                raise InvalidType("", "")
        else:
            raise TypeError(
                f"type_check.expect takes comparisons of type-check expressions, got {exp!r}"
            )


def argname(in_types, names):
    """Gives each input a readable name used in messages.

    Args:
        in_types: The input types received by ``check_type_forward``.
        names (sequence of str): One name per input, e.g. ``('x', 'W')``.

    Raises:
        InvalidType: When the numbers of inputs and names differ.
    """
    light = type(in_types) is LightTypeInfoTuple or in_light_mode()
    if len(in_types) != len(names):
        raise InvalidType(
            f"{len(names)} argument(s)",
            f"{len(in_types)} argument(s)",
            "" if light else None,
        )
    if light:
        return
    for in_type, name in zip(in_types, names):
        if isinstance(in_type, Variable):
            in_type.name = name


_argname = argname


def same_types(*arrays):
    """Returns whether all arrays belong to the same array library.

    Args:
        arrays: Arrays to compare (NumPy, CuPy, ...).

    Returns:
        bool: ``True`` when all are NumPy arrays or all come from one other library.
    """
    if not arrays:
        return True
    if all(isinstance(x, numpy.ndarray) for x in arrays):
        return True
    if any(isinstance(x, numpy.ndarray) for x in arrays):
        return False
    modules = {type(x).__module__.split(".")[0] for x in arrays}
    return len(modules) == 1


def expect_broadcast_shapes(*shape_types):
    """Checks that shapes can be broadcast together.

    Args:
        shape_types: Shapes (symbolic or plain tuples) of the arrays to broadcast.

    Raises:
        InvalidType: When the shapes are not compatible.
    """
    shapes = [tuple(_eval_expr(s)) for s in shape_types]
    try:
        numpy.broadcast_shapes(*shapes)
    except ValueError:
        lines = ["cannot broadcast inputs of the following shapes:"]
        lines += [f"{t} = {s}" for t, s in zip(shape_types, shapes)]
        raise InvalidType("", "", msg="\n".join(lines)) from None


def _product(xs):
    return functools.reduce(operator.mul, xs, 1)


_prod_variable = Variable(_product, "prod")


def prod(xs):
    """Product of the elements of a sequence (symbolic for an expression).

    Args:
        xs: A sequence of numbers, or an expression giving one (like ``x.shape``).

    Returns:
        The product, or a :class:`Call` expression printed as ``prod(...)``.
    """
    if isinstance(xs, Expr):
        return Call(_prod_variable, (xs,))
    return _product(xs)


class LightMode:
    """Context manager in which type checks run on plain values, eagerly."""

    def __enter__(self):
        _thread_local.light_depth += 1

    def __exit__(self, *exc_info):
        _thread_local.light_depth -= 1


light_mode = LightMode()


def in_light_mode():
    """Returns whether the current thread is inside :data:`light_mode`."""
    return _thread_local.light_depth > 0
