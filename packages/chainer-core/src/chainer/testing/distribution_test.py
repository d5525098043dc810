"""distribution_unittest: a TestCase base that checks a Distribution against SciPy.

A test class for a :class:`chainer.Distribution` subclass derives from
:class:`distribution_unittest`, says in ``setUp_configure`` which distribution
it tests, with which parameters and which ``scipy.stats`` distribution is the
oracle, and gets one CPU and one GPU test per property of the distribution
(probability functions, moments, entropy, shapes, support, sampling).
"""

from __future__ import annotations

import functools
import math
import unittest

import numpy

import chainer
from chainer.testing import attr
from chainer.testing.array import _to_numpy, assert_allclose

try:
    import pytest
except ImportError:  # pragma: no cover - pytest is a test dependency
    pytest = None

#: The names a subclass may put in ``test_targets``.
TEST_TARGETS = frozenset(
    {
        "batch_shape",
        "cdf",
        "entropy",
        "event_shape",
        "icdf",
        "log_cdf",
        "log_prob",
        "log_survival",
        "mean",
        "prob",
        "sample",
        "stddev",
        "support",
        "survival",
        "variance",
    }
)

# Sample moments may differ from SciPy's by this many standard errors.
_SAMPLE_Z = 5.0


def _target(name):
    """Skips the decorated test unless ``name`` is in ``self.test_targets``."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if name not in self.test_targets:
                self.skipTest(f"'{name}' is not in test_targets")
            return method(self, *args, **kwargs)

        return wrapper

    return decorator


def _gpu(method):
    """Marks a test ``gpu`` and skips it at run time where no GPU is present.

    Unlike :func:`chainer.testing.attr.gpu`, the GPU count is looked up when
    the test runs, not when this module is imported, so that importing
    :mod:`chainer.testing` never initializes CUDA.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        limit = attr._gpu_limit()
        if attr._gpu_count() < 1 or limit == 0:
            self.skipTest("a GPU is required")
        return method(self, *args, **kwargs)

    if pytest is not None:
        wrapper = pytest.mark.gpu(wrapper)
    return wrapper


def _is_gpu_array(x):
    return type(x).__module__.split(".")[0] == "cupy"


def _to_gpu(x):
    return chainer.get_device("@cupy:0").send(x)


def _moments(x):
    """Sample mean and standard deviation along axis 0, with their standard errors."""
    n = x.shape[0]
    mean = x.mean(axis=0)
    centered = x - mean
    var = (centered**2).mean(axis=0)
    m4 = (centered**4).mean(axis=0)
    std = numpy.sqrt(var)
    se_mean = numpy.sqrt(var / n)
    # Delta method: Var(s^2) ~ (m4 - var^2) / n and ds = d(s^2) / (2 s).
    var_of_var = numpy.maximum(m4 - var**2, 0) / n
    with numpy.errstate(divide="ignore", invalid="ignore"):
        se_std = numpy.where(std > 0, numpy.sqrt(var_of_var) / (2 * std), 0.0)
    return mean, se_mean, std, se_std


class distribution_unittest(unittest.TestCase):  # noqa: N801 - Chainer's public name
    """Base class of tests that compare a :class:`~chainer.Distribution` with SciPy.

    A subclass defines ``setUp_configure``, which sets these attributes:

    * ``dist``: the :class:`~chainer.Distribution` subclass under test.
    * ``scipy_dist``: the ``scipy.stats`` distribution it is compared with
      (``scipy.stats.norm`` ...).
    * ``params``: the keyword arguments of the constructor of ``dist``, as
      NumPy arrays whose leading dimensions are the batch shape ``shape``.
    * ``scipy_params``: the keyword arguments of the methods of
      ``scipy_dist`` for the same distribution (``loc``, ``scale`` ...).
    * ``test_targets``: the set of the properties to test, a subset of
      :data:`TEST_TARGETS`; the tests of the others are skipped.

    and may set these (defaults in brackets):

    * ``support`` [``'real'``]: the expected value of ``dist.support``.
    * ``event_shape`` [``()``]: the expected event shape.
    * ``continuous`` [``True``]: whether SciPy's density (``pdf``,
      ``logpdf``) or mass (``pmf``, ``logpmf``) functions are the oracle of
      :meth:`~chainer.Distribution.prob` and
      :meth:`~chainer.Distribution.log_prob`.
    * ``scipy_onebyone`` [``False``]: when ``True``, SciPy is called once per
      element of the batch with the parameters of that element (see
      :meth:`scipy_onebyone_params_iter`), for SciPy distributions that do not
      broadcast their parameters (multivariate ones, for instance).
    * ``options`` [``{}``]: other keyword arguments of the constructor of
      ``dist``, passed as they are (not sent to the GPU, not wrapped).

    The class attributes ``shape`` (the batch shape) [``(3, 2)``],
    ``sample_shape`` (the sample shape of the points where probability
    functions are evaluated) [``(3, 2)``] and ``is_variable`` (whether the
    parameters are given to ``dist`` as :class:`~chainer.Variable` rather than
    arrays) [``False``] are usually set with
    :func:`~chainer.testing.parameterize`; ``sample_size`` [``100000``] is the
    number of draws compared in the sampling test. ``sample_for_test()``
    returns the NumPy points of shape ``sample_shape + shape + event_shape``
    where the probability functions are compared; the default draws them
    from a standard normal (support ``'real'``), log-normal (``'positive'``)
    or uniform (``'[0, 1]'``) distribution, and other supports need a method
    of the subclass.

    Each property ``<x>`` of :data:`TEST_TARGETS` has the tests
    ``test_<x>_cpu`` and ``test_<x>_gpu`` (mark ``gpu``, skipped where no GPU
    is present); the computations are in ``check_<x>(is_gpu)``. The checks
    compare the values, shapes and devices of the results with SciPy's (with
    :func:`~chainer.testing.assert_allclose`'s default tolerances), the shapes
    and support with the attributes above, and for sampling the mean and
    standard deviation of ``sample_size`` draws of shape ``sample_shape +
    shape + event_shape`` with those of as many draws of SciPy's ``rvs``,
    within five standard errors. Use :func:`~chainer.testing.fix_random` to
    make the random points and draws reproducible. Example::

        @testing.parameterize(*testing.product({
            'shape': [(3, 2), ()],
            'is_variable': [True, False],
            'sample_shape': [(3, 2), ()],
        }))
        @testing.fix_random()
        class TestNormal(testing.distribution_unittest):

            def setUp_configure(self):
                from scipy import stats
                self.dist = distributions.Normal
                self.scipy_dist = stats.norm
                self.test_targets = {'batch_shape', 'log_prob', 'mean', 'sample'}
                loc = numpy.random.uniform(-1, 1, self.shape).astype(numpy.float32)
                scale = numpy.exp(
                    numpy.random.uniform(-1, 1, self.shape)).astype(numpy.float32)
                self.params = {'loc': loc, 'scale': scale}
                self.scipy_params = {'loc': loc, 'scale': scale}

    Import the class through its module (``testing.distribution_unittest``);
    pytest collects every ``TestCase`` in a test module's namespace, and the
    base class's own tests skip themselves.
    """

    shape = (3, 2)
    sample_shape = (3, 2)
    is_variable = False
    event_shape = ()
    support = "real"
    continuous = True
    scipy_onebyone = False
    options = None
    sample_size = 100000

    def setUp(self):
        """Configures the test with ``setUp_configure`` and checks the configuration.

        Raises:
            ValueError: when ``test_targets`` names an unknown property.
            AttributeError: when ``setUp_configure`` leaves out one of
                ``dist``, ``scipy_dist``, ``params`` and ``scipy_params``.
        """
        if type(self) is distribution_unittest:
            self.skipTest("distribution_unittest is a base class")
        # Not a class attribute: its name would look like a test to loaders.
        self.test_targets = set(getattr(self, "test_targets", ()))
        self.options = dict(self.options or {})

        self.setUp_configure()

        self.test_targets = set(self.test_targets)
        unknown = self.test_targets - TEST_TARGETS
        if unknown:
            raise ValueError(
                f"invalid test target(s) {sorted(unknown)}; the targets are {sorted(TEST_TARGETS)}"
            )
        missing = [
            name
            for name in ("dist", "scipy_dist", "params", "scipy_params")
            if not hasattr(self, name)
        ]
        if missing:
            raise AttributeError(
                f"{type(self).__name__}.setUp_configure must set "
                + ", ".join(f"self.{name}" for name in missing)
            )
        self.shape = tuple(self.shape)
        self.sample_shape = tuple(self.sample_shape)
        self.event_shape = tuple(self.event_shape)
        if self.is_variable:
            self.params = {
                k: v if isinstance(v, chainer.Variable) else chainer.Variable(numpy.asarray(v))
                for k, v in self.params.items()
            }

    def setUp_configure(self):  # noqa: N802 - Chainer's public name
        """Sets the distribution, its parameters and the SciPy oracle (see the class).

        Raises:
            NotImplementedError: always; subclasses override it.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must define setUp_configure, which sets "
            "self.dist, self.scipy_dist, self.params, self.scipy_params and "
            "self.test_targets"
        )

    def sample_for_test(self):
        """Returns the points where the probability functions are compared.

        The default covers the continuous supports ``'real'``, ``'positive'``
        and ``'[0, 1]'``; subclasses override it for others.

        Returns:
            numpy.ndarray: points of shape ``sample_shape + shape + event_shape``
            in the support, of the floating dtype of the parameters.

        Raises:
            NotImplementedError: for other supports, or discrete distributions.
        """
        size = self.sample_shape + self.shape + self.event_shape
        dtype = self._float_dtype()
        if self.continuous and self.support == "real":
            points = numpy.random.normal(size=size)  # noqa: NPY002
        elif self.continuous and self.support == "positive":
            points = numpy.exp(numpy.random.normal(size=size))  # noqa: NPY002
        elif self.continuous and self.support == "[0, 1]":
            points = numpy.random.uniform(size=size)  # noqa: NPY002
        else:
            raise NotImplementedError(
                f"{type(self).__name__} must define sample_for_test for the "
                f"{'continuous' if self.continuous else 'discrete'} support "
                f"{self.support!r}"
            )
        return points.astype(dtype)

    def scipy_onebyone_params_iter(self):
        """Yields the SciPy parameters of each element of the batch, in C order.

        A parameter whose leading dimensions are the batch shape is indexed
        with the element's index (leaving, for a multivariate distribution,
        its event dimensions); any other parameter is shared by all elements.

        Yields:
            dict: ``scipy_params`` for one element of the batch.
        """
        params = {k: numpy.asarray(v) for k, v in self.scipy_params.items()}
        ndim = len(self.shape)
        for index in numpy.ndindex(*self.shape):
            yield {k: v[index] if v.shape[:ndim] == self.shape else v for k, v in params.items()}

    # -- the distributions under test ---------------------------------------------

    @property
    def cpu_dist(self):
        """~chainer.Distribution: the distribution made from ``params`` on the CPU."""
        return self.dist(**self.params, **self.options)

    @property
    def gpu_dist(self):
        """~chainer.Distribution: the distribution made from ``params`` sent to GPU 0."""
        params = {}
        for k, v in self.params.items():
            if isinstance(v, chainer.Variable):
                params[k] = chainer.Variable(_to_gpu(v.array))
            else:
                params[k] = _to_gpu(v)
        return self.dist(**params, **self.options)

    # -- helpers --------------------------------------------------------------------

    def _float_dtype(self):
        dtypes = [
            getattr(v, "dtype", None)
            for v in self.params.values()
            if getattr(v, "dtype", None) is not None and v.dtype.kind == "f"
        ]
        return numpy.result_type(*dtypes) if dtypes else numpy.dtype(numpy.float32)

    def _dist(self, is_gpu):
        return self.gpu_dist if is_gpu else self.cpu_dist

    def _to_numpy_checked(self, what, y, is_gpu, shape):
        """Checks the device and shape of a result, and returns it as a NumPy array."""
        y = getattr(y, "array", y)
        if _is_gpu_array(y) != is_gpu:
            where = "GPU" if _is_gpu_array(y) else "CPU"
            self.fail(
                f"{what} of the distribution on the {'GPU' if is_gpu else 'CPU'} "
                f"is an array on the {where} ({type(y).__module__}.{type(y).__name__})"
            )
        y = _to_numpy(y)
        if y.shape != tuple(shape):
            self.fail(f"{what} has the shape {y.shape}; expected {tuple(shape)}")
        return y

    def _scipy_method(self, continuous_name, discrete_name=None):
        name = continuous_name if self.continuous or discrete_name is None else discrete_name
        return getattr(self.scipy_dist, name)

    def _scipy_at(self, method, x):
        """SciPy's ``method`` at the points ``x``, of shape ``sample_shape + shape``."""
        out_shape = self.sample_shape + self.shape
        if not self.scipy_onebyone:
            return numpy.broadcast_to(method(x, **self.scipy_params), out_shape)
        n_sample = math.prod(self.sample_shape)
        n_batch = math.prod(self.shape)
        point_shape = x.shape[len(out_shape) :]
        x = x.reshape((n_sample, n_batch) + point_shape)
        out = numpy.empty((n_sample, n_batch), dtype=numpy.float64)
        for b, params in enumerate(self.scipy_onebyone_params_iter()):
            out[:, b] = numpy.reshape(method(x[:, b], **params), (n_sample,))
        return out.reshape(out_shape)

    def _scipy_property(self, method, shape):
        """SciPy's ``method`` of the parameters, of shape ``shape``."""
        if not self.scipy_onebyone:
            return numpy.broadcast_to(method(**self.scipy_params), shape)
        values = [numpy.asarray(method(**params)) for params in self.scipy_onebyone_params_iter()]
        return numpy.stack(values).reshape(shape)

    def _check_at_points(self, what, name, scipy_method, x, is_gpu):
        dist = self._dist(is_gpu)
        y = getattr(dist, name)(_to_gpu(x) if is_gpu else x)
        actual = self._to_numpy_checked(what, y, is_gpu, self.sample_shape + self.shape)
        assert_allclose(actual, self._scipy_at(scipy_method, x))

    def _check_property(self, name, scipy_method, shape, is_gpu):
        y = getattr(self._dist(is_gpu), name)
        actual = self._to_numpy_checked(name, y, is_gpu, shape)
        assert_allclose(actual, self._scipy_property(scipy_method, shape))

    def _scipy_rvs(self, size):
        """``size + shape + event_shape`` draws from SciPy's distribution."""
        shape = size + self.shape + self.event_shape
        if not self.scipy_onebyone:
            return numpy.reshape(
                self.scipy_dist.rvs(size=size + self.shape, **self.scipy_params), shape
            )
        draws = [
            numpy.reshape(self.scipy_dist.rvs(size=size, **params), size + self.event_shape)
            for params in self.scipy_onebyone_params_iter()
        ]
        return numpy.stack(draws, axis=len(size)).reshape(shape)

    def _assert_same_moments(self, actual, expected):
        """Compares the sample mean and standard deviation along axis 0."""
        ours = _moments(numpy.asarray(actual, dtype=numpy.float64))
        theirs = _moments(numpy.asarray(expected, dtype=numpy.float64))
        for stat, (a, se_a), (b, se_b) in (
            ("mean", ours[0:2], theirs[0:2]),
            ("standard deviation", ours[2:4], theirs[2:4]),
        ):
            tol = _SAMPLE_Z * numpy.sqrt(se_a**2 + se_b**2) + 1e-6 + 1e-5 * numpy.abs(b)
            excess = numpy.where(numpy.isnan(a - b), numpy.inf, numpy.abs(a - b) - tol)
            if numpy.any(excess > 0):
                i = numpy.unravel_index(numpy.argmax(excess), numpy.shape(excess))
                i = tuple(int(j) for j in i)
                self.fail(
                    f"the sample {stat} differs from SciPy's at index {i} "
                    f"(of sample_shape + shape + event_shape): ours {a[i]}, "
                    f"SciPy's {b[i]}, |difference| {abs(a[i] - b[i])} > "
                    f"tolerance {tol[i]} ({_SAMPLE_Z:g} standard errors); "
                    f"{int(numpy.count_nonzero(excess > 0))} of {excess.size} "
                    "elements differ"
                )

    # -- checks -------------------------------------------------------------------

    def check_cdf(self, is_gpu):
        """Compares ``cdf`` at ``sample_for_test()`` with SciPy's ``cdf``."""
        x = self.sample_for_test()
        self._check_at_points("cdf", "cdf", self._scipy_method("cdf"), x, is_gpu)

    def check_log_cdf(self, is_gpu):
        """Compares ``log_cdf`` at ``sample_for_test()`` with SciPy's ``logcdf``."""
        x = self.sample_for_test()
        self._check_at_points("log_cdf", "log_cdf", self._scipy_method("logcdf"), x, is_gpu)

    def check_survival(self, is_gpu):
        """Compares ``survival_function`` at ``sample_for_test()`` with SciPy's ``sf``."""
        x = self.sample_for_test()
        self._check_at_points(
            "survival_function", "survival_function", self._scipy_method("sf"), x, is_gpu
        )

    def check_log_survival(self, is_gpu):
        """Compares ``log_survival_function`` at ``sample_for_test()`` with SciPy's ``logsf``."""
        x = self.sample_for_test()
        self._check_at_points(
            "log_survival_function",
            "log_survival_function",
            self._scipy_method("logsf"),
            x,
            is_gpu,
        )

    def check_icdf(self, is_gpu):
        """Compares ``icdf`` with SciPy's ``ppf`` at uniform points in ``(1e-5, 1 - 1e-5)``."""
        size = self.sample_shape + self.shape
        p = numpy.random.uniform(1e-5, 1 - 1e-5, size).astype(self._float_dtype())  # noqa: NPY002
        self._check_at_points("icdf", "icdf", self._scipy_method("ppf"), p, is_gpu)

    def check_log_prob(self, is_gpu):
        """Compares ``log_prob`` at ``sample_for_test()`` with ``logpdf`` (or ``logpmf``)."""
        x = self.sample_for_test()
        method = self._scipy_method("logpdf", "logpmf")
        self._check_at_points("log_prob", "log_prob", method, x, is_gpu)

    def check_prob(self, is_gpu):
        """Compares ``prob`` at ``sample_for_test()`` with SciPy's ``pdf`` (or ``pmf``)."""
        x = self.sample_for_test()
        self._check_at_points("prob", "prob", self._scipy_method("pdf", "pmf"), x, is_gpu)

    def check_mean(self, is_gpu):
        """Compares ``mean`` with SciPy's ``mean``."""
        shape = self.shape + self.event_shape
        self._check_property("mean", self._scipy_method("mean"), shape, is_gpu)

    def check_variance(self, is_gpu):
        """Compares ``variance`` with SciPy's ``var``."""
        shape = self.shape + self.event_shape
        self._check_property("variance", self._scipy_method("var"), shape, is_gpu)

    def check_stddev(self, is_gpu):
        """Compares ``stddev`` with SciPy's ``std``."""
        shape = self.shape + self.event_shape
        self._check_property("stddev", self._scipy_method("std"), shape, is_gpu)

    def check_entropy(self, is_gpu):
        """Compares ``entropy`` with SciPy's ``entropy``."""
        self._check_property("entropy", self._scipy_method("entropy"), self.shape, is_gpu)

    def check_sample(self, is_gpu):
        """Compares the moments of ``sample_size`` draws with those of SciPy's ``rvs``.

        Draws ``sample((sample_size,) + sample_shape)``, checks its device
        and shape, and compares its mean and standard deviation along the
        first axis with those of as many draws of SciPy's ``rvs``, within five
        standard errors of the difference (estimated from both samples).
        """
        size = (self.sample_size,) + self.sample_shape
        y = self._dist(is_gpu).sample(size)
        shape = size + self.shape + self.event_shape
        actual = self._to_numpy_checked("sample", y, is_gpu, shape)
        self._assert_same_moments(actual, self._scipy_rvs(size))

    # -- tests ----------------------------------------------------------------------

    @_target("batch_shape")
    def test_batch_shape_cpu(self):
        self.assertEqual(tuple(self.cpu_dist.batch_shape), self.shape)

    @_gpu
    @_target("batch_shape")
    def test_batch_shape_gpu(self):
        self.assertEqual(tuple(self.gpu_dist.batch_shape), self.shape)

    @_target("event_shape")
    def test_event_shape_cpu(self):
        self.assertEqual(tuple(self.cpu_dist.event_shape), self.event_shape)

    @_gpu
    @_target("event_shape")
    def test_event_shape_gpu(self):
        self.assertEqual(tuple(self.gpu_dist.event_shape), self.event_shape)

    @_target("support")
    def test_support_cpu(self):
        self.assertEqual(self.cpu_dist.support, self.support)

    @_gpu
    @_target("support")
    def test_support_gpu(self):
        self.assertEqual(self.gpu_dist.support, self.support)

    @_target("cdf")
    def test_cdf_cpu(self):
        self.check_cdf(False)

    @_gpu
    @_target("cdf")
    def test_cdf_gpu(self):
        self.check_cdf(True)

    @_target("log_cdf")
    def test_log_cdf_cpu(self):
        self.check_log_cdf(False)

    @_gpu
    @_target("log_cdf")
    def test_log_cdf_gpu(self):
        self.check_log_cdf(True)

    @_target("survival")
    def test_survival_cpu(self):
        self.check_survival(False)

    @_gpu
    @_target("survival")
    def test_survival_gpu(self):
        self.check_survival(True)

    @_target("log_survival")
    def test_log_survival_cpu(self):
        self.check_log_survival(False)

    @_gpu
    @_target("log_survival")
    def test_log_survival_gpu(self):
        self.check_log_survival(True)

    @_target("icdf")
    def test_icdf_cpu(self):
        self.check_icdf(False)

    @_gpu
    @_target("icdf")
    def test_icdf_gpu(self):
        self.check_icdf(True)

    @_target("log_prob")
    def test_log_prob_cpu(self):
        self.check_log_prob(False)

    @_gpu
    @_target("log_prob")
    def test_log_prob_gpu(self):
        self.check_log_prob(True)

    @_target("prob")
    def test_prob_cpu(self):
        self.check_prob(False)

    @_gpu
    @_target("prob")
    def test_prob_gpu(self):
        self.check_prob(True)

    @_target("mean")
    def test_mean_cpu(self):
        self.check_mean(False)

    @_gpu
    @_target("mean")
    def test_mean_gpu(self):
        self.check_mean(True)

    @_target("variance")
    def test_variance_cpu(self):
        self.check_variance(False)

    @_gpu
    @_target("variance")
    def test_variance_gpu(self):
        self.check_variance(True)

    @_target("stddev")
    def test_stddev_cpu(self):
        self.check_stddev(False)

    @_gpu
    @_target("stddev")
    def test_stddev_gpu(self):
        self.check_stddev(True)

    @_target("entropy")
    def test_entropy_cpu(self):
        self.check_entropy(False)

    @_gpu
    @_target("entropy")
    def test_entropy_gpu(self):
        self.check_entropy(True)

    @_target("sample")
    def test_sample_cpu(self):
        self.check_sample(False)

    @_gpu
    @_target("sample")
    def test_sample_gpu(self):
        self.check_sample(True)
