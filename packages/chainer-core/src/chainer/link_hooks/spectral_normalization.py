"""Spectral normalization of a link's weight (Miyato et al., 2018)."""

from __future__ import annotations

import numbers

import numpy

import chainer
import chainer.functions as F
from chainer import _array_types, backend, link_hook
from chainer.link_hooks import _weight_hook
from chainer.parameter import Parameter
from chainer.variable import Variable


def _l2_normalize(xp, v, eps):
    return v / (xp.linalg.norm(v) + eps)


class SpectralNormalization(link_hook.LinkHook):
    """Link hook that divides a weight by its largest singular value.

    During each forward of the link it is registered on, the weight
    :math:`W` is replaced by

    .. math::

        \\bar W = \\gamma \\, \\frac{W}{\\sigma(W) / f},
        \\qquad \\sigma(W) = \\max_{\\|h\\|_2 \\le 1} \\|W h\\|_2,

    where :math:`\\gamma = 1` unless ``use_gamma`` and :math:`f = 1` unless
    ``factor`` is given. :math:`W` is viewed as a matrix of shape
    ``(W.shape[axis], -1)`` (``axis`` is 1 for deconvolutions, whose output
    channels come second, else 0). :math:`\\sigma` is estimated as
    :math:`u^\\top W v` by ``n_power_iteration`` steps of the power method
    started from the stored left singular vector :math:`u`:
    :math:`v \\leftarrow W^\\top u / (\\|W^\\top u\\| + \\epsilon)`,
    :math:`u \\leftarrow W v / (\\|W v\\| + \\epsilon)`. The gradient flows
    to :math:`W` (and :math:`\\gamma`) through :math:`\\bar W` and
    :math:`\\sigma` with :math:`u` and :math:`v` held constant. In training
    mode (``chainer.config.train``) the new :math:`u` is stored for the next
    call; otherwise it is left as it was.

    The hook registers on the link the persistent array ``<weight_name>_u``
    (shape ``(W.shape[axis],)``, the weight's dtype, drawn from a standard
    normal distribution, saved with the link) and, with ``use_gamma``, the
    parameter ``gamma`` (shape ``()``, initialized to :math:`\\sigma(W)`
    computed by SVD). For a link whose weight is not initialized yet (lazy
    shapes) they are registered empty at once, so that an optimizer set up
    afterwards updates ``gamma`` and serializers see both, and filled on the
    first forward (the weight itself is initialized from the first input
    through the link's ``_initialize_params(in_size)``, as in Chainer v7).
    Add the hook before setting up the optimizer.

    The weight attribute holds the :class:`~chainer.Parameter` again once
    the forward returns; its data is never modified by the hook.

    See: T. Miyato et al., `Spectral Normalization for Generative Adversarial
    Networks <https://arxiv.org/abs/1802.05957>`_.

    Args:
        n_power_iteration (int): the number of power-method steps per
            forward (at least 1).
        eps (float): the constant added to the norms in the power method.
        use_gamma (bool): if True, multiply the normalized weight by a
            learnable scale ``gamma``.
        factor (float or None): divide :math:`\\sigma` by this positive
            number (the spectral norm of :math:`\\bar W` becomes ``factor``).
        weight_name (str): the name of the link's weight parameter.
        name (str or None): the name of the hook;
            ``'SpectralNormalization'`` by default.

    Attributes:
        vector_name (str): ``weight_name + '_u'``, the link attribute holding :math:`u`.
        axis (int): the axis of the weight that indexes output units.
        v (array): the right singular vector estimated by the last forward.

    Example:
        >>> import chainer.links as L
        >>> layer = L.Linear(None, 5)
        >>> _ = layer.add_hook(chainer.link_hooks.SpectralNormalization())
    """

    name = "SpectralNormalization"

    def __init__(
        self,
        n_power_iteration=1,
        eps=1e-6,
        use_gamma=False,
        factor=None,
        weight_name="W",
        name=None,
    ):
        if (
            not isinstance(n_power_iteration, numbers.Integral)
            or isinstance(n_power_iteration, bool)
            or n_power_iteration < 1
        ):
            raise ValueError(
                f"SpectralNormalization: n_power_iteration must be an integer >= 1, "
                f"got {n_power_iteration!r}"
            )
        if not isinstance(eps, numbers.Real) or eps < 0:
            raise ValueError(f"SpectralNormalization: eps must be a number >= 0, got {eps!r}")
        if factor is not None and (not isinstance(factor, numbers.Real) or factor <= 0):
            raise ValueError(
                f"SpectralNormalization: factor must be None or a positive number, got {factor!r}"
            )
        if not isinstance(weight_name, str) or not weight_name:
            raise ValueError(
                f"SpectralNormalization: weight_name must be a non-empty string, "
                f"got {weight_name!r}"
            )
        self.n_power_iteration = int(n_power_iteration)
        self.eps = eps
        self.use_gamma = bool(use_gamma)
        self.factor = factor
        self.weight_name = weight_name
        self.vector_name = weight_name + "_u"
        self.axis = 0
        self.v = None
        self.original_weight = None
        self._replacement = None
        self._initialized = False
        if name is not None:
            self.name = name

    def __enter__(self):
        raise NotImplementedError(
            "SpectralNormalization works on one link: register it with link.add_hook(hook) "
            "instead of using it in a with statement"
        )

    def __exit__(self, *exc_info):
        raise NotImplementedError("SpectralNormalization cannot be used as a context manager")

    def added(self, link):
        """Checks the link and registers ``u`` (and ``gamma``) on it.

        Args:
            link (~chainer.Link): the link the hook was added to.

        Raises:
            ValueError: when the link has no weight named ``weight_name``,
                or the hook is used globally.
            TypeError: when that attribute is not a Parameter.
        """
        weight = _weight_hook.check_weight(self, link)
        deconvolutions = _weight_hook.link_classes("Deconvolution2D", "DeconvolutionND")
        self.axis = 1 if deconvolutions and isinstance(link, deconvolutions) else 0
        if weight.array is not None:
            self._prepare_parameters(link)
            return
        # Lazy weight: register empty placeholders now, fill them on the first forward.
        if self.vector_name not in link._persistent:
            if hasattr(link, self.vector_name):
                link.register_persistent(self.vector_name)
            else:
                link.add_persistent(self.vector_name, None)
        if self.use_gamma and not hasattr(link, "gamma"):
            with link.init_scope():
                link.gamma = Parameter(chainer.initializers.NaN(weight.dtype))

    def deleted(self, link):
        """Removes ``u`` (and ``gamma``) from the link.

        Args:
            link (~chainer.Link): the link the hook was removed from.
        """
        _weight_hook.restore_weight(self, link)
        if hasattr(link, self.vector_name):
            delattr(link, self.vector_name)
        if self.use_gamma and hasattr(link, "gamma"):
            delattr(link, "gamma")
        self._initialized = False

    def forward_preprocess(self, cb_args):
        """Replaces the link's weight by the spectrally normalized one.

        Args:
            cb_args: the callback arguments (``link``, ``args``, ``kwargs``).
        """
        link = cb_args.link
        weight = _weight_hook.current_weight(self, link)
        if weight.array is None:
            _weight_hook.initialize_lazy_weight(self, link, cb_args.args)
            weight = getattr(link, self.weight_name)
        if not self._initialized:
            self._prepare_parameters(link)
        with chainer.using_device(backend.get_device_from_array(weight.array)):
            normalized = self.normalize_weight(link)
        _weight_hook.replace_weight(self, link, weight, normalized)

    def forward_postprocess(self, cb_args):
        """Puts the weight Parameter back on the link.

        Args:
            cb_args: the callback arguments.
        """
        _weight_hook.restore_weight(self, cb_args.link)

    def _prepare_parameters(self, link):
        weight = getattr(link, self.weight_name)
        size = weight.shape[self.axis]
        if size == 0:
            raise ValueError(
                f"SpectralNormalization: {type(link).__name__}.{self.weight_name} has shape "
                f"{tuple(weight.shape)}; expected a non-zero size along axis {self.axis}"
            )
        device = backend.get_device_from_array(weight.array)
        u = getattr(link, self.vector_name, None)
        if isinstance(u, _array_types.ARRAY_TYPES) and tuple(u.shape) == (size,):
            # Loaded from a file (or kept from an earlier registration).
            u = device.send(u).astype(weight.dtype, copy=False)
        else:
            # NumPy's global generator, like the initializers: numpy.random.seed
            # (and testing.fix_random) make u reproducible on every device.
            draw = numpy.random.normal(size=(size,))  # noqa: NPY002
            u = device.send(draw.astype(weight.dtype))
        if self.vector_name in link._persistent:
            setattr(link, self.vector_name, u)
        elif hasattr(link, self.vector_name):
            setattr(link, self.vector_name, u)
            link.register_persistent(self.vector_name)
        else:
            link.add_persistent(self.vector_name, u)
        if self.use_gamma:
            gamma = getattr(link, "gamma", None)
            if gamma is None or (isinstance(gamma, Parameter) and gamma.array is None):
                matrix = chainer.backend.CpuDevice().send(self.reshape_W(weight.array))
                sigma = numpy.linalg.svd(matrix.astype(numpy.float64), compute_uv=False)[0]
                value = device.send(numpy.asarray(sigma, dtype=weight.dtype))
                if gamma is None:
                    with link.init_scope():
                        link.gamma = Parameter(value)
                else:
                    gamma.array = value
                    gamma.grad = None
        self._initialized = True

    def normalize_weight(self, link, *args, **kwargs):
        """Computes the spectrally normalized weight of ``link``.

        Runs the power method from the stored ``u`` (storing the new ``u``
        in training mode) and returns :math:`\\gamma W f / \\sigma(W)`.

        Args:
            link (~chainer.Link): the link, whose weight attribute holds the
                Parameter.

        Returns:
            ~chainer.Variable: the normalized weight, of the weight's shape and dtype.
        """
        weight = getattr(link, self.weight_name)
        u = getattr(link, self.vector_name)
        matrix = self.reshape_W(weight)
        if chainer.config.in_recomputing and self.v is not None:
            new_u, v = u, self.v
        else:
            xp = backend.get_array_module(matrix.array)
            m = matrix.array
            new_u = u
            for _ in range(self.n_power_iteration):
                v = _l2_normalize(xp, new_u @ m, self.eps)
                new_u = _l2_normalize(xp, m @ v, self.eps)
        # sigma = u^T W v, differentiable in W only.
        sigma = F.sum(F.linear(v[None, :], matrix)[0] * new_u)
        if self.factor is not None:
            sigma = sigma / self.factor
        normalized = weight / F.broadcast_to(sigma, weight.shape)
        if self.use_gamma:
            normalized = F.broadcast_to(link.gamma, weight.shape) * normalized
        if not chainer.config.in_recomputing:
            self.v = v
            if chainer.config.train:
                backend.copyto(u, new_u)
        return normalized

    def reshape_W(self, W):  # noqa: N802 - Chainer v7's method name
        """Views a weight as a matrix of shape ``(W.shape[axis], -1)``.

        Args:
            W (~chainer.Variable or array): the weight.

        Returns:
            The matrix, of the same kind as ``W`` (a Variable for a Variable).
        """
        is_variable = isinstance(W, Variable)
        if self.axis != 0:
            axes = [self.axis] + [i for i in range(W.ndim) if i != self.axis]
            W = F.transpose(W, axes) if is_variable else W.transpose(axes)
        if W.ndim == 2:
            return W
        shape = (W.shape[0], -1)
        return F.reshape(W, shape) if is_variable else W.reshape(shape)
