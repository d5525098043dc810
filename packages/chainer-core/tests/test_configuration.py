"""chainer.configuration: thread-local scoped config, defaults, validation."""

import io
import threading

import numpy
import pytest

from chainer import _backprop_mode, _debug, _dtype, _runtime_info, configuration


@pytest.fixture
def cfg():
    glob = configuration.GlobalConfig()
    glob.x = "global"
    return configuration.LocalConfig(glob)


def test_local_falls_back_to_global(cfg):
    assert cfg.x == "global"
    cfg.x = "local"
    assert cfg.x == "local"
    assert cfg._global.x == "global"
    del cfg.x
    assert cfg.x == "global"


def test_local_value_is_not_seen_by_another_thread(cfg):
    cfg.x = "main"
    seen = []
    set_in_thread = threading.Event()

    def worker():
        seen.append(cfg.x)
        cfg.x = "worker"
        seen.append(cfg.x)
        set_in_thread.set()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert set_in_thread.is_set()
    assert seen == ["global", "worker"]
    assert cfg.x == "main"


def test_missing_key_raises_attribute_error(cfg):
    with pytest.raises(AttributeError):
        cfg.no_such_key  # noqa: B018


def test_using_config_restores_previous_local_value(cfg):
    cfg.x = "outer"
    with configuration.using_config("x", "inner", cfg):
        assert cfg.x == "inner"
    assert cfg.x == "outer"
    assert cfg.__dict__["x"] == "outer"  # the thread's own value


def test_using_config_deletes_key_that_was_not_local(cfg):
    with configuration.using_config("x", "inner", cfg):
        assert cfg.x == "inner"
    assert "x" not in cfg.__dict__
    assert cfg.x == "global"


def test_using_config_restores_on_exception(cfg):
    cfg.x = "outer"
    with pytest.raises(KeyError):
        with configuration.using_config("x", "inner", cfg):
            raise KeyError("boom")
    assert cfg.x == "outer"
    with pytest.raises(ValueError):
        with configuration.using_config("y", 1, cfg):
            raise ValueError()
    assert "y" not in cfg.__dict__


def test_using_config_nested(cfg):
    with configuration.using_config("x", 1, cfg):
        with configuration.using_config("x", 2, cfg):
            assert cfg.x == 2
        assert cfg.x == 1
    assert cfg.x == "global"


def test_using_config_default_is_chainer_config():
    assert configuration.config.train is True
    with configuration.using_config("train", False):
        assert configuration.config.train is False
    assert configuration.config.train is True


@pytest.mark.parametrize("key", ["use_cudnn", "use_ideep"])
def test_invalid_tri_state_value_raises(key):
    with pytest.raises(ValueError) as e:
        with configuration.using_config(key, "sometimes"):
            pass
    message = str(e.value)
    assert key in message
    assert "'never'" in message and "'auto'" in message and "'always'" in message
    assert "'sometimes'" in message
    assert getattr(configuration.config, key) in ("never", "auto", "always")
    with pytest.raises(ValueError, match=key):
        setattr(configuration.config, key, True)
    with pytest.raises(ValueError, match=key):
        setattr(configuration.global_config, key, "yes")


@pytest.mark.parametrize("value", ["never", "auto", "always"])
def test_valid_tri_state_values(value):
    with configuration.using_config("use_cudnn", value):
        assert configuration.config.use_cudnn == value


def test_defaults():
    g = configuration.global_config
    assert g.train is True
    assert g.enable_backprop is True
    assert g.type_check is True
    assert g.use_cudnn == "auto"
    assert g.use_ideep == "never"
    assert g.use_cudnn_tensor_core == "auto"
    assert g.dtype == numpy.float32
    assert g.cudnn_deterministic is False
    assert g.autotune is False
    assert g.lazy_grad_sum is False
    assert g.keep_graph_on_report is False
    assert g.in_recomputing is False
    assert g._will_recompute is False
    assert g.compute_mode is None
    assert g.schedule_func is None
    assert g.debug is False


def test_env_defaults(monkeypatch):
    monkeypatch.setenv("CHAINER_DEBUG", "1")
    monkeypatch.setenv("CHAINER_TYPE_CHECK", "0")
    monkeypatch.setenv("CHAINER_USE_CUDNN", "never")
    monkeypatch.setenv("CHAINER_USE_IDEEP", "auto")
    monkeypatch.setenv("CHAINER_DTYPE", "mixed16")
    monkeypatch.setenv("CHAINER_LAZY_GRAD_SUM", "1")
    g = configuration.GlobalConfig()
    configuration._set_defaults(g)
    assert g.debug is True
    assert g.type_check is False
    assert g.use_cudnn == "never"
    assert g.use_ideep == "auto"
    assert g.dtype is _dtype.mixed16
    assert g.lazy_grad_sum is True
    monkeypatch.setenv("CHAINER_DTYPE", "int32")
    with pytest.raises(TypeError, match="CHAINER_DTYPE"):
        configuration._set_defaults(configuration.GlobalConfig())


def test_show_prints_sorted_aligned_keys(cfg):
    cfg._global.a_long_key = 1
    cfg.b = 2
    out = io.StringIO()
    cfg.show(out)
    assert out.getvalue() == "a_long_key 1\nb          2\nx          global\n"
    out = io.StringIO()
    cfg._global.show(out)
    assert out.getvalue() == "a_long_key 1\nx          global\n"


def test_get_dtype():
    assert _dtype.get_dtype() == numpy.float32
    assert _dtype.get_dtype(numpy.float64) == numpy.dtype("float64")
    assert _dtype.get_dtype("f2") == numpy.float16
    with configuration.using_config("dtype", _dtype.mixed16):
        assert _dtype.get_dtype() == numpy.float16
        assert _dtype.get_dtype(map_mixed16=numpy.float32) == numpy.float32
    with configuration.using_config("dtype", numpy.dtype("float64")):
        assert _dtype.get_dtype(map_mixed16=numpy.float32) == numpy.float64
    assert numpy.dtype(_dtype.mixed16) == numpy.float16
    assert repr(_dtype.mixed16) == "dtype('mixed16')"


def test_backprop_modes():
    assert configuration.config.enable_backprop is True
    with _backprop_mode.no_backprop_mode():
        assert configuration.config.enable_backprop is False
        with _backprop_mode.force_backprop_mode():
            assert configuration.config.enable_backprop is True
        assert configuration.config.enable_backprop is False
    assert configuration.config.enable_backprop is True


def test_debug_helpers():
    assert _debug.is_debug() is False
    mode = _debug.DebugMode(True)
    with mode:
        assert _debug.is_debug() is True
        with _debug.DebugMode(False):
            assert _debug.is_debug() is False
        assert _debug.is_debug() is True
    assert _debug.is_debug() is False
    with mode:  # reusable
        assert _debug.is_debug() is True
    _debug.set_debug(True)
    try:
        assert configuration.config.debug is True
    finally:
        del configuration.config.debug
    assert _debug.is_debug() is False


def test_print_runtime_info():
    out = io.StringIO()
    _runtime_info.print_runtime_info(out)
    text = out.getvalue()
    lines = dict(line.split(": ", 1) for line in text.splitlines())
    assert lines["NumPy"] == numpy.__version__
    import chainer

    assert lines["Chainer"] == chainer.__version__
    for key in ("Platform", "cupy-lite", "CuPy", "cuDNN frontend", "oneDNN plugin"):
        assert key in lines


def test_global_change_after_creation_is_seen_by_every_thread(cfg):
    cfg._global.y = 1
    assert cfg.y == 1
    seen = []
    worker = threading.Thread(target=lambda: seen.append(cfg.y))
    worker.start()
    worker.join()
    assert seen == [1]
    del cfg._global.y
    with pytest.raises(AttributeError, match="'y'"):
        _ = cfg.y


def test_two_local_configs_do_not_share_global_entries():
    first, second = configuration.GlobalConfig(), configuration.GlobalConfig()
    first.z, second.z = "first", "second"
    a, b = configuration.LocalConfig(first), configuration.LocalConfig(second)
    assert (a.z, b.z) == ("first", "second")
    a.z = "own"
    assert (a.z, b.z) == ("own", "second")
