"""chainer.testing helpers: with_requires, without_requires, patch, assert_warns..."""

import os
import unittest
import warnings

import numpy
import pytest

from chainer import testing


def _is_skipped(decorated):
    if isinstance(decorated, type):
        return getattr(decorated, "__unittest_skip__", False)
    try:
        decorated()
    except unittest.SkipTest:
        return True
    return False


@pytest.mark.parametrize(
    "requirement, satisfied",
    [
        ("numpy", True),
        ("numpy>=1.0", True),
        ("numpy<1.0", False),
        ("numpy>=1.0,<1.1", False),
        (f"numpy=={numpy.__version__}", True),
        (f"numpy!={numpy.__version__}", False),
        ("no-such-package-for-chainer-tests", False),
        ("no-such-package-for-chainer-tests>=1", False),
    ],
)
def test_with_requires(requirement, satisfied):
    def f():
        pass

    assert _is_skipped(testing.with_requires(requirement)(f)) is (not satisfied)
    assert _is_skipped(testing.without_requires(requirement)(f)) is satisfied


def test_with_requires_multiple():
    def f():
        pass

    assert not _is_skipped(testing.with_requires("numpy", "pytest")(f))
    assert _is_skipped(testing.with_requires("numpy", "numpy<1")(f))


def test_with_requires_message():
    @testing.with_requires("numpy<1", "pytest")
    def f():
        pass

    with pytest.raises(unittest.SkipTest, match="requires: numpy<1,pytest"):
        f()


def test_with_requires_on_classes():
    @testing.with_requires("numpy<1")
    class Case(unittest.TestCase):
        def test_x(self):
            pass

    result = unittest.TestResult()
    unittest.TestLoader().loadTestsFromTestCase(Case).run(result)
    assert len(result.skipped) == 1

    @testing.with_requires("numpy<1")
    class Plain:
        pass

    assert [m.name for m in Plain.pytestmark] == ["skip"]


def test_simple_requirement_parser():
    from chainer.testing import helper

    assert helper._satisfied_simple("numpy>=1.0")
    assert not helper._satisfied_simple("numpy<1.0")
    assert not helper._satisfied_simple("numpy>=1, <1.1")
    assert not helper._satisfied_simple("no-such-package-for-chainer-tests")


@testing.with_requires("no-such-package-for-chainer-tests")
def test_collected_but_skipped():
    raise AssertionError("must be skipped")


def test_patch_wraps_the_original():
    with testing.patch("os.path.join") as join:
        assert os.path.join("a", "b") == "a" + os.sep + "b"
        join.assert_called_once_with("a", "b")
    assert not hasattr(os.path.join, "assert_called_once_with")


def test_patch_explicit_wraps():
    with testing.patch("os.path.join", wraps=lambda *a: "x") as join:
        assert os.path.join("a") == "x"
        assert join.call_count == 1


def test_assert_warns():
    with testing.assert_warns(DeprecationWarning):
        warnings.warn("old", DeprecationWarning, stacklevel=1)
    with pytest.raises(AssertionError, match="DeprecationWarning not triggered"):
        with testing.assert_warns(DeprecationWarning):
            warnings.warn("other", UserWarning, stacklevel=1)


def test_run_module_does_nothing_when_imported():
    testing.run_module("some.module", __file__)


def test_save_and_load_with_custom_saver():
    calls = []

    def saver(path, obj):
        numpy.save(path, obj)
        calls.append(("save", os.path.basename(path)))

    def loader(path, obj):
        obj[...] = numpy.load(path)
        calls.append(("load", os.path.basename(path)))

    src = numpy.arange(4.0)
    dst = numpy.zeros(4)
    testing.save_and_load(src, dst, "tmp.npy", saver, loader)
    numpy.testing.assert_array_equal(dst, src)
    assert calls == [("save", "tmp.npy"), ("load", "tmp.npy")]


def test_attr_marks():
    from chainer.testing import attr

    for decorator, name in [(attr.slow, "slow"), (attr.cudnn, "cudnn"), (attr.ideep, "mkldnn")]:

        def f():
            pass

        assert [m.name for m in decorator(f).pytestmark] == [name]

    def g():
        pass

    names = [m.name for m in attr.gpu(g).pytestmark]
    assert "gpu" in names

    def h():
        pass

    marks = attr.multi_gpu(64)(h).pytestmark
    skip = [m for m in marks if m.name == "skipif"][0]
    assert skip.args[0] is True  # nobody has 64 GPUs
    assert "64 GPU(s) required" in skip.kwargs["reason"]


def test_public_names():
    for name in (
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
    ):
        assert hasattr(testing, name), name
