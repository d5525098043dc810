"""``@static_graph``: run a chain's forward code once, then replay only its ops.

A chain whose forward always performs the same sequence of operations (a
"static" chain) does not need its Python code re-run every iteration. The
first call of a ``@static_graph`` method runs as usual while a tracer records
every :class:`~chainer.FunctionNode` applied and every ``@static_code``
function called, with where each input came from: an argument of the call, an
earlier step's output, or an object that already existed (a parameter, a
constant array). Later calls with the same input signature replay that
schedule: each recorded op is applied again (a fresh copy of the node, so the
backward graph is an ordinary one) on the new inputs, and each
``@static_code`` function is called again. Python code between the ops, such
as prints or array arithmetic outside ``@static_code``, is *not* re-run; its
results from the first call are reused as constants.

A schedule is kept per input signature: the shapes, dtypes and array types of
the array arguments, the values of the other arguments, and
``config.train`` / ``config.enable_backprop``.
"""

from __future__ import annotations

import copy
import functools
import weakref

import chainer
from chainer import _array_types, _static_trace
from chainer.variable import Variable

_OPTIONS = {
    "verbosity_level": 0,
    "mem_opt": False,
    "enable_double_backprop": False,
    "force_test_define_by_run": False,
    "minimize_cache_size": True,
}


def _is_value(obj):
    return isinstance(obj, Variable) or isinstance(obj, _array_types.ARRAY_TYPES)


class _Tracer:
    """Records the steps of one forward pass; becomes a :class:`_Schedule`."""

    def __init__(self, flat_args):
        self._slot_of_object = {}  # id(Variable or array) -> slot
        self._slot_of_array = {}  # id(array) -> slot holding it (or a Variable around it)
        self._holds_array = []  # per slot: was the traced object a bare array?
        self._alive = []  # keeps traced objects alive so that their ids stay unique
        self.n_slots = 0
        self.steps = []
        for arg in flat_args:
            self.define(arg)

    def define(self, obj):
        """Gives ``obj`` (a Variable or an array) a new slot; returns its index."""
        slot = self.n_slots
        self.n_slots += 1
        self._alive.append(obj)
        self._slot_of_object[id(obj)] = slot
        is_variable = isinstance(obj, Variable)
        self._holds_array.append(not is_variable)
        array = obj.array if is_variable else obj
        if array is not None:
            self._alive.append(array)
            self._slot_of_array.setdefault(id(array), slot)
        return slot

    def ref(self, obj):
        """How a replay obtains ``obj``: from a slot, or as the constant itself.

        An array traced in a slot may arrive wrapped (an op's wrapper made a
        Variable of it) or bare; the replay passes that slot's new value as
        it is, so a Variable given on a later call stays connected. The
        array of a traced Variable is a deliberate detachment, and stays one.
        """
        slot = self._slot_of_object.get(id(obj))
        if slot is not None:
            return ("slot", slot)
        is_variable = isinstance(obj, Variable)
        if is_variable or isinstance(obj, _array_types.ARRAY_TYPES):
            slot = self._slot_of_array.get(id(obj.array if is_variable else obj))
            if slot is not None:
                if self._holds_array[slot]:
                    return ("slot", slot)
                return ("wrap", slot, obj.requires_grad) if is_variable else ("array", slot)
        return ("const", obj)

    def structure(self, obj, *, define):
        """Describes a (nested) result so that a replay can rebuild it."""
        if _is_value(obj):
            return ("slot", self.define(obj)) if define else self.ref(obj)
        if isinstance(obj, (tuple, list)):
            items = [self.structure(item, define=define) for item in obj]
            return ("seq", type(obj), items)
        if isinstance(obj, dict):
            items = {key: self.structure(value, define=define) for key, value in obj.items()}
            return ("dict", type(obj), items)
        return ("const", obj)

    def apply(self, node, inputs):
        """Runs ``node.apply(inputs)`` untraced and records it as a step."""
        template = copy.copy(node)
        input_refs = [self.ref(x) for x in inputs]
        outputs = _untraced(node.apply, inputs)
        output_slots = [self.define(y) for y in outputs]
        self.steps.append(_OpStep(template, input_refs, output_slots))
        return outputs

    def call_code(self, func, args, kwargs, name):
        """Runs a ``@static_code`` function untraced and records it as a step."""
        arg_spec = self.structure(list(args), define=False)
        kwarg_spec = self.structure(dict(kwargs), define=False)
        result = _untraced(func, *args, **kwargs)
        result_spec = self.structure(result, define=True)
        self.steps.append(_CodeStep(func, arg_spec, kwarg_spec, result_spec, name))
        return result


def _untraced(func, *args, **kwargs):
    recorder = _static_trace.state.recorder
    _static_trace.state.recorder = None
    try:
        return func(*args, **kwargs)
    finally:
        _static_trace.state.recorder = recorder


def _resolve(ref, values):
    kind = ref[0]
    if kind == "slot":
        return values[ref[1]]
    if kind == "array":
        return chainer.as_array(values[ref[1]])
    if kind == "wrap":
        return Variable(chainer.as_array(values[ref[1]]), requires_grad=ref[2])
    if kind == "seq":
        return ref[1](_resolve(item, values) for item in ref[2])
    if kind == "dict":
        return ref[1]((key, _resolve(item, values)) for key, item in ref[2].items())
    return ref[1]  # "const"


def _store(spec, result, values):
    """Puts the parts of ``result`` into the slots ``spec`` (from define=True) names."""
    kind = spec[0]
    if kind == "slot":
        values[spec[1]] = result
    elif kind == "seq":
        for item_spec, item in zip(spec[2], result, strict=True):
            _store(item_spec, item, values)
    elif kind == "dict":
        for key, item_spec in spec[2].items():
            _store(item_spec, result[key], values)


class _OpStep:
    def __init__(self, template, input_refs, output_slots):
        self.template = template
        self.input_refs = input_refs
        self.output_slots = output_slots

    def run(self, values):
        node = copy.copy(self.template)
        outputs = node.apply([_resolve(ref, values) for ref in self.input_refs])
        for slot, y in zip(self.output_slots, outputs):
            values[slot] = y

    def describe(self):
        return f"op {self.template.label}"


class _CodeStep:
    def __init__(self, func, arg_spec, kwarg_spec, result_spec, name):
        self.func = func
        self.name = name
        self.arg_spec = arg_spec
        self.kwarg_spec = kwarg_spec
        self.result_spec = result_spec

    def run(self, values):
        result = self.func(*_resolve(self.arg_spec, values), **_resolve(self.kwarg_spec, values))
        _store(self.result_spec, result, values)

    def describe(self):
        return f"static_code {self.name}"


class _Schedule:
    """The recorded steps of one input signature."""

    def __init__(self, tracer, output_spec):
        self.n_slots = tracer.n_slots
        self.steps = tracer.steps
        self.output_spec = output_spec

    def run(self, flat_args):
        values = [None] * self.n_slots
        values[: len(flat_args)] = flat_args
        for step in self.steps:
            step.run(values)
        return _resolve(self.output_spec, values)


def _signature(value):
    # Variables and bare arrays share schedules: a replay hands each op the
    # object it is given, and ``.array`` or wrapping is resolved per step.
    if isinstance(value, Variable):
        value = value.array
    if isinstance(value, _array_types.ARRAY_TYPES):
        return ("array", type(value), value.shape, value.dtype)
    hash(value)  # unhashable arguments cannot select a schedule
    return ("value", type(value), value)


def _flatten_call(args, kwargs):
    flat = list(args) + [kwargs[key] for key in sorted(kwargs)]
    return flat, tuple(sorted(kwargs))


class _StaticForward:
    """The wrapper ``@static_graph`` puts around a chain's forward method."""

    def __init__(self, func, options):
        self.func = func
        self.options = options
        self._schedules = weakref.WeakKeyDictionary()  # chain -> {key: _Schedule}
        self._last_train = weakref.WeakKeyDictionary()
        functools.update_wrapper(self, func)

    def __get__(self, chain, owner=None):
        if chain is None:
            return self
        return functools.partial(self.__call__, chain)

    def __call__(self, chain, *args, **kwargs):
        config = chainer.config
        if self.options["force_test_define_by_run"] or not config.use_static_graph:
            return self.func(chain, *args, **kwargs)
        if _static_trace.state.recorder is not None:
            # Nested static chains are part of the enclosing trace.
            return self.func(chain, *args, **kwargs)
        flat, kw_names = _flatten_call(args, kwargs)
        try:
            key = (
                config.train,
                config.enable_backprop,
                kw_names,
                tuple(_signature(value) for value in flat),
            )
        except TypeError:
            self._say(1, f"{self.__qualname__}: an unhashable argument; running define-by-run")
            return self.func(chain, *args, **kwargs)

        schedules = self._schedules.setdefault(chain, {})
        if self.options["minimize_cache_size"]:
            last = self._last_train.get(chain)
            if last is not None and last != config.train:
                schedules.clear()
            self._last_train[chain] = config.train
        schedule = schedules.get(key)
        if schedule is not None:
            values = [x for x in flat if _is_value(x)]
            return schedule.run(values)
        out, schedule = self._trace(chain, args, kwargs, flat)
        schedules[key] = schedule
        self._say(1, f"{self.__qualname__}: traced a schedule of {len(schedule.steps)} steps")
        for step in schedule.steps:
            self._say(2, f"  {step.describe()}")
        return out

    def _trace(self, chain, args, kwargs, flat):
        tracer = _Tracer([x for x in flat if _is_value(x)])
        _static_trace.state.recorder = tracer
        try:
            out = self.func(chain, *args, **kwargs)
        finally:
            _static_trace.state.recorder = None
        output_spec = tracer.structure(out, define=False)
        return out, _Schedule(tracer, output_spec)

    def _say(self, level, message):
        if self.options["verbosity_level"] >= level:
            print(message)


def static_graph(*args, **kwargs):
    """Marks a chain's forward method (or ``__call__``) as a static subgraph.

    Use as ``@static_graph`` or ``@static_graph(option=value, ...)``. The
    first call per input signature runs the method as written and records its
    ops; later calls replay the recorded ops on the new inputs (see the
    module docstring for what is and is not re-run). Backprop, double
    backprop, hooks and parameter updates work as with define-by-run, because
    each replay builds an ordinary graph.

    Args:
        verbosity_level (int): 1 prints when a schedule is traced, 2 also
            lists its steps; 0 (default) prints nothing.
        mem_opt (bool): accepted for compatibility; buffers are already
            released as soon as backward does not need them.
        enable_double_backprop (bool): accepted for compatibility; replayed
            graphs always support double backprop.
        force_test_define_by_run (bool): always run the method define-by-run
            (for checking that the traced schedule gives the same results).
        minimize_cache_size (bool): drop the chain's schedules whenever
            ``chainer.config.train`` changes between calls.

    Returns:
        The decorated method, or a decorator when called with options.
    """
    unknown = set(kwargs) - set(_OPTIONS)
    if unknown:
        raise TypeError(
            f"static_graph got unexpected options {sorted(unknown)}; accepted: {sorted(_OPTIONS)}"
        )
    options = {**_OPTIONS, **kwargs}
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return _StaticForward(args[0], options)
    if args:
        raise TypeError("static_graph takes the method to decorate or keyword options only")
    return lambda func: _StaticForward(func, options)


def static_code(*dec_args, **dec_kwargs):
    """Marks a function whose code must run on every call of a static chain.

    Inside a ``@static_graph`` method, code outside Chainer functions runs
    only on the traced call; a ``@static_code`` function is called again on
    every replay, with the new values of its array and Variable arguments.
    Its results (arrays, Variables, or tuples, lists and dicts of them) feed
    the ops that follow. Outside a static chain it is an ordinary call.

    Use as ``@static_code`` or ``@static_code(func_name=...)``.

    Args:
        func_name (str): a name shown by ``verbosity_level=2`` listings.

    Returns:
        The decorated function, or a decorator when called with options.
    """
    unknown = set(dec_kwargs) - {"func_name"}
    if unknown:
        raise TypeError(
            f"static_code got unexpected options {sorted(unknown)}; accepted: ['func_name']"
        )

    def decorate(func):
        name = dec_kwargs.get("func_name", getattr(func, "__qualname__", repr(func)))

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            recorder = _static_trace.state.recorder
            if recorder is None:
                return func(*args, **kwargs)
            return recorder.call_code(func, args, kwargs, name)

        return wrapper

    if len(dec_args) == 1 and callable(dec_args[0]) and not dec_kwargs:
        return decorate(dec_args[0])
    if dec_args:
        raise TypeError("static_code takes the function to decorate or keyword options only")
    return decorate
