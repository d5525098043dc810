"""Optimizer infrastructure: hyperparameters, per-parameter update rules, optimizers.

An :class:`Optimizer` updates the parameters of a *target link*. The family of
first-order methods (SGD, Adam, ...) derives from :class:`GradientMethod`,
which gives every parameter its own :class:`UpdateRule`: the rule holds the
per-parameter state (a momentum buffer, moment estimates) and the update
formula, written once per backend (:meth:`UpdateRule.update_core_cpu` and
:meth:`UpdateRule.update_core_gpu`). Hyperparameters live in a
:class:`Hyperparameter` tree: each rule's hyperparameter falls back to the
optimizer's, so ``optimizer.lr = 0.1`` changes every rule that has not
overridden ``lr`` for itself.

A minimal gradient method::

    class PlainSGDRule(chainer.UpdateRule):
        def update_core_cpu(self, param):
            param.array -= self.hyperparam.lr * param.grad

        update_core_gpu = update_core_cpu

    class PlainSGD(chainer.GradientMethod):
        lr = chainer.optimizer.HyperparameterProxy("lr")

        def __init__(self, lr=0.01):
            super().__init__()
            self.hyperparam.lr = lr

        def create_update_rule(self):
            return PlainSGDRule(self.hyperparam)

    opt = PlainSGD(lr=0.1).setup(model)
    opt.update(loss_fn, x, t)   # cleargrads, forward, backward, update
"""

from __future__ import annotations

import copy
import warnings

import numpy

import chainer
from chainer import _array_types, backend
from chainer import serializer as serializer_module
from chainer.backends import cuda
from chainer.variable import Variable

__all__ = [
    "GradientMethod",
    "Hyperparameter",
    "HyperparameterProxy",
    "Optimizer",
    "UpdateRule",
]

_TIMINGS = ("pre", "post")

# Which UpdateRule method updates a parameter whose array belongs to a given
# array module. Backends plug in here (an oneDNN device uses NumPy arrays, so
# it takes the CPU routine); UpdateRule.update_core looks the method up once
# per call instead of testing array types.
_UPDATE_CORE_METHODS = {numpy: "update_core_cpu"}
if cuda.cupy is not None:
    _UPDATE_CORE_METHODS[cuda.cupy] = "update_core_gpu"

_NO_CHAINERX = (
    "ChainerX is not supported by this Chainer: parameters live on '@numpy', "
    "'@cupy:N' or '@intel64' devices, which update_core_cpu / update_core_gpu handle"
)


def _is_deserializer(serializer):
    """Whether ``serializer`` loads values (rather than saving them).

    An instance of :class:`chainer.Deserializer` loads; so does any other
    object with a ``load`` method and no ``save`` method, as Chainer's
    deserializers have ``load`` and its serializers ``save``.
    """
    if isinstance(serializer, serializer_module.Deserializer):
        return True
    return callable(getattr(serializer, "load", None)) and not callable(
        getattr(serializer, "save", None)
    )


def _hook_name(hook, owner):
    name = getattr(hook, "name", None) or getattr(hook, "__name__", None)
    if name is None:
        raise ValueError(
            f"{owner}.add_hook: the hook {hook!r} has neither a name nor a __name__ "
            "attribute; pass name=..."
        )
    return name


class Hyperparameter:
    """A set of hyperparameter entries that falls back to a parent set.

    Entries are plain attributes (``hp.lr = 0.01``). Reading an entry that
    this object does not hold reads it from the parent, recursively, so a
    child overrides only what it sets. :class:`GradientMethod` keeps the
    root; each :class:`UpdateRule` holds a child of it.

    Args:
        parent (Hyperparameter): the set to fall back to, or None.

    Example:
        >>> root = Hyperparameter()
        >>> root.lr = 0.1
        >>> child = Hyperparameter(root)
        >>> child.lr
        0.1
        >>> child.lr = 0.01
        >>> (root.lr, child.lr)
        (0.1, 0.01)
    """

    def __init__(self, parent=None):
        self._parent = parent

    def __getattr__(self, name):
        # Reached only for names this object does not hold itself.
        d = self.__dict__
        if "_parent" not in d:  # during unpickling, before __init__'s state is back
            raise AttributeError(name)
        parent = d["_parent"]
        if parent is None:
            raise AttributeError(f"hyperparameter {name!r} is not set")
        return getattr(parent, name)

    def __repr__(self):
        entries = self.get_dict()
        body = ", ".join(f"{key}={entries[key]}" for key in sorted(entries))
        return f"Hyperparameter({body})"

    @property
    def parent(self):
        """Hyperparameter or None: the set this one falls back to."""
        return self._parent

    def get_dict(self):
        """Returns every entry readable from this object, as a new dict.

        Entries set on this object override those of its ancestors.

        Returns:
            dict: entry name to value.
        """
        entries = {} if self._parent is None else self._parent.get_dict()
        entries.update((k, v) for k, v in self.__dict__.items() if k != "_parent")
        return entries


class HyperparameterProxy:
    """A class attribute that reads and writes one entry of ``obj.hyperparam``.

    Optimizers declare one per hyperparameter so that ``optimizer.lr`` and
    ``optimizer.lr = 0.1`` (including inside ``__init__``) go to
    ``optimizer.hyperparam.lr``::

        class MySGD(GradientMethod):
            lr = HyperparameterProxy("lr")

    Args:
        attr_name (str): the name of the hyperparameter entry.
    """

    def __init__(self, attr_name):
        self._attr_name = attr_name
        self.__doc__ = f"Alias of ``self.hyperparam.{attr_name}``."

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj.hyperparam, self._attr_name)

    def __set__(self, obj, value):
        setattr(obj.hyperparam, self._attr_name, value)


class UpdateRule:
    """How one parameter is updated from its gradient: the formula and its state.

    A :class:`GradientMethod` gives each parameter its own rule (set as
    ``param.update_rule``); ``param.update()`` calls :meth:`update`. A rule
    implements :meth:`update_core_cpu` and :meth:`update_core_gpu` (or
    overrides :meth:`update_core` for one backend-independent formula). A
    rule with state (a momentum buffer, moment estimates) creates it in
    :meth:`init_state`, called at the first update; the state arrays follow
    the parameter to its device before every update.

    Hooks registered with :meth:`add_hook` are called as ``hook(rule,
    param)`` right before (``'pre'``) or after (``'post'``) the update, in
    registration order.

    Args:
        parent_hyperparam (Hyperparameter): the hyperparameters to fall back
            to (typically the optimizer's ``hyperparam``).

    Attributes:
        enabled (bool): when False, :meth:`update` leaves the parameter alone
            (see :meth:`chainer.Link.disable_update`).
        hyperparam (Hyperparameter): this rule's hyperparameters; set an entry
            here to override the optimizer's value for this parameter only.
        t (int): the number of updates this rule has made.
    """

    def __init__(self, parent_hyperparam=None):
        self._pre_update_hooks = {}
        self._post_update_hooks = {}
        self._state = None
        self.enabled = True
        self.hyperparam = Hyperparameter(parent_hyperparam)
        self.t = 0
        self._use_fp32_update = False
        self._fp32_param = None

    @property
    def state(self):
        """dict or None: the per-parameter state; None until the first update or load."""
        return self._state

    def add_hook(self, hook, name=None, timing="auto"):
        """Registers a hook called as ``hook(rule, param)`` around each update.

        Args:
            hook (callable): the hook.
            name (str): the registration name; defaults to ``hook.name``, then
                ``hook.__name__``.
            timing (str): ``'pre'`` (before the update), ``'post'`` (after
                it) or ``'auto'``: the hook's own ``timing`` attribute,
                ``'pre'`` when it has none.

        Raises:
            TypeError: if ``hook`` is not callable.
            ValueError: for an unknown timing, a missing name, or a name
                already registered.
        """
        if not callable(hook):
            raise TypeError(f"UpdateRule.add_hook: hook must be callable, not {hook!r}")
        if timing not in ("pre", "post", "auto"):
            raise ValueError(f"timing must be 'pre', 'post' or 'auto', not {timing!r}")
        if timing == "auto":
            timing = getattr(hook, "timing", "pre")
            if timing not in _TIMINGS:
                raise ValueError(
                    f"the hook's timing attribute must be 'pre' or 'post', not {timing!r}"
                )
        if name is None:
            name = _hook_name(hook, "UpdateRule")
        if name in self._pre_update_hooks or name in self._post_update_hooks:
            raise ValueError(f'hook "{name}" already exists')
        hooks = self._pre_update_hooks if timing == "pre" else self._post_update_hooks
        hooks[name] = hook

    def remove_hook(self, name):
        """Unregisters the hook registered as ``name``.

        Args:
            name (str): the registration name.

        Raises:
            KeyError: if no hook has that name.
        """
        if name in self._pre_update_hooks:
            del self._pre_update_hooks[name]
        elif name in self._post_update_hooks:
            del self._post_update_hooks[name]
        else:
            raise KeyError(name)

    def update(self, param):
        """Updates ``param`` from its gradient, calling the hooks around the update.

        Nothing happens when the rule is disabled, or when the parameter has
        no data or no gradient. Otherwise :attr:`t` is incremented, the state
        is created (first update) and sent to the parameter's device, a
        gradient computed under loss scaling is divided by its scale, and
        the pre hooks, :meth:`update_core` and the post hooks run.

        With :meth:`use_fp32_update` on, a float16 parameter is updated
        through a float32 master copy kept by the rule: the gradient is cast
        to float32, the master copy is updated, and the parameter receives
        the master copy cast back to float16. Small steps then accumulate in
        float32 instead of being rounded away at every step.

        Args:
            param (~chainer.Variable): the parameter to update.
        """
        if not self.enabled or param.array is None or param.grad is None:
            return
        self.t += 1
        if self._use_fp32_update and param.dtype == numpy.float16:
            self._update_through_fp32_copy(param)
        else:
            self._update_param(param, param)

    def _update_param(self, target, source):
        # ``target`` is updated; ``source`` carries the loss scale of its gradient.
        self._prepare(target)
        loss_scale = getattr(source, "_loss_scale", None)
        if loss_scale is not None:
            # Divide once: the scale is consumed with the gradient it scaled.
            grad = target.grad
            grad /= loss_scale
            target.grad = grad
            source._loss_scale = None
        for hook in tuple(self._pre_update_hooks.values()):
            hook(self, target)
        self.update_core(target)
        for hook in tuple(self._post_update_hooks.values()):
            hook(self, target)

    def _update_through_fp32_copy(self, param):
        master = self._fp32_param
        device = param.device
        if master is None or master.shape != param.shape:
            master = Variable(param.array.astype(numpy.float32), name=param.name)
            self._fp32_param = master
        elif master.device != device:
            master.to_device(device)
        master.grad = param.grad.astype(numpy.float32)
        try:
            self._update_param(master, param)
            param.array[...] = master.array
        finally:
            master.grad = None  # the float32 gradient is only needed during the update

    def update_core(self, param):
        """Applies the update formula to ``param`` (hooks and checks are done).

        The default calls :meth:`update_core_cpu` for NumPy arrays (also on
        ``'@intel64'``) and :meth:`update_core_gpu` for CuPy arrays, with the
        parameter's device current. Override this method instead to write one
        formula for every backend.

        Args:
            param (~chainer.Variable): the parameter to update.

        Raises:
            RuntimeError: for an array of a backend that has no update routine.
        """
        device = param.device
        method = _UPDATE_CORE_METHODS.get(device.xp)
        if method is None:
            raise RuntimeError(
                f"{type(self).__name__} has no update routine for parameters on {device}"
            )
        with backend.using_device(device):
            getattr(self, method)(param)

    def update_core_cpu(self, param):
        """Updates a parameter held in a NumPy array.

        Args:
            param (~chainer.Variable): the parameter to update.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement update_core_cpu")

    def update_core_gpu(self, param):
        """Updates a parameter held in a CuPy array (its device is current).

        Args:
            param (~chainer.Variable): the parameter to update.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement update_core_gpu")

    def update_core_chainerx(self, param):
        """Kept for Chainer v7's API: ChainerX is not supported.

        Args:
            param (~chainer.Variable): the parameter.

        Raises:
            RuntimeError: always.
        """
        raise RuntimeError(_NO_CHAINERX)

    def init_state(self, param):
        """Creates the entries of :attr:`state` (nothing by default).

        Called at the first update, with :attr:`state` an empty dict. Create
        arrays on the parameter's device and with its shape, e.g.
        ``self.state['v'] = param.xp.zeros_like(param.array)``.

        Args:
            param (~chainer.Variable): the parameter (its shape, dtype and device).
        """

    def _prepare(self, param):
        device = param.device
        state = self._state
        if state is None:
            state = self._state = {}
            with backend.using_device(device):
                self.init_state(param)
        for key, value in state.items():
            if isinstance(value, _array_types.ARRAY_TYPES):
                state[key] = device.send_array(value)

    def _state_keys(self):
        """The names :meth:`init_state` creates, found by running it on a probe."""
        probe = copy.copy(self)
        probe._state = {}
        dummy = numpy.zeros(1, dtype=numpy.float32)
        probe.init_state(Variable(dummy, grad=dummy.copy()))
        return list(probe._state)

    def serialize(self, serializer):
        """Saves or loads :attr:`t` and every :attr:`state` entry.

        When loading into a rule that has no state yet (a fresh optimizer),
        the entry names come from :meth:`init_state` and the loaded arrays
        become the state, so training resumes where it stopped. If the
        snapshot lacks an entry (the deserializer returns None), the state
        stays unset and is initialized at the first update. The parameter
        itself is not serialized here: serialize the link for that.

        Args:
            serializer: a serializer (``serializer(key, value)`` stores
                ``value``) or deserializer (returns the stored value).

        Raises:
            KeyError: when a strict deserializer lacks an entry of an enabled rule.
        """
        self.t = serializer("t", self.t)
        if self._state is not None:
            for key in list(self._state):
                self._state[key] = serializer(key, self._state[key])
            return
        if not _is_deserializer(serializer):
            return
        loaded = {}
        for key in self._state_keys():
            try:
                value = serializer(key, None)
            except KeyError:
                if self.enabled:
                    raise
                value = None
            if value is None:
                return
            loaded[key] = value
        if loaded:
            self._state = loaded

    def use_fp32_update(self, flag=True):
        """Turns updating float16 parameters through a float32 master copy on or off.

        See :meth:`update`. Parameters of other dtypes are not affected.

        Args:
            flag (bool): True to turn it on.
        """
        self._use_fp32_update = bool(flag)
        if not flag:
            self._fp32_param = None


class Optimizer:
    """Base class of the numerical optimizers.

    :meth:`setup` registers the *target link*; :meth:`update` updates its
    parameters. Subclasses implement :meth:`update`; first-order methods
    derive from :class:`GradientMethod` instead.

    Hooks (:meth:`add_hook`) run in registration order before (``'pre'``) or
    after (``'post'``) the update. A hook with ``call_for_each_param = True``
    is called as ``hook(param.update_rule, param)`` for every parameter, any
    other hook as ``hook(optimizer)``.

    Hyperparameters held in ``self.hyperparam`` read and write through the
    optimizer: ``optimizer.lr`` is ``optimizer.hyperparam.lr`` when the
    optimizer has no attribute ``lr`` of its own, and assigning
    ``optimizer.lr = 0.1`` writes the hyperparameter when it exists there.
    (A new hyperparameter must be created on ``hyperparam`` or through a
    :class:`HyperparameterProxy`; assigning an unknown name sets a plain
    attribute.)

    Loss scaling (for float16 training): :meth:`set_loss_scale` sets a fixed
    scale, :meth:`loss_scaling` a dynamic one. ``update(lossfun)`` multiplies
    the initial gradient of the loss by the scale; each update rule divides
    its gradient by it before updating.

    Attributes:
        target (~chainer.Link): the link being optimized (set by :meth:`setup`).
        t (int): the number of update steps (incremented by :meth:`update`).
        epoch (int): the current epoch (incremented by :meth:`new_epoch`).
        use_auto_new_epoch (bool): set to True by an updater that calls
            :meth:`new_epoch` itself; calling it by hand is then an error.
    """

    target = None
    t = 0
    epoch = 0
    use_auto_new_epoch = False
    _pre_update_hooks = None
    _post_update_hooks = None
    _loss_scale = None
    _loss_scale_max = 65504.0  # the largest float16
    _loss_scaling_is_dynamic = False
    _loss_scaling_interval = 1000
    _loss_scaling_good_steps = 0
    _loss_scaling_isnan = False
    _loss_scaling_isnan_ever = False

    # -- hyperparameter delegation ---------------------------------------

    def __getattr__(self, name):
        # Reached only when normal lookup fails.
        hyperparam = self.__dict__.get("hyperparam")
        if hyperparam is None or name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        try:
            return getattr(hyperparam, name)
        except AttributeError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute or hyperparameter {name!r}"
            ) from None

    def __setattr__(self, name, value):
        d = self.__dict__
        hyperparam = d.get("hyperparam")
        if (
            hyperparam is not None
            and not name.startswith("_")
            and name not in d
            and not hasattr(type(self), name)
            and name in hyperparam.get_dict()
        ):
            setattr(hyperparam, name, value)
        else:
            object.__setattr__(self, name, value)

    # -- setup and update -------------------------------------------------

    def setup(self, link):
        """Makes ``link`` the target and resets :attr:`t`, :attr:`epoch` and the hooks.

        Args:
            link (~chainer.Link): the link whose parameters to optimize.

        Returns:
            Optimizer: this optimizer, so that ``opt = SGD().setup(model)`` works.

        Raises:
            TypeError: if ``link`` is not a :class:`~chainer.Link`.
        """
        if not isinstance(link, chainer.link.Link):
            raise TypeError(
                f"{type(self).__name__}.setup: link must be a chainer.Link, "
                f"not {type(link).__module__}.{type(link).__qualname__}"
            )
        self.target = link
        self.t = 0
        self.epoch = 0
        self._pre_update_hooks = {}
        self._post_update_hooks = {}
        return self

    def _check_setup(self, what):
        if self.target is None:
            raise RuntimeError(f"{type(self).__name__}.{what}: call setup(link) first")

    def update(self, lossfun=None, *args, **kwds):
        """Updates the parameters of the target link.

        With ``lossfun``, an implementation typically clears the gradients,
        calls ``lossfun(*args, **kwds)`` and back-propagates from the
        returned loss (perhaps several times). Without it, the gradients are
        assumed to be computed already.

        Args:
            lossfun (callable): returns the loss Variable; optional for
                single-gradient methods.
            *args: positional arguments of ``lossfun``.
            **kwds: keyword arguments of ``lossfun``.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement update")

    def new_epoch(self, auto=False):
        """Increments :attr:`epoch`.

        Call it at the start of each epoch when the optimizer depends on the
        epoch count. An updater that does so itself sets
        :attr:`use_auto_new_epoch` and passes ``auto=True``; the two ways
        cannot be mixed, so a duplicated call is caught.

        Args:
            auto (bool): True when an updater calls.

        Raises:
            RuntimeError: for ``auto=True`` without :attr:`use_auto_new_epoch`,
                or a manual call while an updater calls it.
        """
        if auto and not self.use_auto_new_epoch:
            raise RuntimeError(
                "invalid new_epoch call with auto=True: the updater must set "
                "optimizer.use_auto_new_epoch = True"
            )
        if not auto and self.use_auto_new_epoch:
            raise RuntimeError(
                "duplicated new_epoch call: the updater already calls new_epoch; pass "
                "auto_new_epoch=False to the updater or stop calling new_epoch yourself"
            )
        self.epoch += 1

    # -- hooks ---------------------------------------------------------------

    def add_hook(self, hook, name=None, timing="auto"):
        """Registers an optimizer hook.

        Args:
            hook (callable): called as ``hook(optimizer)``, or as
                ``hook(rule, param)`` for each parameter when
                ``hook.call_for_each_param`` is True.
            name (str): the registration name; defaults to ``hook.name``, then
                ``hook.__name__``.
            timing (str): ``'pre'`` (before the update), ``'post'`` (after
                it) or ``'auto'``: the hook's ``timing`` attribute, or
                ``'pre'`` with a warning when it has none.

        Raises:
            TypeError: if ``hook`` is not callable.
            RuntimeError: before :meth:`setup`.
            ValueError: for an unknown timing or a missing name.
            KeyError: for a name already registered.
        """
        if not callable(hook):
            raise TypeError(f"Optimizer.add_hook: hook must be callable, not {hook!r}")
        if self._pre_update_hooks is None:
            raise RuntimeError("call setup(link) before add_hook")
        if timing not in ("pre", "post", "auto"):
            raise ValueError(f"timing must be 'pre', 'post' or 'auto', not {timing!r}")
        if timing == "auto":
            timing = getattr(hook, "timing", None)
            if timing not in _TIMINGS:
                warnings.warn(
                    f"the hook {hook!r} has no timing attribute of 'pre' or 'post'; "
                    "it runs before the update ('pre')",
                    stacklevel=2,
                )
                timing = "pre"
        if name is None:
            name = _hook_name(hook, "Optimizer")
        if name in self._pre_update_hooks or name in self._post_update_hooks:
            raise KeyError(f'hook "{name}" already exists')
        hooks = self._pre_update_hooks if timing == "pre" else self._post_update_hooks
        hooks[name] = hook

    def remove_hook(self, name):
        """Unregisters the hook registered as ``name``.

        Args:
            name (str): the registration name.

        Raises:
            KeyError: if no hook has that name.
        """
        if self._pre_update_hooks and name in self._pre_update_hooks:
            del self._pre_update_hooks[name]
        elif self._post_update_hooks and name in self._post_update_hooks:
            del self._post_update_hooks[name]
        else:
            raise KeyError(name)

    def _hooks_of(self, timing):
        if timing not in _TIMINGS:
            raise ValueError(f"timing must be 'pre' or 'post', not {timing!r}")
        hooks = self._pre_update_hooks if timing == "pre" else self._post_update_hooks
        return tuple((hooks or {}).values())

    def call_hooks(self, timing="pre"):
        """Calls the hooks of one timing in registration order.

        Args:
            timing (str): ``'pre'`` or ``'post'``.

        Raises:
            ValueError: for another timing.
        """
        for hook in self._hooks_of(timing):
            self.call_hook(hook)

    def call_hook(self, hook):
        """Calls one hook: per parameter if ``hook.call_for_each_param``, else once.

        Args:
            hook (callable): the hook.
        """
        if getattr(hook, "call_for_each_param", False):
            for param in self.target.params():
                hook(param.update_rule, param)
        else:
            hook(self)

    # -- serialization -------------------------------------------------------

    def serialize(self, serializer):
        """Saves or loads :attr:`t`, :attr:`epoch` and every update rule's state.

        Each parameter's rule goes under the parameter's path
        (``serializer['/l1/W']``). The parameters themselves are not saved:
        serialize the target link for that.

        Args:
            serializer: a serializer or deserializer.
        """
        self._check_setup("serialize")
        self.t = serializer("t", self.t)
        self.epoch = serializer("epoch", self.epoch)
        for name, param in self.target.namedparams():
            rule = getattr(param, "update_rule", None)
            if rule is not None:
                rule.serialize(serializer[name])

    # -- loss scaling ------------------------------------------------------

    def loss_scaling(self, interval=1000, scale=None):
        """Configures loss scaling.

        With ``scale`` given, the scale is fixed (static loss scaling).
        Without it, the scale is dynamic: it starts at 1 and doubles after
        every update until the first non-finite gradient; from then on, a
        step with a non-finite gradient is skipped and halves the scale,
        and ``interval`` consecutive good steps double it. The scale stays
        within [1, 65504] (65504 is the largest float16).

        Args:
            interval (int): the good steps between doublings (dynamic only).
            scale (float): the fixed scale, or None for dynamic scaling.

        Raises:
            ValueError: for ``interval < 1`` or a scale that is not positive.
        """
        if scale is None:
            if interval < 1:
                raise ValueError(f"interval must be at least 1, not {interval!r}")
            self._loss_scaling_is_dynamic = True
            self._loss_scaling_interval = int(interval)
            self._loss_scaling_good_steps = 0
            self._loss_scaling_isnan = False
            self._loss_scaling_isnan_ever = False
            self._loss_scale = 1.0
        else:
            if not scale > 0:
                raise ValueError(f"the loss scale must be positive, not {scale!r}")
            self._loss_scaling_is_dynamic = False
            self._loss_scale = scale

    def set_loss_scale(self, loss_scale):
        """Sets a fixed loss scale (None turns loss scaling off).

        Args:
            loss_scale (float): the scale, or None.
        """
        if loss_scale is None:
            self._loss_scaling_is_dynamic = False
            self._loss_scale = None
        else:
            self.loss_scaling(scale=loss_scale)

    def check_nan_in_grads(self):
        """Looks for NaN or infinity in the gradients (dynamic loss scaling only).

        The result is kept for :meth:`is_safe_to_update` and
        :meth:`update_loss_scale`; a warning names the parameters found.

        Returns:
            bool: whether a non-finite gradient was found (always False
            unless dynamic loss scaling is on).
        """
        self._loss_scaling_isnan = False
        if not self._loss_scaling_is_dynamic:
            return False
        bad = []
        for name, param in self.target.namedparams(include_uninit=False):
            grad = param.grad
            if grad is not None and not bool(param.xp.isfinite(grad).all()):
                bad.append(name)
        if bad:
            self._loss_scaling_isnan = True
            self._loss_scaling_isnan_ever = True
            warnings.warn(
                f"non-finite gradient in {', '.join(bad)} (iteration {self.t}, loss scale "
                f"{self._loss_scale}); the update is skipped and the loss scale halved",
                RuntimeWarning,
                stacklevel=2,
            )
        return bool(bad)

    def is_safe_to_update(self):
        """Whether the last :meth:`check_nan_in_grads` found only finite gradients.

        Returns:
            bool: True when the parameters may be updated.
        """
        return not self._loss_scaling_isnan

    def update_loss_scale(self):
        """Adapts the dynamic loss scale to the last :meth:`check_nan_in_grads`.

        Halves the scale after a non-finite gradient; doubles it after every
        good step until the first non-finite gradient, then after every
        ``interval`` consecutive good steps. Does nothing for static scaling.
        """
        if not self._loss_scaling_is_dynamic:
            return
        scale = self._loss_scale
        if self._loss_scaling_isnan:
            scale /= 2.0
            self._loss_scaling_good_steps = 0
        elif not self._loss_scaling_isnan_ever:
            scale *= 2.0
        else:
            self._loss_scaling_good_steps += 1
            if self._loss_scaling_good_steps >= self._loss_scaling_interval:
                scale *= 2.0
                self._loss_scaling_good_steps = 0
        self._loss_scale = max(1.0, min(self._loss_scale_max, scale))


class GradientMethod(Optimizer):
    """Base class of the optimizers that update from one gradient per step.

    Subclasses implement :meth:`create_update_rule`; :meth:`setup` gives
    every parameter of the target its own rule, whose hyperparameters fall
    back to :attr:`hyperparam`. Declare a :class:`HyperparameterProxy` per
    hyperparameter so that ``optimizer.lr`` reads and writes
    ``optimizer.hyperparam.lr``.

    Attributes:
        hyperparam (Hyperparameter): the defaults of every update rule.
    """

    def __init__(self):
        super().__init__()
        self.hyperparam = Hyperparameter()
        self._use_fp32_update = False

    def setup(self, link):
        """Makes ``link`` the target and gives each parameter a new update rule.

        Args:
            link (~chainer.Link): the link whose parameters to optimize.

        Returns:
            GradientMethod: this optimizer.

        Raises:
            TypeError: if ``link`` is not a :class:`~chainer.Link`.
        """
        super().setup(link)
        for param in link.params():
            rule = self.create_update_rule()
            if self._use_fp32_update:
                rule.use_fp32_update()
            param.update_rule = rule
        return self

    def create_update_rule(self):
        """Creates the update rule of one parameter (called by :meth:`setup`).

        Returns:
            UpdateRule: a new rule, typically built with ``self.hyperparam``
            as its parent hyperparameter.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement create_update_rule")

    def reallocate_cleared_grads(self):
        """Gives a zero gradient to every initialized parameter whose gradient is None.

        Called before and after the update and after every hook, so that
        hooks and update rules always find a gradient array. An optimizer
        that does not need this may override it with a no-op.
        """
        for param in self.target.params(include_uninit=False):
            if param.grad is None:
                device = param.device
                with backend.using_device(device):
                    param.grad = device.xp.zeros_like(param.array)

    def call_hooks(self, timing="pre"):
        """Calls the hooks of one timing in registration order, reallocating cleared grads.

        Args:
            timing (str): ``'pre'`` or ``'post'``.

        Raises:
            ValueError: for another timing.
        """
        for hook in self._hooks_of(timing):
            self.call_hook(hook)
            self.reallocate_cleared_grads()

    def update(self, lossfun=None, *args, **kwds):
        """Runs one step: gradients (from ``lossfun`` if given), hooks, update rules.

        With ``lossfun``: the gradients are cleared, ``loss = lossfun(*args,
        **kwds)`` is back-propagated with the current loss scale, and the
        loss is released. Then: missing gradients are reallocated as zeros,
        non-finite gradients are looked for (dynamic loss scaling), the pre
        hooks run, :attr:`t` is incremented, every parameter is updated by
        its rule (skipped when a non-finite gradient was found), the post
        hooks run and the dynamic loss scale is adapted.

        Args:
            lossfun (callable): returns the loss Variable; None when the
                gradients are already computed.
            *args: positional arguments of ``lossfun``.
            **kwds: keyword arguments of ``lossfun``.
        """
        self._check_setup("update")
        if lossfun is not None:
            if getattr(self, "_use_cleargrads", True):
                self.target.cleargrads()
            else:
                for param in self.target.params():
                    param.zerograd()
            loss = lossfun(*args, **kwds)
            loss.backward(loss_scale=self._loss_scale)
            del loss

        self.reallocate_cleared_grads()
        self.check_nan_in_grads()
        self.call_hooks("pre")

        self.t += 1
        if self.is_safe_to_update():
            for param in self.target.params():
                param.update()

        self.reallocate_cleared_grads()
        self.call_hooks("post")
        self.update_loss_scale()

    def use_cleargrads(self, use=True):
        """Deprecated: :meth:`update` clears gradients with ``cleargrads`` already.

        Args:
            use (bool): False makes :meth:`update` fill the gradients with
                zeros instead of clearing them (Chainer v1's behaviour).
        """
        warnings.warn(
            "GradientMethod.use_cleargrads is deprecated: update() clears the gradients by default",
            DeprecationWarning,
            stacklevel=2,
        )
        self._use_cleargrads = use

    def use_fp32_update(self, flag=True):
        """Turns float32 master copies for float16 parameters on or off for every rule.

        Applies to the rules of the current target and to those made by
        later :meth:`setup` calls. See :meth:`UpdateRule.update`.

        Args:
            flag (bool): True to turn it on.
        """
        self._use_fp32_update = bool(flag)
        if self.target is not None:
            for param in self.target.params():
                if param.update_rule is not None:
                    param.update_rule.use_fp32_update(flag)
