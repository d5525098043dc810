"""chainer.utils standalone helpers."""

import os
import sys
import warnings

import numpy
import pytest

from chainer import configuration, utils


def test_force_array_scalar_to_array():
    a = numpy.float32(3) * numpy.float32(2)
    assert not isinstance(a, numpy.ndarray)
    r = utils.force_array(a)
    assert isinstance(r, numpy.ndarray) and r.shape == () and r.dtype == numpy.float32
    assert utils.force_array(1.5, numpy.float16).dtype == numpy.float16
    x = numpy.arange(3, dtype=numpy.float32)
    assert utils.force_array(x) is x
    assert utils.force_array(x, numpy.float32) is x
    assert utils.force_array(x, numpy.float64).dtype == numpy.float64


def test_force_type():
    assert type(utils.force_type(numpy.dtype("f"), 1.0)) is numpy.float32
    x = numpy.zeros(2, numpy.float64)
    assert utils.force_type(numpy.dtype("f"), x).dtype == numpy.float32
    assert utils.force_type(numpy.dtype("d"), x) is x


def test_size_of_shape():
    assert utils.size_of_shape(()) == 1
    assert utils.size_of_shape((2, 3, 4)) == 24
    assert utils.size_of_shape((2, 0)) == 0
    assert type(utils.size_of_shape((numpy.int64(2), 3))) is int


@pytest.mark.parametrize(
    "args, expected",
    [
        ((10, 3, 1, 0), 8),
        ((10, 3, 2, 1), 5),
        ((10, 3, 2, 0), 4),
        ((10, 3, 2, 0, True), 5),
        ((10, 3, 1, 0, False, 2), 6),
        ((7, 2, 3, 0, True), 3),
        ((7, 2, 3, 0, False), 2),
    ],
)
def test_get_conv_outsize(args, expected):
    assert utils.get_conv_outsize(*args) == expected


@pytest.mark.parametrize(
    "args, expected",
    [
        ((8, 3, 1, 0), 10),
        ((5, 3, 2, 1), 9),
        ((5, 3, 2, 0, True), 10),
        ((6, 3, 1, 0, False, 2), 10),
    ],
)
def test_get_deconv_outsize(args, expected):
    assert utils.get_deconv_outsize(*args) == expected


def test_deconv_inverts_conv():
    for size in range(5, 20):
        for k, s, p in [(3, 1, 1), (3, 2, 1), (4, 2, 1), (5, 3, 2)]:
            out = utils.get_conv_outsize(size, k, s, p)
            assert utils.get_conv_outsize(utils.get_deconv_outsize(out, k, s, p), k, s, p) == out


def test_tempdir():
    with utils.tempdir(prefix="chainer_test_") as d:
        assert os.path.isdir(d)
        assert os.path.basename(d).startswith("chainer_test_")
        open(os.path.join(d, "f"), "w").close()
    assert not os.path.exists(d)
    with pytest.raises(RuntimeError):
        with utils.tempdir() as d2:
            raise RuntimeError()
    assert not os.path.exists(d2)


def test_experimental_warns_future_warning():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        utils.experimental("chainer.foo")
    assert len(w) == 1
    assert issubclass(w[0].category, FutureWarning)
    assert "chainer.foo is experimental" in str(w[0].message)


def test_experimental_can_be_disabled(monkeypatch):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with configuration.using_config("disable_experimental_feature_warning", True):
            utils.experimental("chainer.foo")
        monkeypatch.setattr(
            sys.modules["chainer"], "disable_experimental_feature_warning", True, raising=False
        )
        utils.experimental("chainer.foo")
    assert w == []


def test_experimental_warns_once_per_call_site():
    def call_site():
        utils.experimental("chainer.bar")

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("default")
        for _ in range(3):
            call_site()
    assert len(w) == 1


def test_nondeterministic():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        utils.nondeterministic("F.foo")
        assert w == []
        with configuration.using_config("warn_nondeterministic", True):
            utils.nondeterministic("F.foo")
    assert len(w) == 1
    assert "F.foo" in str(w[0].message)


def test_final_method():
    class Base(utils.enable_final()):
        @utils.final
        def locked(self):
            return 1

        def free(self):
            return 2

    class Ok(Base):
        def free(self):
            return 3

    assert Ok().locked() == 1
    with pytest.raises(TypeError, match="locked"):

        class Bad(Base):
            def locked(self):
                return 0


def test_final_method_with_warning_action_and_meta_base():
    import abc

    class Base(utils.enable_final(meta_base=abc.ABCMeta)):
        @utils.final(action=DeprecationWarning)
        def to_cpu(self):
            return "base"

        @abc.abstractmethod
        def f(self):
            pass

    assert isinstance(Base, abc.ABCMeta)
    with pytest.warns(DeprecationWarning, match="to_cpu"):

        class Sub(Base):
            def to_cpu(self):
                return "sub"

            def f(self):
                return 1

    assert Sub().to_cpu() == "sub"
    with pytest.raises(TypeError):
        Base()


def test_final_class():
    @utils.final
    class Sealed:
        pass

    with pytest.raises(TypeError, match="Sealed"):

        class Sub(Sealed):
            pass

    assert Sealed() is not None


@pytest.mark.parametrize(
    "fname",
    ["__init__.py", "_array.py", "_conv_outsize.py", "_final.py", "_tempdir.py", "_warnings.py"],
)
def test_utils_modules_import_no_engine(fname):
    import ast

    path = os.path.join(os.path.dirname(utils.__file__), fname)
    allowed = ("numpy", "chainer.utils", "chainer.configuration")
    for node in ast.walk(ast.parse(open(path).read())):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] not in sys.stdlib_module_names:
                assert name.startswith(allowed), (fname, name)
