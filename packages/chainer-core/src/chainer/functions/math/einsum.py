"""einsum: Einstein summation over the subscripts of one or more operands."""

from __future__ import annotations

import string

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check

_ELL = "..."
# Sublist labels: 0-25 are 'A'-'Z' and 26-51 'a'-'z', so that the implicit output
# (sorted letters) follows the order of the ints.
_SYMBOLS = string.ascii_uppercase + string.ascii_lowercase


# -- subscripts ---------------------------------------------------------------


def _parse_term(term, what):
    """The tokens (letters and ``'...'``) of one comma-separated term."""
    tokens = []
    i = 0
    while i < len(term):
        c = term[i]
        if c == ".":
            if term[i : i + 3] != _ELL or _ELL in tokens:
                raise ValueError(
                    f"einsum: invalid ellipsis in {what} {term!r}; '...' may appear once"
                )
            tokens.append(_ELL)
            i += 3
        elif c in string.ascii_letters:
            tokens.append(c)
            i += 1
        else:
            raise ValueError(
                f"einsum: invalid character {c!r} in {what} {term!r}; subscripts are "
                "letters a-z, A-Z and '...'"
            )
    return tuple(tokens)


def _parse_subscripts(subscripts, n_operands):
    """``(in_subs, out_sub)``, token tuples, from a subscripts string."""
    s = subscripts.replace(" ", "")
    if s.count("->") > 1:
        raise ValueError(f"einsum: the subscripts {subscripts!r} hold more than one '->'")
    lhs, arrow, rhs = s.partition("->")
    terms = lhs.split(",")
    if len(terms) != n_operands:
        raise ValueError(
            f"einsum: the subscripts {subscripts!r} name {len(terms)} operand(s), "
            f"but {n_operands} were given"
        )
    in_subs = tuple(
        _parse_term(term, f"the subscripts of operand {i}") for i, term in enumerate(terms)
    )
    if not arrow:
        counts = {}
        for sub in in_subs:
            for c in sub:
                counts[c] = counts.get(c, 0) + 1
        ell = (_ELL,) if _ELL in counts else ()
        once = sorted(c for c, n in counts.items() if n == 1 and c != _ELL)
        return in_subs, ell + tuple(once)
    out_sub = _parse_term(rhs, "the output subscripts")
    seen = set()
    letters_in = {c for sub in in_subs for c in sub}
    for c in out_sub:
        if c in seen:
            raise ValueError(f"einsum: output subscript {c!r} appears more than once")
        seen.add(c)
        if c != _ELL and c not in letters_in:
            raise ValueError(
                f"einsum: output subscript {c!r} does not appear in the input subscripts"
            )
    return in_subs, out_sub


def _sublist_term(sublist, what):
    if isinstance(sublist, str) or not hasattr(sublist, "__iter__"):
        raise TypeError(f"einsum: {what} must be a list of ints and Ellipsis, got {sublist!r}")
    out = []
    for item in sublist:
        if item is Ellipsis:
            out.append(_ELL)
        elif isinstance(item, int) and not isinstance(item, bool) and 0 <= item < 52:
            out.append(_SYMBOLS[item])
        else:
            raise ValueError(
                f"einsum: {what} holds {item!r}; a subscript is an int in [0, 52) or Ellipsis"
            )
    return "".join(out)


def _from_sublists(operands):
    """The subscripts string and operands of ``(x0, sub0, x1, sub1, ..., [out])``."""
    operands = list(operands)
    out = operands.pop() if len(operands) % 2 == 1 else None
    arrays = operands[0::2]
    terms = [
        _sublist_term(s, f"the subscripts of operand {i}") for i, s in enumerate(operands[1::2])
    ]
    subscripts = ",".join(terms)
    if out is not None:
        subscripts += "->" + _sublist_term(out, "the output subscripts")
    return subscripts, arrays


# -- shapes -------------------------------------------------------------------


def _axis_labels(sub, ndim):
    """One label per axis: the letter, or ``('...', k)`` for the k-th axis of the ellipsis."""
    n_ell = ndim - (len(sub) - (1 if _ELL in sub else 0))
    labels = []
    for token in sub:
        if token == _ELL:
            labels.extend((_ELL, k) for k in range(n_ell))
        else:
            labels.append(token)
    return labels


def _term(sub):
    return "".join(sub)


def _label_sizes(in_subs, shapes):
    sizes = {}
    for sub, shape in zip(in_subs, shapes):
        for label, size in zip(_axis_labels(sub, len(shape)), shape):
            sizes.setdefault(label, size)
    return sizes


# -- the computation ----------------------------------------------------------


def _compute(xp, in_subs, out_sub, arrays, out_shape):
    """``einsum`` that also sums over an ellipsis missing from the output and whose
    output subscripts may repeat a letter (a diagonal) or hold letters (or an
    ellipsis) that no input has (broadcast to ``out_shape``)."""
    dtype = arrays[0].dtype
    present = {t for sub in in_subs for t in sub}
    direct = []
    for t in out_sub:
        if t in present and t not in direct:
            direct.append(t)
    sum_ell = _ELL in present and _ELL not in out_sub
    spec = ",".join(_term(sub) for sub in in_subs) + "->" + ("..." if sum_ell else "")
    spec += _term(direct)
    kwargs = {"optimize": True} if len(arrays) >= 3 else {}
    z = xp.einsum(spec, *arrays, **kwargs)
    if sum_ell:
        n_ell = z.ndim - len(direct)
        if n_ell:
            z = z.sum(axis=tuple(range(n_ell)))
    z = xp.asarray(z, dtype=dtype)

    out_labels = _axis_labels(out_sub, len(out_shape))
    direct_labels = _axis_labels(direct, z.ndim)
    if direct_labels == out_labels:
        if len(arrays) == 1 and xp.may_share_memory(z, arrays[0]):
            z = z.copy()
        return z
    # Write z into the diagonal (repeated letters) of a zero output, repeated
    # along the axes that no input has.
    y = xp.zeros(out_shape, dtype=dtype)
    unique = list(dict.fromkeys(out_labels))
    shape = [out_shape[out_labels.index(u)] for u in unique]
    strides = [
        sum(y.strides[p] for p, label in enumerate(out_labels) if label == u) for u in unique
    ]
    view = xp.lib.stride_tricks.as_strided(y, shape=shape, strides=strides)
    direct_set = set(direct_labels)
    view[...] = z.reshape([s if u in direct_set else 1 for u, s in zip(unique, shape)])
    return y


class EinSum(FunctionNode):
    """Einstein summation; the gradient nodes allow a diagonal or broadcast output.

    Args:
        in_subs (tuple of tuples): the tokens of each operand's subscripts.
        out_sub (tuple): the tokens of the output subscripts.
        out_shape (tuple of ints or None): the output shape, needed when the
            output has labels that no operand has (None: from the operands).
        strict (bool): the public function's rule: an ellipsis that stands
            for axes must appear in the output (ValueError otherwise).
    """

    def __init__(self, in_subs, out_sub, out_shape=None, strict=False):
        self.in_subs = tuple(tuple(s) for s in in_subs)
        self.out_sub = tuple(out_sub)
        self.out_shape = None if out_shape is None else tuple(out_shape)
        self.strict = strict

    @property
    def label(self):
        return "EinSum"

    def check_type_forward(self, in_types):
        n = len(self.in_subs)
        type_check._argname(in_types, tuple(f"x{i}" for i in range(n)))
        for in_type in in_types:
            type_check.expect(in_type.dtype.kind == "f", in_type.dtype == in_types[0].dtype)
        sizes = {}
        ell_shape = None
        for i, (sub, in_type) in enumerate(zip(self.in_subs, in_types)):
            shape = tuple(type_check.eval(in_type.shape))
            term = _term(sub)
            n_named = len(sub) - (1 if _ELL in sub else 0)
            if _ELL in sub and len(shape) < n_named:
                raise type_check.InvalidType(
                    f"x{i}.ndim >= {n_named} (subscripts {term!r})", f"x{i}.ndim == {len(shape)}"
                )
            if _ELL not in sub and len(shape) != n_named:
                raise type_check.InvalidType(
                    f"x{i}.ndim == {n_named} (subscripts {term!r})", f"x{i}.ndim == {len(shape)}"
                )
            labels = _axis_labels(sub, len(shape))
            for axis, (label, size) in enumerate(zip(labels, shape)):
                if isinstance(label, tuple):
                    continue
                if label in sizes and sizes[label][0] != size:
                    size0, where = sizes[label]
                    raise type_check.InvalidType(
                        f"the axes labelled {label!r} have one length",
                        f"{where} == {size0}, x{i}.shape[{axis}] == {size}",
                    )
                sizes.setdefault(label, (size, f"x{i}.shape[{axis}]"))
            if _ELL in sub:
                here = tuple(s for label, s in zip(labels, shape) if isinstance(label, tuple))
                if ell_shape is not None and ell_shape[0] != here:
                    raise type_check.InvalidType(
                        "the axes of '...' have one shape in every operand",
                        f"x{ell_shape[1]}: {ell_shape[0]}, x{i}: {here}",
                    )
                if ell_shape is None:
                    ell_shape = (here, i)

    def forward(self, inputs):
        n = len(inputs)
        # Each operand's gradient needs the other operands, none of its own.
        if n > 1:
            self.retain_inputs(tuple(range(n)))
        self._in_shapes = [x.shape for x in inputs]
        if self.strict and _ELL not in self.out_sub:
            for sub, shape in zip(self.in_subs, self._in_shapes):
                if _ELL in sub and len(shape) > len(sub) - 1:
                    raise ValueError(
                        "einsum: '...' stands for axes of the operands, so the output "
                        f"subscripts {_term(self.out_sub)!r} must hold it too (einsum does "
                        "not sum over an ellipsis)"
                    )
        out_shape = self.out_shape
        if out_shape is None:
            sizes = _label_sizes(self.in_subs, self._in_shapes)
            n_ell = sum(1 for label in sizes if isinstance(label, tuple))
            n_out = len(self.out_sub) + (n_ell - 1 if _ELL in self.out_sub else 0)
            out_shape = tuple(sizes[label] for label in _axis_labels(self.out_sub, n_out))
        xp = chainer.backend.get_array_module(*inputs)
        return (_compute(xp, self.in_subs, self.out_sub, inputs, out_shape),)

    def backward(self, indexes, grad_outputs):
        (g,) = grad_outputs
        n = len(self.in_subs)
        operands = list(self.get_retained_inputs()) if n > 1 else [None]
        ret = []
        for i in indexes:
            subs = list(self.in_subs)
            subs[i] = self.out_sub
            ops = list(operands)
            ops[i] = g
            node = EinSum(subs, self.in_subs[i], out_shape=self._in_shapes[i])
            ret.append(node.apply(ops)[0])
        return tuple(ret)


def einsum(*operands):
    """Einstein summation, as ``numpy.einsum``.

    The first argument is the subscripts string, e.g. ``'ij,jk->ik'`` (matrix
    product), ``'ii->i'`` (diagonal), ``'ij->'`` (sum) or ``'...ij,...jk->...ik'``
    (batched product); without ``'->'`` the output holds the letters that
    appear once, in alphabetical order (after ``'...'``). NumPy's interleaved
    form ``einsum(x0, [0, 1], x1, [1, 2], [0, 2])`` is accepted as well.
    Operands with an ellipsis must agree on its shape (no broadcasting), as
    must the lengths of the axes that share a letter. The gradient of each
    operand is itself an Einstein summation of the output gradient and the
    other operands.

    Args:
        *operands: the subscripts string followed by the operands (Variables
            or arrays of one floating-point dtype).

    Returns:
        Variable: the result, the dtype of the operands.
    """
    if not operands:
        raise ValueError("einsum: no subscripts and no operands given")
    if isinstance(operands[0], str):
        subscripts, arrays = operands[0], operands[1:]
    else:
        subscripts, arrays = _from_sublists(operands)
    if not arrays:
        raise ValueError("einsum: no operands given")
    in_subs, out_sub = _parse_subscripts(subscripts, len(arrays))
    return EinSum(in_subs, out_sub, strict=True).apply(tuple(arrays))[0]
