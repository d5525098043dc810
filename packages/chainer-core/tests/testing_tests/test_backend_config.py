"""chainer.testing.BackendConfig and inject_backend_tests."""

import sys
import unittest

import numpy
import pytest

from chainer import configuration, testing

_module = sys.modules[__name__]

_CPU = {}
_CUDNN = {"use_cuda": True, "use_cudnn": "always", "cuda_device": 1}
_IDEEP = {"use_ideep": "always"}


def _backend_module():
    try:
        from chainer import backend
    except Exception as e:  # the engine is written in parallel; skip until it imports
        pytest.skip(f"chainer.backend is not importable yet: {e}")
    return backend


def _mark_names(config):
    names = []
    for mark in config.get_pytest_marks():

        def f():
            pass

        marked = mark(f)
        names.extend(m.name for m in getattr(marked, "pytestmark", []))
    return names


def test_defaults_and_attributes():
    c = testing.BackendConfig({})
    assert c.use_cuda is False
    assert c.cuda_device is None
    assert c.use_cudnn == "never"
    assert c.cudnn_deterministic is False
    assert c.autotune is False
    assert c.use_ideep == "never"
    assert c.use_chainerx is False
    assert c.chainerx_device is None
    c = testing.BackendConfig(_CUDNN)
    assert (c.use_cuda, c.use_cudnn, c.cuda_device) == (True, "always", 1)


def test_invalid_params():
    with pytest.raises(TypeError):
        testing.BackendConfig([("use_cuda", True)])
    with pytest.raises(ValueError, match="use_gpu"):
        testing.BackendConfig({"use_gpu": True})
    with pytest.raises(ValueError, match="ChainerX is not supported"):
        testing.BackendConfig({"use_chainerx": True, "chainerx_device": "native:0"})
    with pytest.raises(ValueError, match="use_cudnn"):
        testing.BackendConfig({"use_cudnn": "yes"})


def test_pytest_marks():
    assert _mark_names(testing.BackendConfig(_CPU)) == []
    # gpu also carries a skipif that skips the test where no GPU is present.
    assert sorted(_mark_names(testing.BackendConfig({"use_cuda": True}))) == ["gpu", "skipif"]
    names = _mark_names(testing.BackendConfig({"use_cuda": True, "use_cudnn": "auto"}))
    assert "gpu" in names and "cudnn" in names
    names = _mark_names(testing.BackendConfig({"use_cuda": True, "use_cudnn": "never"}))
    assert "gpu" in names and "cudnn" not in names
    assert _mark_names(testing.BackendConfig({"use_cudnn": "always"})) == []
    assert _mark_names(testing.BackendConfig(_IDEEP)) == ["mkldnn"]
    assert _mark_names(testing.BackendConfig({"use_ideep": "auto"})) == []
    # A second GPU adds a multi-GPU requirement (skipped unless 2 GPUs exist).
    marks = _mark_names(testing.BackendConfig(_CUDNN))
    assert marks.count("gpu") == 2 and "cudnn" in marks


def test_func_str_and_repr():
    c = testing.BackendConfig({"use_cuda": True, "use_cudnn": "always", "cuda_device": 0})
    assert c.get_func_str() == "use_cuda_true__cuda_device_0__use_cudnn_always"
    assert testing.BackendConfig({}).get_func_str() == "numpy"
    assert testing.BackendConfig({"use_ideep": "always"}).get_func_str() == "use_ideep_always"
    assert repr(c) == (
        "<BackendConfig use_chainerx=False chainerx_device=None use_cuda=True "
        "cuda_device=0 use_cudnn='always' cudnn_deterministic=False autotune=False "
        "cudnn_fast_batch_normalization=False use_ideep='never'>"
    )


def test_with_applies_config_and_restores():
    c = testing.BackendConfig(
        {"use_cudnn": "always", "cudnn_deterministic": True, "autotune": True, "use_ideep": "auto"}
    )
    cfg = configuration.config
    before = (cfg.use_cudnn, cfg.cudnn_deterministic, cfg.autotune, cfg.use_ideep)
    with c as entered:
        assert entered is c
        assert cfg.use_cudnn == "always"
        assert cfg.cudnn_deterministic is True
        assert cfg.autotune is True
        assert cfg.use_ideep == "auto"
        with testing.BackendConfig({}):
            assert cfg.use_cudnn == "never"
        assert cfg.use_cudnn == "always"
    assert (cfg.use_cudnn, cfg.cudnn_deterministic, cfg.autotune, cfg.use_ideep) == before
    with pytest.raises(KeyError):
        with c:
            raise KeyError()
    assert cfg.use_cudnn == before[0]


def test_device_spec_choice():
    assert testing.BackendConfig({})._device_spec() == "@numpy"
    assert testing.BackendConfig({"use_cuda": True})._device_spec() == "@cupy:0"
    assert testing.BackendConfig(_CUDNN)._device_spec() == "@cupy:1"
    assert testing.BackendConfig(_IDEEP)._device_spec() == "@intel64"
    assert testing.BackendConfig({"use_ideep": "auto"})._device_spec() == "@numpy"


def test_device_numpy():
    backend = _backend_module()
    c = testing.BackendConfig({})
    assert c.device == backend.get_device("@numpy")
    assert c.device is c.device
    assert c.xp is numpy
    x = numpy.arange(3)
    assert isinstance(c.get_array(x), numpy.ndarray)
    numpy.testing.assert_array_equal(c.get_array(x), x)


def test_inject_argument_validation():
    with pytest.raises(TypeError):
        testing.inject_backend_tests("test_a", [{}])
    with pytest.raises(TypeError):
        testing.inject_backend_tests(None, {})
    with pytest.raises(TypeError):
        testing.inject_backend_tests(None, [1])


_PARAMS = [{}, {"use_cudnn": "always"}, {"use_ideep": "always"}, {"use_cuda": True}]


def _backend_methods(cls, prefix):
    return sorted(n for n in dir(cls) if n.startswith(prefix + "__") and getattr(cls, n))


def test_inject_makes_one_method_per_backend():
    received = []

    class Case(unittest.TestCase):
        def test_a(self, backend_config):
            received.append(("a", backend_config.use_cudnn, backend_config.use_ideep))

        def test_b(self):
            received.append(("b",))

        def test_untouched(self):
            received.append(("untouched",))

    testing.inject_backend_tests(["test_a"], _PARAMS[:3])(Case)
    assert Case.__dict__.get("test_a") is None
    names = _backend_methods(Case, "test_a")
    assert len(names) == 3
    assert "test_a__" + testing.BackendConfig({}).get_func_str() in names
    assert callable(Case.test_b) and callable(Case.test_untouched)
    result = unittest.TestResult()
    unittest.TestLoader().loadTestsFromTestCase(Case).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert sorted(r for r in received if r[0] == "a") == [
        ("a", "always", "never"),
        ("a", "never", "always"),
        ("a", "never", "never"),
    ]
    assert result.testsRun == 5


def test_inject_marks_methods():
    class Case:
        def test_a(self, backend_config):
            pass

    testing.inject_backend_tests(None, _PARAMS)(Case)
    marks = {}
    for name in _backend_methods(Case, "test_a"):
        marks[name] = [m.name for m in getattr(getattr(Case, name), "pytestmark", [])]
    by_config = {testing.BackendConfig(p).get_func_str(): p for p in _PARAMS}
    for name, mark_names in marks.items():
        params = by_config[name.split("__", 1)[1]]
        if params.get("use_cuda"):
            assert "gpu" in mark_names
        elif params.get("use_ideep") == "always":
            assert mark_names == ["mkldnn"]
        else:
            assert mark_names == []
    assert len(marks) == 4


def test_inject_inherited_method_is_hidden():
    class Base(unittest.TestCase):
        def test_a(self, backend_config):
            pass

    class Sub(Base):
        pass

    testing.inject_backend_tests(None, [{}])(Sub)
    assert Sub.test_a is None
    assert callable(Base.test_a)
    assert len(_backend_methods(Sub, "test_a")) == 1


# Collected by pytest: parameterize x backends, in both decorator orders.
@testing.inject_backend_tests(None, [{}, {"use_cudnn": "always"}])
@testing.parameterize({"n": 1}, {"n": 2})
class TestInjectOverParameterize(unittest.TestCase):
    def test_run(self, backend_config):
        assert self.n in (1, 2)
        with backend_config:
            assert configuration.config.use_cudnn == backend_config.use_cudnn


@testing.parameterize({"n": 1}, {"n": 2})
@testing.inject_backend_tests(None, [{}, {"use_ideep": "auto"}])
class TestParameterizeOverInject:
    def test_run(self, backend_config, tmp_path):
        assert self.n in (1, 2)
        assert tmp_path.exists()
        assert backend_config.use_ideep in ("never", "auto")


def test_stacked_decorators_generate_all_combinations():
    for prefix in ("TestInjectOverParameterize", "TestParameterizeOverInject"):
        classes = [
            obj
            for name, obj in vars(_module).items()
            if name.startswith(prefix + "_param_") and isinstance(obj, type)
        ]
        assert len(classes) == 2
        for cls in classes:
            assert len(_backend_methods(cls, "test_run")) == 2
