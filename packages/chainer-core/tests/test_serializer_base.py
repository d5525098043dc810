import numpy
import pytest

import chainer
from chainer import initializers
from chainer import serializer as serializer_module
from chainer.link import Chain, Link


class DictSerializer(serializer_module.Serializer):
    """Stores values in a flat dict under slash-separated keys."""

    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        return DictSerializer(self.target, self.path + key + "/")

    def __call__(self, key, value):
        self.target[self.path + key] = None if value is None else numpy.array(value, copy=True)
        return value


class DictDeserializer(serializer_module.Deserializer):
    """Loads values saved by DictSerializer; a missing key is a clear KeyError."""

    def __init__(self, target, path=""):
        self.target = target
        self.path = path

    def __getitem__(self, key):
        return DictDeserializer(self.target, self.path + key + "/")

    def __call__(self, key, value):
        full = self.path + key
        if full not in self.target:
            raise KeyError(f"{full!r} is not in the saved dictionary")
        stored = self.target[full]
        if value is None:
            return stored
        if isinstance(value, numpy.ndarray):
            numpy.copyto(value, stored)
            return value
        return type(value)(stored)


class Affine(Link):
    def __init__(self, n_in, n_out):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(initializers.Normal(1.0), (n_out, n_in))
            self.b = chainer.Parameter(initializers.Normal(1.0), (n_out,))
        self.add_persistent("count", 0)
        self.add_persistent("mean", numpy.zeros(n_out, dtype=numpy.float32))


class TwoLayers(Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = Affine(2, 3)
            self.l2 = Affine(3, 1)


def _state(chain):
    """Every parameter and persistent value, copied, keyed like the serializer keys."""
    state = {}
    for lname in ("l1", "l2"):
        link = getattr(chain, lname)
        state[f"{lname}/W"] = link.W.array.copy()
        state[f"{lname}/b"] = link.b.array.copy()
        state[f"{lname}/count"] = link.count
        state[f"{lname}/mean"] = link.mean.copy()
    return state


def _perturbed_source():
    src = TwoLayers()
    src.l1.count = 7
    src.l2.count = 11
    src.l1.mean[...] = [0.5, -1.5, 2.0]
    src.l2.mean[...] = [3.25]
    return src


def test_abstract_serializer_operators_are_abstract():
    s = serializer_module.AbstractSerializer()
    with pytest.raises(NotImplementedError, match="AbstractSerializer.*__getitem__"):
        s["child"]
    with pytest.raises(NotImplementedError, match="AbstractSerializer.*__call__"):
        s("key", 1)


def test_serializer_and_deserializer_are_abstract_serializers():
    assert issubclass(serializer_module.Serializer, serializer_module.AbstractSerializer)
    assert issubclass(serializer_module.Deserializer, serializer_module.AbstractSerializer)
    assert not issubclass(serializer_module.Serializer, serializer_module.Deserializer)
    assert not issubclass(serializer_module.Deserializer, serializer_module.Serializer)
    with pytest.raises(NotImplementedError, match="Serializer"):
        serializer_module.Serializer()("key", 1)
    with pytest.raises(NotImplementedError, match="Deserializer"):
        serializer_module.Deserializer()["child"]


def test_save_calls_serialize_with_itself():
    calls = []

    class Obj:
        def serialize(self, serializer):
            calls.append(serializer)

    ser = DictSerializer()
    ser.save(Obj())
    de = DictDeserializer({})
    de.load(Obj())
    assert calls == [ser, de]


def test_save_writes_every_value_under_its_path():
    src = _perturbed_source()
    ser = DictSerializer()
    ser.save(src)
    expected = _state(src)
    assert set(ser.target) == set(expected)
    for key, value in expected.items():
        numpy.testing.assert_array_equal(ser.target[key], value)


def test_round_trip_restores_parameters_and_persistents():
    src = _perturbed_source()
    expected = _state(src)
    ser = DictSerializer()
    ser.save(src)

    dst = TwoLayers()
    # Different random weights before loading: the test can only pass if loading works.
    assert not numpy.array_equal(dst.l1.W.array, expected["l1/W"])
    arrays_before = {id(dst.l1.W.array), id(dst.l2.b.array), id(dst.l1.mean)}
    DictDeserializer(ser.target).load(dst)

    got = _state(dst)
    for key, value in expected.items():
        numpy.testing.assert_array_equal(got[key], value, err_msg=key)
    assert type(dst.l1.count) is int and dst.l1.count == 7
    # Arrays are filled in place, not replaced.
    assert {id(dst.l1.W.array), id(dst.l2.b.array), id(dst.l1.mean)} == arrays_before


def test_round_trip_initializes_lazy_parameter():
    src = _perturbed_source()
    ser = DictSerializer()
    ser.save(src)

    class LazyTwoLayers(TwoLayers):
        def __init__(self):
            super().__init__()
            with self.l1.init_scope():
                del self.l1.W
                self.l1.W = chainer.Parameter(initializers.Zero())

    dst = LazyTwoLayers()
    assert dst.l1.W.array is None
    DictDeserializer(ser.target).load(dst)
    numpy.testing.assert_array_equal(dst.l1.W.array, src.l1.W.array)


def test_missing_key_raises_clear_error():
    src = _perturbed_source()
    ser = DictSerializer()
    ser.save(src)
    del ser.target["l2/b"]
    with pytest.raises(KeyError, match="'l2/b' is not in the saved dictionary"):
        DictDeserializer(ser.target).load(TwoLayers())
