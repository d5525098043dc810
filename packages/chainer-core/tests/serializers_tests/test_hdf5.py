"""serializers.hdf5: HDF5Serializer, HDF5Deserializer, save_hdf5 and load_hdf5."""

import builtins
import io
import os
import sys

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import initializers, serializers, testing
from chainer.testing import attr

h5py = pytest.importorskip("h5py")


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


def test_round_trip_of_a_chain_with_lazy_params(tmp_path):
    src = make_trained_model()
    path = tmp_path / "model.h5"
    serializers.save_hdf5(str(path), src)
    dst = Model()
    serializers.load_hdf5(str(path), dst)
    assert dst.l1.W.shape == (3, 4)
    assert_same_state(src, dst)
    x = numpy.ones((1, 4), numpy.float32)
    numpy.testing.assert_array_equal(dst(x).array, src(x).array)


def test_testing_helper_round_trip():
    src = make_trained_model()
    dst = Model(4)
    W = dst.l1.W.array
    testing.save_and_load_hdf5(src, dst)
    assert dst.l1.W.array is W
    assert_same_state(src, dst)


def test_uninitialized_params_stay_uninitialized(tmp_path):
    src = Model()
    serializers.save_hdf5(tmp_path / "lazy.h5", src)
    with h5py.File(tmp_path / "lazy.h5", "r") as f:
        assert f["l1/W"].shape is None  # h5py.Empty stands for None
    dst = Model()
    serializers.load_hdf5(tmp_path / "lazy.h5", dst)
    assert dst.l1.W.array is None


def test_file_layout_and_compression(tmp_path):
    path = tmp_path / "m.h5"
    serializers.save_hdf5(path, make_trained_model(), compression=7)
    with h5py.File(path, "r") as f:
        assert isinstance(f["l1"], h5py.Group)
        assert f["l1/W"].compression == "gzip" and f["l1/W"].compression_opts == 7
        assert f["l1/count"].compression is None and f["l1/count"].shape == ()
        assert f["l1/label"].asstr()[()] == "first"
    serializers.save_hdf5(path, make_trained_model(), compression=None)
    with h5py.File(path, "r") as f:
        assert f["l1/W"].compression is None


def test_serializer_and_deserializer_directly(tmp_path):
    path = tmp_path / "d.h5"
    with h5py.File(path, "w") as f:
        s = serializers.HDF5Serializer(f)
        s["/a/"]("/x", numpy.arange(3))
        s("y", 2.5)
        s("n", None)
        with pytest.raises(TypeError, match="cannot save 'bad'"):
            s("bad", {"a": 1})
    with h5py.File(path, "r") as f:
        d = serializers.HDF5Deserializer(f)
        numpy.testing.assert_array_equal(d["a"]("x", None), numpy.arange(3))
        assert d("y", 0.0) == 2.5
        assert d("n", numpy.zeros(2)) is None
        with pytest.raises(TypeError, match="'y'.*float64.*int"):
            d("y", 0)
        with pytest.raises(ValueError, match=r"'a/x'.*shape \(2,\).*shape \(3,\)"):
            d["a"]("x", numpy.zeros(2))
        with pytest.raises(KeyError, match="'b/z'"):
            d["b"]("z", 0)
        assert serializers.HDF5Deserializer(f, strict=False)["b"]("z", 4) == 4


def test_strict_lists_missing_and_unexpected_and_loads_nothing(tmp_path):
    path = tmp_path / "m.h5"
    src = make_trained_model()
    serializers.save_hdf5(path, src)
    with h5py.File(path, "a") as f:
        del f["l1/b"]
        del f["l2/count"]
        f.create_dataset("extra/thing", data=numpy.ones(2))
    dst = Model(4)
    before = dst.l1.W.array.copy()
    with pytest.raises(serializers.KeyMismatchError) as info:
        serializers.load_hdf5(path, dst)
    assert info.value.missing == ["l1/b", "l2/count"]
    assert info.value.unexpected == ["extra/thing"]
    assert "m.h5" in str(info.value)
    numpy.testing.assert_array_equal(dst.l1.W.array, before)

    # A non-strict deserializer loads what matches.
    with h5py.File(path, "r") as f:
        serializers.HDF5Deserializer(f, strict=False).load(dst)
    numpy.testing.assert_array_equal(dst.l1.W.array, src.l1.W.array)


def test_strict_non_link_objects(tmp_path):
    class Holder:
        a = 1

        def serialize(self, serializer):
            self.a = serializer("a", self.a)

    path = tmp_path / "h.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("a", data=5)
        f.create_dataset("c", data=1)
    h = Holder()
    with pytest.raises(serializers.KeyMismatchError, match="unexpected entries: 'c'"):
        serializers.load_hdf5(path, h)
    assert h.a == 5


def test_broken_files(tmp_path):
    path = tmp_path / "good.h5"
    serializers.save_hdf5(path, make_trained_model())
    data = path.read_bytes()
    (tmp_path / "cut.h5").write_bytes(data[: len(data) // 2])
    (tmp_path / "text.h5").write_bytes(b"not an hdf5 file")
    (tmp_path / "empty.h5").write_bytes(b"")
    for name in ("cut.h5", "text.h5", "empty.h5"):
        with pytest.raises(ValueError, match=f"{name}.*not a readable HDF5 file|{name}.*corrupt"):
            serializers.load_hdf5(tmp_path / name, Model())
    with pytest.raises(FileNotFoundError):
        serializers.load_hdf5(tmp_path / "missing.h5", Model())


def test_file_objects(tmp_path):
    src = make_trained_model()
    buffer = io.BytesIO()
    serializers.save_hdf5(buffer, src)
    buffer.seek(0)
    dst = Model()
    serializers.load_hdf5(buffer, dst)
    assert_same_state(src, dst)


def test_failed_save_leaves_the_previous_file(tmp_path):
    path = tmp_path / "m.h5"
    path.write_bytes(b"previous content")

    class Failing:
        def serialize(self, serializer):
            serializer("a", numpy.ones(3))
            raise RuntimeError("failure in the middle of serialize")

    with pytest.raises(RuntimeError):
        serializers.save_hdf5(path, Failing())
    assert path.read_bytes() == b"previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.h5"]
    os.remove(path)
    with pytest.raises(RuntimeError):
        serializers.save_hdf5(path, Failing())
    assert list(tmp_path.iterdir()) == []


def test_missing_h5py_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def no_h5py(name, *args, **kwargs):
        if name == "h5py":
            raise ImportError("No module named 'h5py'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "h5py")
    monkeypatch.setattr(builtins, "__import__", no_h5py)
    with pytest.raises(ImportError, match=r'pip install "chainer-core\[hdf5\]"'):
        serializers.save_hdf5("never-written.h5", Model())
    with pytest.raises(ImportError, match="h5py"):
        serializers.HDF5Deserializer(None)
    assert not os.path.exists("never-written.h5")


@attr.gpu
def test_cupy_arrays_round_trip(tmp_path):
    src = make_trained_model()
    src.to_device("@cupy:0")
    serializers.save_hdf5(tmp_path / "gpu.h5", src)
    dst = Model(4)
    dst.to_device("@cupy:0")
    serializers.load_hdf5(tmp_path / "gpu.h5", dst)
    numpy.testing.assert_array_equal(
        chainer.backend.CpuDevice().send(dst.l1.W.array),
        chainer.backend.CpuDevice().send(src.l1.W.array),
    )
