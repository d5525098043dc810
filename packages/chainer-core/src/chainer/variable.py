"""Variable: an array with the record of how it was computed.

Calling a function on Variables runs the computation at once and records it
(define-by-run); :meth:`Variable.backward` walks that record backwards.
"""

from __future__ import annotations

import weakref

import numpy

import chainer
from chainer import _array_types
from chainer.variable_node import VariableNode


def _check_array(array, what):
    if array is not None and not isinstance(array, _array_types.ARRAY_TYPES):
        raise TypeError(
            f"{what} must be a numpy.ndarray or cupy.ndarray (or None), "
            f"but {type(array).__module__}.{type(array).__name__} was given"
        )


def _check_grad(grad, array, what="grad"):
    """Checks that a gradient array matches its variable's array."""
    if grad is None or array is None:
        return
    if type(grad) is not type(array):
        raise TypeError(
            f"{what}: the gradient's array type {type(grad).__name__} differs from the "
            f"variable's {type(array).__name__}"
        )
    if grad.dtype != array.dtype:
        raise TypeError(f"{what}: dtype {grad.dtype} differs from the variable's {array.dtype}")
    if grad.shape != array.shape:
        raise ValueError(f"{what}: shape {grad.shape} differs from the variable's {array.shape}")


class Variable:
    """Array with a computational-graph record.

    Args:
        data (numpy.ndarray or cupy.ndarray or None): the array. None makes an
            uninitialized variable (as used for lazily initialized parameters).
        name (str): an optional name shown in reprs and graphs.
        grad (array): an initial gradient array.
        requires_grad (bool): whether backprop computes this variable's gradient.

    Attributes:
        data: the same as :attr:`array` (Chainer's older name).
    """

    # Make NumPy defer to Variable's reflected operators (``ndarray * Variable``).
    __array_priority__ = 200

    def __init__(self, data=None, *, name=None, grad=None, requires_grad=True):
        _check_array(data, "Variable's data")
        self._data = data
        self._requires_grad = requires_grad
        self._node = VariableNode(self, name)
        self._grad_var = None
        if grad is not None:
            self.grad = grad

    @classmethod
    def _for_output(cls, data, requires_grad):
        """A new Variable around an op's output array (checked by the engine already)."""
        variable = cls.__new__(cls)
        variable._data = data
        variable._requires_grad = requires_grad
        variable._node = VariableNode(variable, None)
        variable._grad_var = None
        return variable

    @classmethod
    def _from_node(cls, data, node):
        """Wraps an existing graph node in a new Variable (used by backprop)."""
        variable = cls.__new__(cls)
        variable._data = data
        variable._requires_grad = node.requires_grad
        variable._node = node
        variable._grad_var = None
        node._variable = weakref.ref(variable)
        return variable

    # -- the array -----------------------------------------------------------

    @property
    def array(self):
        """The underlying array (numpy.ndarray or cupy.ndarray)."""
        return self._data

    @array.setter
    def array(self, value):
        _check_array(value, "Variable.array")
        self._data = value
        if value is not None:
            self._node._update_from_array(value)
        if self._node.data is not None:
            self._node.data = value

    data = array

    @property
    def raw_array(self):
        """The underlying array, without conversion (the same as :attr:`array`)."""
        return self._data

    @property
    def shape(self):
        return self._data.shape if self._data is not None else self._node.shape

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return self._data.size

    @property
    def dtype(self):
        return self._data.dtype if self._data is not None else self._node.dtype

    @property
    def xp(self):
        """The array module of the variable's array: numpy or cupy."""
        return chainer.backend.get_array_module(self._data)

    @property
    def device(self):
        """The :class:`chainer.backend.Device` the array lives on."""
        return chainer.backend.get_device_from_array(self._data)

    @property
    def layout(self):
        """The memory layout (always None: arrays use their natural layout)."""
        return None

    def as_layout(self, layout):
        """Returns the variable in memory ``layout``; only the natural layout (None) exists.

        Args:
            layout: None.
        """
        if layout is not None:
            raise ValueError(
                f"memory layout {layout!r} is not supported: arrays keep their natural layout "
                "(layout=None)"
            )
        return self

    def item(self):
        """The value of a one-element variable as a Python scalar."""
        return self._data.item()

    def __len__(self):
        shape = self.shape
        if not shape:
            raise TypeError("len() of a 0-dimensional variable")
        return shape[0]

    # -- the gradient -------------------------------------------------------

    @property
    def grad(self):
        """The gradient array, or None."""
        grad_var = self._grad_var
        return None if grad_var is None else grad_var._data

    @grad.setter
    def grad(self, g):
        if g is None:
            self._grad_var = None
            return
        _check_array(g, "Variable.grad")
        _check_grad(g, self._data)
        self._grad_var = Variable(g, requires_grad=False)

    @property
    def grad_var(self):
        """The gradient as a Variable (carries a graph under double backprop), or None."""
        return self._grad_var

    @grad_var.setter
    def grad_var(self, g):
        if g is not None:
            if not isinstance(g, Variable):
                raise TypeError(f"grad_var must be a Variable or None, not {type(g).__name__}")
            _check_grad(g._data, self._data, "grad_var")
        self._grad_var = g

    def cleargrad(self):
        """Forgets the gradient (sets it to None)."""
        self._grad_var = None

    def zerograd(self):
        """Fills the gradient with zeros (allocating it if needed).

        Prefer :meth:`cleargrad`, which frees the memory instead.
        """
        if self._data is None:
            return
        if self._grad_var is None:
            xp = chainer.backend.get_array_module(self._data)
            self._grad_var = Variable(xp.zeros_like(self._data), requires_grad=False)
        else:
            self._grad_var._data.fill(0)

    def addgrad(self, var):
        """Adds ``var``'s gradient to this variable's, moving it to this device if needed."""
        src = var.grad_var
        if src is None:
            return
        src_array = src._data
        if self._data is not None:
            src_array = self.device.send(src_array)
        if self._grad_var is None:
            self._grad_var = Variable(src_array.copy(), requires_grad=False)
        else:
            self._grad_var._data += src_array

    # -- graph -------------------------------------------------------------

    @property
    def node(self):
        """The :class:`VariableNode` recording this variable in the graph."""
        return self._node

    @property
    def creator_node(self):
        """The :class:`~chainer.FunctionNode` that computed this variable, or None."""
        return self._node.creator_node

    @creator_node.setter
    def creator_node(self, node):
        self._node.set_creator_node(node)

    @property
    def creator(self):
        """The creator as the legacy API sees it (a ``Function`` for adapters)."""
        return self._node.creator

    @creator.setter
    def creator(self, func):
        self._node.set_creator(func)

    def set_creator(self, gen_func):
        """Sets the creator (legacy ``Function`` API)."""
        self._node.set_creator(gen_func)

    def set_creator_node(self, fnode):
        """Makes this variable an output of ``fnode``."""
        self._node.set_creator_node(fnode)

    @property
    def rank(self):
        """The depth of this variable in the graph."""
        return self._node.rank

    @property
    def requires_grad(self):
        """Whether backprop computes a gradient for this variable."""
        return self._requires_grad

    @property
    def name(self):
        return self._node.name

    @name.setter
    def name(self, n):
        self._node.name = n

    @property
    def label(self):
        """A short text with the shape and dtype."""
        return self._node.label

    def retain_data(self):
        """Keeps the array in the graph node even if this Variable is deleted."""
        self._node.data = self._data

    def unchain(self):
        """Cuts the link to the creator: backprop stops at this variable."""
        self._node.unchain()

    def unchain_backward(self):
        """Cuts every link of the graph behind this variable (frees its memory)."""
        stack = []
        seen = set()
        creator = self._node.creator_node
        if creator is not None:
            stack.append(creator)
        while stack:
            func = stack.pop()
            if id(func) in seen:
                continue
            seen.add(id(func))
            for x in func.inputs:
                creator = x.creator_node
                if creator is not None:
                    stack.append(creator)
                x.unchain()
            func.unchain()
        self._node.unchain()

    def backward(self, retain_grad=False, enable_double_backprop=False, loss_scale=None):
        """Computes the gradients of this variable with respect to everything behind it.

        The gradient of this variable itself defaults to ones when it has a
        single element; otherwise set :attr:`grad` first.

        Args:
            retain_grad (bool): keep the gradients of intermediate variables too.
            enable_double_backprop (bool): record the backward computation so
                that the gradients can be differentiated again.
            loss_scale (float): multiply the initial gradient by this factor
                (for float16 training); gradients of the leaves are scaled too.
        """
        from chainer import _backprop

        _backprop.backward(
            [self],
            None,
            retain_grad=retain_grad,
            enable_double_backprop=enable_double_backprop,
            loss_scale=loss_scale,
        )

    # -- devices -----------------------------------------------------------

    def to_device(self, device):
        """Moves the array and the gradient to ``device`` (any :func:`chainer.get_device` spec)."""
        device = chainer.get_device(device)
        if self._data is not None:
            self.array = device.send(self._data)
        if self._grad_var is not None:
            self._grad_var._data = device.send(self._grad_var._data)
        return self

    def to_cpu(self):
        """Moves the array and the gradient to the CPU."""
        return self.to_device("@numpy")

    def to_gpu(self, device=None):
        """Moves the array and the gradient to a GPU (the current one by default)."""
        return self.to_device(chainer.backends.cuda._gpu_device_spec(device))

    def to_intel64(self):
        """Moves the variable to the ``'@intel64'`` device (needs chainer-mkldnn)."""
        return self.to_device("@intel64")

    # -- data copy helpers --------------------------------------------------

    def copydata(self, var):
        """Copies ``var``'s array into this variable's array (across devices too)."""
        src = var._data
        dst = self._data
        if dst is None:
            self.array = src.copy()
            return
        chainer.backend.copyto(dst, src)

    # -- operations as methods ---------------------------------------------

    def reshape(self, *shape):
        """Reshapes the variable (differentiably); takes a tuple or integers."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = shape[0]
        return chainer.functions.reshape(self, tuple(shape))

    def transpose(self, *axes):
        """Permutes the axes (differentiably); no axes reverses them."""
        if len(axes) == 0:
            axes = None
        elif len(axes) == 1 and (isinstance(axes[0], (tuple, list)) or axes[0] is None):
            axes = axes[0]
        return chainer.functions.transpose(self, axes)

    @property
    def T(self):
        """The transposed variable."""
        return chainer.functions.transpose(self)

    def mean(self, axis=None, *, weights=None, keepdims=False):
        """The (weighted) mean along ``axis``; see :func:`chainer.functions.average`."""
        return chainer.functions.average(self, axis=axis, weights=weights, keepdims=keepdims)

    # -- printing ------------------------------------------------------------

    def summary(self):
        """A one-line description: name, shape and dtype."""
        name = "" if self.name is None else f"{self.name} "
        return f"<variable {name}{self.shape} {self.dtype}>"

    def debug_print(self):
        """A multi-line text with the statistics of the array and the gradient."""
        lines = [self.summary(), f"- device: {self.device}"]
        array = self._data
        if array is None:
            lines.append("- data: None")
        else:
            lines.append(f"- backend: {type(array)}")
            lines.append(f"- shape: {array.shape}")
            lines.append(f"- dtype: {array.dtype}")
            lines.extend(_statistics("data", array))
        if self.grad is None:
            lines.append("- grad: None")
        else:
            lines.extend(_statistics("grad", self.grad))
        return "\n".join(lines)

    def __repr__(self):
        if self._data is None:
            return "variable(None)" if self.name is None else f"variable {self.name}(None)"
        body = numpy.array2string(
            chainer.backend.CpuDevice().send(self._data), separator=", ", prefix="variable("
        )
        if self.name:
            return f"variable {self.name}({body})"
        return f"variable({body})"

    def __str__(self):
        if self._data is None:
            return "None"
        return str(chainer.backend.CpuDevice().send(self._data))

    # -- comparisons are not defined (they would silently drop the graph) -----

    def _no_comparison(self, other):
        raise NotImplementedError(
            "comparison of Variables is not supported; compare their .array instead"
        )

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _no_comparison
    __hash__ = object.__hash__

    def __bool__(self):
        raise NotImplementedError(
            "the truth value of a Variable is not defined; use bool(variable.array) instead"
        )


def _statistics(what, array):
    array = chainer.backend.CpuDevice().send(array)
    if array.size == 0:
        return [f"- {what}: (empty)"]
    return [
        f"- {what} statistics: mean={array.mean():.8f}, std={array.std():.8f}",
        f"- {what} min={array.min():.8f}, max={array.max():.8f}",
    ]


def as_variable(obj):
    """Returns ``obj`` if it is a Variable, else wraps the array in one that needs no grad.

    Args:
        obj (Variable or array): the input.

    Returns:
        Variable: ``obj`` itself, or a new Variable with ``requires_grad=False``.
    """
    if isinstance(obj, Variable):
        return obj
    return Variable(obj, requires_grad=False)


def as_array(obj):
    """Returns the array of a Variable, or ``obj`` itself if it is an array."""
    if isinstance(obj, Variable):
        return obj.array
    return obj


def __getattr__(name):
    # chainer.variable.Parameter is where Chainer v7 users find Parameter.
    if name == "Parameter":
        from chainer.parameter import Parameter

        return Parameter
    raise AttributeError(f"module 'chainer.variable' has no attribute {name!r}")
