"""serializers.npz: DictionarySerializer, NpzDeserializer, save_npz and load_npz."""

import io
import os
import pathlib
import stat
import zipfile

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import initializers, serializers, testing
from chainer import optimizer as optimizer_module
from chainer.serializers import npz as npz_module
from chainer.testing import attr

# -- models and an optimizer defined for the tests ---------------------------------


class Dense(chainer.Link):
    """A linear link with a lazily shaped weight and persistent values of every kind."""

    def __init__(self, in_size, out_size):
        super().__init__()
        self.out_size = out_size
        with self.init_scope():
            self.W = chainer.Parameter(initializers.Normal(1.0))
            self.b = chainer.Parameter(initializers.Normal(1.0), (out_size,))
        if in_size is not None:
            self.W.initialize((out_size, in_size))
        self.add_persistent("count", 0)
        self.add_persistent("scale", 1.5)
        self.add_persistent("flag", False)
        self.add_persistent("label", "dense")
        self.add_persistent("stats", numpy.zeros(out_size, numpy.float32))
        self.add_persistent("zero_d", numpy.array(2.0))
        self.add_persistent("nothing", None)

    def forward(self, x):
        if self.W.array is None:
            self.W.initialize((self.out_size, x.shape[1]))
        self.count += 1
        return F.linear(x, self.W, self.b)


class Model(chainer.Chain):
    def __init__(self, in_size=None):
        super().__init__()
        with self.init_scope():
            self.l1 = Dense(in_size, 3)
            self.l2 = Dense(3, 2)

    def forward(self, x):
        return self.l2(F.relu(self.l1(x)))


def make_trained_model():
    numpy.random.seed(0)
    model = Model()
    model(numpy.random.uniform(-1, 1, (2, 4)).astype(numpy.float32))
    model.l1.scale = 2.5
    model.l1.flag = True
    model.l1.label = "first"
    model.l1.stats[:] = [1, 2, 3]
    model.l2.zero_d[...] = 7.0
    return model


def assert_same_state(a, b):
    for (name, pa), (_, pb) in zip(sorted(a.namedparams()), sorted(b.namedparams())):
        numpy.testing.assert_array_equal(pa.array, pb.array, err_msg=name)
    for la, lb in ((a.l1, b.l1), (a.l2, b.l2)):
        assert (la.count, la.scale, la.flag, la.label) == (lb.count, lb.scale, lb.flag, lb.label)
        assert type(lb.count) is int and type(lb.scale) is float and type(lb.flag) is bool
        assert type(lb.label) is str
        numpy.testing.assert_array_equal(la.stats, lb.stats)
        numpy.testing.assert_array_equal(la.zero_d, lb.zero_d)
        assert lb.nothing is None


class MomentumRule(optimizer_module.UpdateRule):
    def init_state(self, param):
        self.state["v"] = param.xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        v = self.state["v"]
        v *= self.hyperparam.momentum
        v -= self.hyperparam.lr * param.grad
        param.array += v

    update_core_gpu = update_core_cpu


class MomentumSGD(optimizer_module.GradientMethod):
    lr = optimizer_module.HyperparameterProxy("lr")
    momentum = optimizer_module.HyperparameterProxy("momentum")

    def __init__(self, lr=0.1, momentum=0.9):
        super().__init__()
        self.lr = lr
        self.momentum = momentum

    def create_update_rule(self):
        return MomentumRule(self.hyperparam)


def _loss(model, x):
    return F.sum(model(x) ** 2)


# -- DictionarySerializer ------------------------------------------------------------


def test_dictionary_serializer_flattens_paths():
    target = {}
    s = serializers.DictionarySerializer(target)
    arr = numpy.arange(3, dtype=numpy.float32)
    assert s("a", arr) is arr
    s["/child/"]("/x", 5)
    s["child"]["grand"]("y", None)
    s("text", "hello")
    assert set(target) == {"a", "child/x", "child/grand/y", "text"}
    assert target["a"] is arr or numpy.shares_memory(target["a"], arr)
    assert target["child/x"].shape == () and target["child/x"] == 5
    assert target["child/grand/y"].dtype == npz_module.NONE_DTYPE
    assert str(target["text"]) == "hello"


def test_dictionary_serializer_refuses_values_that_need_pickle():
    with pytest.raises(TypeError, match="cannot save 'p/d'.*object array"):
        serializers.DictionarySerializer(path="p/")("d", {"a": 1})


def test_dictionary_serializer_save_is_serialize():
    model = make_trained_model()
    s = serializers.DictionarySerializer()
    s.save(model)
    assert {"l1/W", "l1/b", "l1/count", "l2/nothing", "l2/zero_d"} <= set(s.target)


# -- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("compression", [True, False])
def test_round_trip_of_a_chain_with_lazy_params(tmp_path, compression):
    src = make_trained_model()
    path = tmp_path / "model.npz"
    serializers.save_npz(str(path), src, compression=compression)
    assert path.exists() and not (tmp_path / "model.npz.npz").exists()
    with zipfile.ZipFile(path) as archive:
        kinds = {info.compress_type for info in archive.infolist()}
    assert kinds == {zipfile.ZIP_DEFLATED if compression else zipfile.ZIP_STORED}

    dst = Model()  # l1.W not initialized yet: it takes the saved shape
    assert dst.l1.W.array is None
    serializers.load_npz(str(path), dst)
    assert dst.l1.W.shape == (3, 4)
    assert_same_state(src, dst)
    x = numpy.ones((1, 4), numpy.float32)
    numpy.testing.assert_array_equal(dst(x).array, src(x).array)


def test_round_trip_keeps_uninitialized_params_uninitialized(tmp_path):
    src = Model()
    path = os.fspath(tmp_path / "lazy.npz")
    serializers.save_npz(path, src)
    dst = Model()
    serializers.load_npz(path, dst)
    assert dst.l1.W.array is None
    numpy.testing.assert_array_equal(dst.l2.W.array, src.l2.W.array)


def test_loading_into_arrays_keeps_their_identity(tmp_path):
    src = make_trained_model()
    dst = Model(4)
    W, stats = dst.l1.W.array, dst.l1.stats
    testing.save_and_load_npz(src, dst)
    assert dst.l1.W.array is W and dst.l1.stats is stats
    assert_same_state(src, dst)


def test_round_trip_through_file_objects_and_pathlike(tmp_path):
    src = make_trained_model()
    buffer = io.BytesIO()
    serializers.save_npz(buffer, src)
    buffer.seek(0)
    dst = Model()
    serializers.load_npz(buffer, dst)
    assert_same_state(src, dst)

    path = pathlib.Path(tmp_path) / "p.npz"
    serializers.save_npz(path, src)
    dst2 = Model()
    with open(path, "rb") as f:
        serializers.load_npz(f, dst2)
    assert_same_state(src, dst2)


def test_round_trip_of_a_chain_list(tmp_path):
    numpy.random.seed(1)
    src = chainer.ChainList(Dense(2, 3), Dense(3, 1))
    dst = chainer.ChainList(Dense(2, 3), Dense(3, 1))
    testing.save_and_load_npz(src, dst)
    numpy.testing.assert_array_equal(dst[1].W.array, src[1].W.array)


def test_save_a_dictionary(tmp_path):
    path = tmp_path / "d.npz"
    serializers.save_npz(path, {"a": numpy.arange(4), "b/c": 2.5, "n": None})
    with numpy.load(path, allow_pickle=False) as f:
        assert sorted(f.files) == ["a", "b/c", "n"]
        numpy.testing.assert_array_equal(f["a"], numpy.arange(4))
    with pytest.raises(TypeError, match="keys of a dictionary must be strings"):
        serializers.save_npz(tmp_path / "e.npz", {1: 2})


def test_optimizer_round_trip_resumes_exactly(tmp_path):
    numpy.random.seed(2)
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(numpy.float32)
    model = Model(4)
    opt = MomentumSGD().setup(model)
    for _ in range(2):
        opt.update(_loss, model, x)
    opt.new_epoch()
    serializers.save_npz(tmp_path / "m.npz", model)
    serializers.save_npz(tmp_path / "o.npz", opt)

    model2 = Model(4)
    opt2 = MomentumSGD().setup(model2)
    serializers.load_npz(tmp_path / "m.npz", model2)
    serializers.load_npz(tmp_path / "o.npz", opt2)
    assert (opt2.t, opt2.epoch) == (2, 1)
    numpy.testing.assert_array_equal(
        model2.l1.W.update_rule.state["v"], model.l1.W.update_rule.state["v"]
    )
    opt.update(_loss, model, x)
    opt2.update(_loss, model2, x)
    numpy.testing.assert_array_equal(model2.l1.W.array, model.l1.W.array)


def test_optimizer_with_a_frozen_link_loads_without_its_state(tmp_path):
    # A disabled rule tolerates missing state entries (it catches the KeyError).
    x = numpy.ones((2, 4), numpy.float32)
    model = Model(4)
    opt = MomentumSGD().setup(model)
    opt.update(_loss, model, x)
    saved = serializers.DictionarySerializer()
    saved.save(opt)
    entries = {k: v for k, v in saved.target.items() if not k.startswith("l2/W/v")}
    serializers.save_npz(tmp_path / "o.npz", entries)
    model2 = Model(4)
    opt2 = MomentumSGD().setup(model2)
    model2.l2.disable_update()  # after setup: it disables the update rules
    serializers.load_npz(tmp_path / "o.npz", opt2)
    assert opt2.t == 1
    assert model2.l2.W.update_rule.state is None
    numpy.testing.assert_array_equal(
        model2.l1.W.update_rule.state["v"], model.l1.W.update_rule.state["v"]
    )
    # An enabled rule does not: the missing entry is reported.
    opt3 = MomentumSGD().setup(Model(4))
    with pytest.raises(serializers.KeyMismatchError, match="'l2/W/v'"):
        serializers.load_npz(tmp_path / "o.npz", opt3)


# -- scalars, None and conversions -------------------------------------------------------


def test_scalar_conversions():
    d = serializers.NpzDeserializer(
        {
            "i": numpy.array(3),
            "f": numpy.array(2.5),
            "b": numpy.array(True),
            "s": numpy.array("abc"),
            "f32": numpy.array(1.5, numpy.float32),
        }
    )
    assert d("i", 0) == 3 and type(d("i", 0)) is int
    assert d("i", 0.0) == 3.0 and type(d("i", 0.0)) is float
    assert d("f", 0.0) == 2.5
    assert d("b", False) is True
    assert d("s", "") == "abc"
    assert type(d("f32", numpy.float32(0))) is numpy.float32
    assert d("f32", 0.0) == 1.5
    with pytest.raises(TypeError, match="cannot load 'f'.*float64.*int"):
        d("f", 0)
    with pytest.raises(TypeError, match="cannot load 's'"):
        d("s", 1)
    with pytest.raises(TypeError, match="cannot load 'i'"):
        d("i", "text")


def test_zero_dim_arrays_and_none():
    d = serializers.NpzDeserializer(
        {"z": numpy.array(4.0), "n": numpy.zeros((), npz_module.NONE_DTYPE)}
    )
    target = numpy.array(0.0)
    assert d("z", target) is target and target == 4.0
    assert d("n", numpy.zeros(3)) is None
    assert d("n", None) is None
    loaded = d("z", None)
    assert isinstance(loaded, numpy.ndarray) and loaded == 4.0


def test_array_shape_and_dtype_mismatch():
    d = serializers.NpzDeserializer({"a": numpy.zeros((2, 3)), "f": numpy.ones(2)})
    with pytest.raises(ValueError, match=r"'a'.*shape \(3, 2\).*shape \(2, 3\)"):
        d("a", numpy.zeros((3, 2)))
    with pytest.raises(TypeError, match="'f'.*float64.*int32"):
        d("f", numpy.zeros(2, numpy.int32))
    into32 = numpy.zeros(2, numpy.float32)  # same kind: allowed
    d("f", into32)
    numpy.testing.assert_array_equal(into32, [1, 1])


# -- strictness, paths and ignore_names ----------------------------------------------------


def test_strict_lists_every_missing_and_unexpected_entry_and_loads_nothing(tmp_path):
    src = make_trained_model()
    path = tmp_path / "m.npz"
    serializers.save_npz(path, src)
    with numpy.load(path) as f:
        entries = {k: f[k] for k in f.files if k not in ("l1/b", "l2/count")}
    entries["extra/thing"] = numpy.ones(2)
    numpy.savez(tmp_path / "bad.npz", **entries)

    dst = Model(4)
    before = dst.l1.W.array.copy()
    with pytest.raises(serializers.KeyMismatchError) as info:
        serializers.load_npz(tmp_path / "bad.npz", dst)
    err = info.value
    assert isinstance(err, KeyError)
    assert err.missing == ["l1/b", "l2/count"]
    assert err.unexpected == ["extra/thing"]
    message = str(err)
    assert "bad.npz" in message and "'l1/b'" in message and "'extra/thing'" in message
    assert "Nothing was loaded" in message
    numpy.testing.assert_array_equal(dst.l1.W.array, before)

    # Non-strict: what matches is loaded, the rest is skipped.
    serializers.load_npz(tmp_path / "bad.npz", dst, strict=False)
    numpy.testing.assert_array_equal(dst.l1.W.array, src.l1.W.array)
    assert dst.l2.count == 0


def test_strict_non_link_objects():
    class Holder:
        def __init__(self):
            self.a, self.b = 1, 2.0

        def serialize(self, serializer):
            self.a = serializer("a", self.a)
            self.b = serializer("b", self.b)

    h = Holder()
    with pytest.raises(serializers.KeyMismatchError, match="missing entries: 'b'") as info:
        serializers.NpzDeserializer({"a": numpy.array(5)}).load(h)
    assert info.value.missing == ["b"]
    with pytest.raises(serializers.KeyMismatchError, match="unexpected entries: 'c'") as info:
        serializers.NpzDeserializer(
            {"a": numpy.array(5), "b": numpy.array(1.0), "c": numpy.array(0)}
        ).load(h)
    assert "The entries that match were loaded" in str(info.value)
    assert h.a == 5
    serializers.NpzDeserializer({"a": numpy.array(7)}, strict=False).load(h)
    assert (h.a, h.b) == (7, 1.0)


def test_a_caught_missing_entry_is_tolerated():
    class Tolerant:
        value = 1

        def serialize(self, serializer):
            try:
                self.value = serializer("optional", self.value)
            except KeyError:
                self.value = -1

    t = Tolerant()
    serializers.NpzDeserializer({}).load(t)
    assert t.value == -1


def test_path_selects_a_sub_tree(tmp_path):
    src = make_trained_model()
    whole = chainer.Chain(model=src, other=Dense(2, 2))
    path = tmp_path / "whole.npz"
    serializers.save_npz(path, whole)
    for prefix in ("model/", "model", "/model/"):
        dst = Model()
        serializers.load_npz(path, dst, path=prefix)
        assert_same_state(src, dst)


def test_ignore_names(tmp_path):
    src = make_trained_model()
    path = tmp_path / "m.npz"
    serializers.save_npz(path, src)
    dst = Model(4)
    before_b = dst.l1.b.array.copy()
    serializers.load_npz(path, dst, ignore_names="l1/b")
    numpy.testing.assert_array_equal(dst.l1.b.array, before_b)
    numpy.testing.assert_array_equal(dst.l1.W.array, src.l1.W.array)

    dst = Model(4)
    before_l2 = dst.l2.W.array.copy()
    serializers.load_npz(path, dst, ignore_names=[lambda k: k.startswith("l2/"), "l1/count"])
    numpy.testing.assert_array_equal(dst.l2.W.array, before_l2)
    assert dst.l1.count == 0 and dst.l1.label == "first"

    # Ignored entries missing from the file are not errors either.
    with numpy.load(path) as f:
        entries = {k: f[k] for k in f.files if k != "l1/W"}
    numpy.savez(tmp_path / "no_w.npz", **entries)
    serializers.load_npz(tmp_path / "no_w.npz", Model(4), ignore_names="l1/W")

    # With a path, names are full names.
    whole = chainer.Chain(model=src)
    serializers.save_npz(tmp_path / "w.npz", whole)
    dst = Model(4)
    serializers.load_npz(tmp_path / "w.npz", dst, path="model/", ignore_names="model/l1/W")
    assert not numpy.array_equal(dst.l1.W.array, src.l1.W.array)

    with pytest.raises(ValueError, match="ignore_names must be a string, a callable"):
        serializers.NpzDeserializer({}, ignore_names=[3])


def test_deserializer_used_without_load_raises_at_the_first_missing_entry():
    d = serializers.NpzDeserializer({"x/a": numpy.array(1)})
    assert d["x"]("a", 0) == 1
    with pytest.raises(KeyError, match="'x/b'"):
        d["x"]("b", 0)
    assert serializers.NpzDeserializer({}, strict=False)("b", 5) == 5


# -- never unpickle ---------------------------------------------------------------------------

UNPICKLED = []


def _record_unpickling():
    UNPICKLED.append(True)
    return "payload"


class Trap:
    def __reduce__(self):
        return (_record_unpickling, ())


def test_v7_none_is_read_without_unpickling(tmp_path):
    # Chainer v7 stored None as a 0-dim object array (pickled inside the .npy member).
    path = tmp_path / "v7.npz"
    numpy.savez(path, **{"a/W": numpy.asarray(None), "a/trap": numpy.asarray(Trap())})
    d_values = {}

    class Obj:
        def serialize(self, serializer):
            d_values["W"] = serializer["a"]("W", numpy.zeros(2))
            d_values["trap"] = serializer["a"]("trap", None)

    serializers.load_npz(path, Obj())
    assert d_values == {"W": None, "trap": None}
    assert UNPICKLED == []


def test_pickled_arrays_are_refused(tmp_path):
    path = tmp_path / "evil.npz"
    numpy.savez(path, x=numpy.array([Trap(), Trap()], dtype=object))

    class Obj:
        def serialize(self, serializer):
            serializer("x", None)

    with pytest.raises(ValueError, match="evil.npz.*pickled"):
        serializers.load_npz(path, Obj())
    assert UNPICKLED == []

    pickle_file = tmp_path / "pickle.npz"
    import pickle

    pickle_file.write_bytes(pickle.dumps(Trap()))
    with pytest.raises(ValueError, match="pickle.npz.*not a readable NPZ file"):
        serializers.load_npz(pickle_file, Obj())
    assert UNPICKLED == []


# -- broken files ----------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "good.npz"
    serializers.save_npz(path, make_trained_model())
    return path


def test_truncated_file(saved, tmp_path):
    data = saved.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 10):
        broken = tmp_path / f"cut{cut}.npz"
        broken.write_bytes(data[:cut])
        with pytest.raises(ValueError, match=f"cut{cut}.npz.*not a readable NPZ file"):
            serializers.load_npz(broken, Model())


def test_not_an_npz_file(tmp_path):
    cases = {
        "empty.npz": b"",
        "text.npz": b"this is not an archive at all",
        "zip.npz": b"PK\x03\x04garbage",
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ValueError, match=f"{name}.*not a readable NPZ file"):
            serializers.load_npz(tmp_path / name, Model())
    numpy.save(tmp_path / "single.npy", numpy.ones(3))
    with pytest.raises(ValueError, match="single.npy.*NPY file"):
        serializers.load_npz(tmp_path / "single.npy", Model())
    with pytest.raises(FileNotFoundError):
        serializers.load_npz(tmp_path / "missing.npz", Model())


@pytest.mark.parametrize("compression", [True, False])
def test_corrupt_member(tmp_path, compression):
    path = tmp_path / "c.npz"
    serializers.save_npz(path, {"big": numpy.arange(5000.0)}, compression=compression)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("big.npy")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 200
    for i in range(start, start + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))

    class Obj:
        def serialize(self, serializer):
            serializer("big", numpy.zeros(5000))

    with pytest.raises(ValueError, match="c.npz.*corrupt"):
        serializers.load_npz(path, Obj())


# -- atomic save --------------------------------------------------------------------------------


def _leftovers(directory, keep):
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


def test_failed_serialize_leaves_the_previous_file(tmp_path):
    path = tmp_path / "m.npz"
    path.write_bytes(b"previous content")

    class Failing:
        def serialize(self, serializer):
            serializer("a", numpy.ones(3))
            raise RuntimeError("failure in the middle of serialize")

    with pytest.raises(RuntimeError):
        serializers.save_npz(path, Failing())
    assert path.read_bytes() == b"previous content"
    assert _leftovers(tmp_path, {"m.npz"}) == []


def test_failure_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    real_write = numpy.lib.format.write_array
    calls = []

    def flaky_write(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(numpy.lib.format, "write_array", flaky_write)
    with pytest.raises(OSError, match="disk full"):
        serializers.save_npz(path, make_trained_model())
    assert not path.exists()
    assert _leftovers(tmp_path, set()) == []

    # With an older file in place, it survives intact.
    monkeypatch.setattr(numpy.lib.format, "write_array", real_write)
    serializers.save_npz(path, make_trained_model())
    good = path.read_bytes()
    calls.clear()
    monkeypatch.setattr(numpy.lib.format, "write_array", flaky_write)
    with pytest.raises(OSError):
        serializers.save_npz(path, Model(4))
    assert path.read_bytes() == good
    assert _leftovers(tmp_path, {"m.npz"}) == []


def test_saved_file_has_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        serializers.save_npz(tmp_path / "m.npz", {"a": 1})
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "m.npz").st_mode) == 0o644


def test_save_to_a_missing_directory_fails_cleanly(tmp_path):
    with pytest.raises(FileNotFoundError):
        serializers.save_npz(tmp_path / "nope" / "m.npz", {"a": 1})


# -- devices ---------------------------------------------------------------------------------


@attr.gpu
def test_cupy_arrays_are_saved_to_host_and_loaded_to_device(tmp_path):
    src = make_trained_model()
    src.to_device("@cupy:0")
    path = tmp_path / "gpu.npz"
    serializers.save_npz(path, src)
    with numpy.load(path) as f:
        numpy.testing.assert_array_equal(
            f["l1/W"], chainer.backend.CpuDevice().send(src.l1.W.array)
        )
    dst = Model(4)
    dst.to_device("@cupy:0")
    W = dst.l1.W.array
    serializers.load_npz(path, dst)
    assert dst.l1.W.array is W
    numpy.testing.assert_array_equal(
        chainer.backend.CpuDevice().send(dst.l1.W.array),
        chainer.backend.CpuDevice().send(src.l1.W.array),
    )
    lazy = Model()
    lazy.to_device("@cupy:0")
    serializers.load_npz(path, lazy)
    assert chainer.backend.get_device_from_array(lazy.l1.W.array).name == "@cupy:0"


def test_an_archive_opened_with_allow_pickle_is_still_not_unpickled(tmp_path):
    path = tmp_path / "evil.npz"
    numpy.savez(path, x=numpy.array([Trap(), Trap()], dtype=object))
    with numpy.load(path, allow_pickle=True) as f:
        d = serializers.NpzDeserializer(f)
        with pytest.raises(ValueError, match="pickled objects, which are never loaded"):
            d("x", None)
    assert UNPICKLED == []
