"""The interface of probability distributions, and KL divergence dispatch.

The concrete distributions (``Normal``, ``Bernoulli`` ...) live in
:mod:`chainer.distributions`; this module holds their base class
:class:`Distribution`, the :func:`register_kl` registry and the functions
:func:`kl_divergence` and :func:`cross_entropy` built on it.
"""

from __future__ import annotations

import copy
import math

from chainer import backend
from chainer.functions.array.reshape import reshape
from chainer.functions.math.exponential import exp, log


class Distribution:
    """Base class of probability distributions.

    A distribution can draw samples, evaluate probability-related functions
    (density or mass, cumulative distribution ...) at given points, and give
    its properties (mean, variance ...). Everything computed from
    :class:`~chainer.Variable` parameters is differentiable.

    Shapes follow a sample-batch-event hierarchy. An *event* is one draw of
    the random quantity (shape :attr:`event_shape`, ``()`` for a scalar); its
    values are not independent in general. A *batch* holds independent, not
    identically distributed events (shape :attr:`batch_shape`), fixed by the
    shapes of the parameters given to the constructor. A *sample* holds
    independent draws of the whole batch (shape ``sample_shape``). So
    ``sample(sample_shape)`` returns an array of shape
    ``sample_shape + batch_shape + event_shape``, and a probability-related
    function evaluated at such points returns shape
    ``sample_shape + batch_shape``.

    Subclasses implement the members they support; the others raise
    :class:`NotImplementedError` naming the class and the member. A few
    members are derived from others when a subclass defines those:

    * :meth:`prob` from :meth:`log_prob` (``exp``) and the other way (``log``);
    * :attr:`stddev` from :attr:`variance` (square root) and the other way;
    * :meth:`cdf`, :meth:`log_cdf`, :meth:`survival_function` and
      :meth:`log_survival_function` from any one of them, through
      ``exp``/``log`` and ``survival_function = 1 - cdf``;
    * :meth:`perplexity` as ``exp(-log_prob(x))``;
    * :meth:`sample` from :meth:`sample_n`;
    * :attr:`xp` from the arrays in :attr:`params`.

    Derived values can be less accurate than direct formulas (``1 - cdf`` in
    the tails, for instance); subclasses override them where it matters.
    """

    # -- helpers ---------------------------------------------------------------

    def _copy_to(self, target):
        """Makes ``target`` a shallow copy of this distribution's state.

        Args:
            target (Distribution): an instance (typically made with
                ``__new__``) whose ``__dict__`` is replaced.

        Returns:
            Distribution: ``target``.
        """
        target.__dict__ = copy.copy(self.__dict__)
        return target

    def _defines(self, name):
        """Whether the subclass overrides the member ``name`` of this base class."""
        return getattr(type(self), name) is not getattr(Distribution, name)

    def _not_implemented(self, name):
        return NotImplementedError(
            f"{type(self).__name__} does not implement {name} "
            f"(the {type(self).__name__} distribution does not define it)"
        )

    # -- shapes and parameters -------------------------------------------------

    @property
    def batch_shape(self):
        """The shape of a batch of independent events.

        Returns:
            tuple of int: the batch shape.
        """
        raise self._not_implemented("batch_shape")

    @property
    def event_shape(self):
        """The shape of one event.

        Returns:
            tuple of int: the event shape (``()`` for a univariate distribution).
        """
        raise self._not_implemented("event_shape")

    @property
    def params(self):
        """The parameters of the distribution.

        Returns:
            dict: the parameter Variables, keyed by name.
        """
        raise self._not_implemented("params")

    @property
    def support(self):
        """The support of the distribution, as text (e.g. ``'real'``, ``'positive'``).

        Returns:
            str: a description of the support.
        """
        raise self._not_implemented("support")

    @property
    def xp(self):
        """The array module of the parameters: :mod:`numpy` or :mod:`cupy`.

        Returns:
            module: the array module of the arrays in :attr:`params`.
        """
        return backend.get_array_module(*self.params.values())

    # -- properties of the distribution -------------------------------------------

    @property
    def mean(self):
        """The mean of the distribution.

        Returns:
            ~chainer.Variable: the mean, of shape ``batch_shape + event_shape``.
        """
        raise self._not_implemented("mean")

    @property
    def mode(self):
        """The mode of the distribution.

        Returns:
            ~chainer.Variable: the mode, of shape ``batch_shape + event_shape``.
        """
        raise self._not_implemented("mode")

    @property
    def variance(self):
        """The variance of the distribution.

        Defaults to ``stddev ** 2`` when the subclass defines :attr:`stddev`.

        Returns:
            ~chainer.Variable: the variance.
        """
        if self._defines("stddev"):
            return self.stddev**2
        raise self._not_implemented("variance")

    @property
    def stddev(self):
        """The standard deviation of the distribution.

        Defaults to ``sqrt(variance)`` when the subclass defines :attr:`variance`.

        Returns:
            ~chainer.Variable: the standard deviation.
        """
        if self._defines("variance"):
            return self.variance**0.5
        raise self._not_implemented("stddev")

    @property
    def covariance(self):
        """The covariance of the distribution.

        Returns:
            ~chainer.Variable: the covariance, of shape
            ``batch_shape + event_shape + event_shape``.
        """
        raise self._not_implemented("covariance")

    @property
    def entropy(self):
        """The entropy of the distribution.

        Returns:
            ~chainer.Variable: the entropy, of shape ``batch_shape``.
        """
        raise self._not_implemented("entropy")

    # -- probability-related functions --------------------------------------------

    def log_prob(self, x):
        """Evaluates the logarithm of the probability (density or mass) at ``x``.

        Defaults to ``log(prob(x))`` when the subclass defines :meth:`prob`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points in the domain of
                the distribution, of shape ``sample_shape + batch_shape + event_shape``.

        Returns:
            ~chainer.Variable: the log-probability, of shape
            ``sample_shape + batch_shape``.
        """
        if self._defines("prob"):
            return log(self.prob(x))
        raise self._not_implemented("log_prob")

    def prob(self, x):
        """Evaluates the probability (density or mass) at ``x``.

        Defaults to ``exp(log_prob(x))`` when the subclass defines :meth:`log_prob`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points in the domain of
                the distribution.

        Returns:
            ~chainer.Variable: the probability.
        """
        if self._defines("log_prob"):
            return exp(self.log_prob(x))
        raise self._not_implemented("prob")

    def perplexity(self, x):
        """Evaluates the perplexity at ``x``: ``exp(-log_prob(x))``.

        The mean of ``log(perplexity(x))`` over samples of the distribution
        is its :attr:`entropy`; ``exp(entropy)`` is the perplexity of the
        distribution as a whole.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points in the domain of
                the distribution.

        Returns:
            ~chainer.Variable: the perplexity.
        """
        if self._defines("log_prob") or self._defines("prob"):
            return exp(-self.log_prob(x))
        raise self._not_implemented("perplexity")

    def _defines_tail(self, *names):
        return any(self._defines(name) for name in names)

    def cdf(self, x):
        """Evaluates the cumulative distribution function at ``x``.

        Defaults to ``exp(log_cdf(x))`` or ``1 - survival_function(x)`` when
        the subclass defines one of those (or :meth:`log_survival_function`).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points in the domain of
                the distribution.

        Returns:
            ~chainer.Variable: the cumulative distribution function.
        """
        if self._defines("log_cdf"):
            return exp(self.log_cdf(x))
        if self._defines_tail("survival_function", "log_survival_function"):
            return 1.0 - self.survival_function(x)
        raise self._not_implemented("cdf")

    def log_cdf(self, x):
        """Evaluates the logarithm of the cumulative distribution function at ``x``.

        Defaults to ``log(cdf(x))`` when :meth:`cdf` can be computed.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points in the domain of
                the distribution.

        Returns:
            ~chainer.Variable: the log of the cumulative distribution function.
        """
        if self._defines_tail("cdf", "survival_function", "log_survival_function"):
            return log(self.cdf(x))
        raise self._not_implemented("log_cdf")

    def survival_function(self, x):
        """Evaluates the survival function ``1 - cdf(x)`` at ``x``.

        Defaults to ``exp(log_survival_function(x))`` or ``1 - cdf(x)`` when
        the subclass defines one of those (or :meth:`log_cdf`).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points in the domain of
                the distribution.

        Returns:
            ~chainer.Variable: the survival function.
        """
        if self._defines("log_survival_function"):
            return exp(self.log_survival_function(x))
        if self._defines_tail("cdf", "log_cdf"):
            return 1.0 - self.cdf(x)
        raise self._not_implemented("survival_function")

    def log_survival_function(self, x):
        """Evaluates the logarithm of the survival function at ``x``.

        Defaults to ``log(survival_function(x))`` when that can be computed.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points in the domain of
                the distribution.

        Returns:
            ~chainer.Variable: the log of the survival function.
        """
        if self._defines_tail("survival_function", "cdf", "log_cdf"):
            return log(self.survival_function(x))
        raise self._not_implemented("log_survival_function")

    def icdf(self, x):
        """Evaluates the inverse of the cumulative distribution function at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in [0, 1].

        Returns:
            ~chainer.Variable: the points whose cumulative probability is ``x``.
        """
        raise self._not_implemented("icdf")

    # -- sampling ---------------------------------------------------------------

    def sample_n(self, n):
        """Draws ``n`` independent samples of the whole batch.

        Subclasses implement sampling here rather than in :meth:`sample`.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape + event_shape``.
        """
        raise self._not_implemented("sample_n")

    def sample(self, sample_shape=()):
        """Draws samples of shape ``sample_shape + batch_shape + event_shape``.

        Calls :meth:`sample_n` with the number of samples and reshapes the result.

        Args:
            sample_shape (int or tuple of int): the shape of the independent
                draws; ``()`` draws one sample without a leading axis.

        Returns:
            ~chainer.Variable: the samples.
        """
        if isinstance(sample_shape, int):
            sample_shape = (sample_shape,)
        sample_shape = tuple(int(s) for s in sample_shape)
        n = math.prod(sample_shape)
        samples = self.sample_n(n)
        return reshape(samples, sample_shape + tuple(self.batch_shape) + tuple(self.event_shape))


_KLDIVERGENCE = {}


def register_kl(Dist1, Dist2):  # noqa: N803 - Chainer's argument names
    """Decorator that registers a function computing a KL divergence.

    :func:`kl_divergence` calls the function registered for the closest pair
    of classes of its arguments::

        @chainer.register_kl(MyNormal, MyNormal)
        def _kl_normal_normal(dist1, dist2):
            return ...

    Args:
        Dist1 (type): the :class:`Distribution` subclass of the first argument.
        Dist2 (type): the :class:`Distribution` subclass of the second argument.

    Returns:
        callable: a decorator that registers ``kl(dist1, dist2)`` for the pair
        and returns it unchanged.
    """

    def decorator(kl):
        _KLDIVERGENCE[Dist1, Dist2] = kl
        return kl

    return decorator


def _search_kl(type1, type2):
    """The registered function for the closest registered pair of ancestors.

    Distance is the position in each type's MRO; the pair with the smallest
    sum wins, a tie going to the closer first class.
    """
    best = None
    best_rank = None
    mro1, mro2 = type1.__mro__, type2.__mro__
    for (cls1, cls2), kl in _KLDIVERGENCE.items():
        if cls1 in mro1 and cls2 in mro2:
            i, j = mro1.index(cls1), mro2.index(cls2)
            rank = (i + j, i)
            if best_rank is None or rank < best_rank:
                best, best_rank = kl, rank
    return best


def kl_divergence(dist1, dist2):
    """Computes the Kullback-Leibler divergence ``KL(dist1 || dist2)``.

    For densities :math:`p, q` it is :math:`\\int p(x) \\log (p(x) / q(x)) dx`
    (a sum for mass functions). The function registered with
    :func:`register_kl` for the pair of classes is used; when the exact pair is
    not registered, the closest pair of base classes in the two MROs is.

    Args:
        dist1 (Distribution): :math:`p`, the first operand.
        dist2 (Distribution): :math:`q`, the second operand.

    Returns:
        ~chainer.Variable: the divergence, of shape ``batch_shape``.

    Raises:
        NotImplementedError: when no function is registered for the classes
            of ``dist1`` and ``dist2`` or their base classes.
    """
    kl = _search_kl(type(dist1), type(dist2))
    if kl is None:
        raise NotImplementedError(
            f"no KL divergence is registered for ({type(dist1).__name__}, "
            f"{type(dist2).__name__}); register one with chainer.register_kl"
        )
    return kl(dist1, dist2)


def cross_entropy(dist1, dist2):
    """Computes the cross entropy ``H(dist1, dist2) = entropy(dist1) + KL(dist1 || dist2)``.

    For densities :math:`p, q` it is :math:`-\\int p(x) \\log q(x) dx`. It needs
    :attr:`Distribution.entropy` of ``dist1`` and a KL divergence registered
    with :func:`register_kl`.

    Args:
        dist1 (Distribution): :math:`p`, the first operand.
        dist2 (Distribution): :math:`q`, the second operand.

    Returns:
        ~chainer.Variable: the cross entropy, of shape ``batch_shape``.
    """
    return dist1.entropy + kl_divergence(dist1, dist2)
