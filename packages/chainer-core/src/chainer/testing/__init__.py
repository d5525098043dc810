"""Testing utilities of Chainer: parameterized tests, backends, assertions."""

from chainer.testing import attr, condition  # NOQA: F401
from chainer.testing.array import assert_allclose
from chainer.testing.backend import BackendConfig, inject_backend_tests
from chainer.testing.helper import (
    assert_warns,
    patch,
    run_module,
    with_requires,
    without_requires,
)
from chainer.testing.matrix import generate_matrix
from chainer.testing.parameterized import (
    from_pytest_parameterize,
    parameterize,
    parameterize_pytest,
    product,
    product_dict,
)
from chainer.testing.random import fix_random, generate_seed
from chainer.testing.serializer import save_and_load, save_and_load_hdf5, save_and_load_npz

__all__ = [
    "BackendConfig",
    "assert_allclose",
    "assert_warns",
    "attr",
    "condition",
    "fix_random",
    "from_pytest_parameterize",
    "generate_matrix",
    "generate_seed",
    "inject_backend_tests",
    "parameterize",
    "parameterize_pytest",
    "patch",
    "product",
    "product_dict",
    "run_module",
    "save_and_load",
    "save_and_load_hdf5",
    "save_and_load_npz",
    "with_requires",
    "without_requires",
]

# engine-based helpers are imported below
from chainer.testing.distribution_test import distribution_unittest  # noqa: E402
from chainer.testing.function_link import FunctionTestCase, FunctionTestError  # noqa: E402
from chainer.testing.link_testcase import (  # noqa: E402
    InitializerArgument,
    LinkInitializersTestCase,
    LinkTestCase,
    LinkTestError,
)
from chainer.testing.training import get_trainer_with_mock_updater  # noqa: E402
from chainer.testing.unary_math_function_test import unary_math_function_unittest  # noqa: E402

__all__ += [
    "distribution_unittest",
    "get_trainer_with_mock_updater",
    "FunctionTestCase",
    "FunctionTestError",
    "InitializerArgument",
    "LinkInitializersTestCase",
    "LinkTestCase",
    "LinkTestError",
    "unary_math_function_unittest",
]
