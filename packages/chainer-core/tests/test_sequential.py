import numpy
import pytest

import chainer
from chainer import initializers
from chainer.link import Chain, Link
from chainer.sequential import Sequential


class Scale(Link):
    def __init__(self, value=2.0):
        super().__init__()
        with self.init_scope():
            self.s = chainer.Parameter(initializers.Constant(value), (1,))

    def forward(self, x):
        return x * self.s


def double(x):
    return x * 2


def split(x):
    return x, x + 1


def test_forward_mixes_links_and_functions():
    seq = Sequential(Scale(3.0), double, lambda x: x - 1)
    y = seq(numpy.array([1.0], dtype=numpy.float32))
    numpy.testing.assert_array_equal(y.array, [5.0])


def test_tuple_outputs_are_unpacked():
    seq = Sequential(split, lambda a, b: a * b)
    assert seq(3) == 12
    assert Sequential()(5) == (5,)


def test_children_are_links_only_and_named_in_link_order():
    s1, s2 = Scale(), Scale()
    seq = Sequential(double, s1, double, s2)
    assert list(seq.children()) == [s1, s2]
    assert [n for n, _ in seq.namedparams()] == ["/0/s", "/1/s"]
    assert (s1.name, s2.name) == ("0", "1")
    seq.insert(0, Scale())
    assert [x.name for x in seq.children()] == ["0", "1", "2"]
    assert s1.name == "1"


def test_list_methods():
    a, b = Scale(), Scale()
    seq = Sequential(a)
    seq.append(double)
    seq.extend(Sequential(b, split))
    assert list(seq) == [a, double, b, split] and len(seq) == 4
    assert seq.index(b) == 2 and seq.count(double) == 1 and b in seq
    assert seq.pop() is split
    seq.remove(a)
    assert list(seq) == [double, b] and b.name == "0"
    seq[0] = a
    assert list(seq.children()) == [a, b]
    del seq[0]
    assert list(seq) == [b]
    seq.insert(-1, double)
    assert list(seq) == [double, b]
    seq.reverse()
    assert list(seq) == [b, double]
    seq.clear()
    assert len(seq) == 0 and list(seq.children()) == []
    with pytest.raises(ValueError):
        seq.append(3)
    with pytest.raises(IndexError):
        seq.insert(5, double)
    with pytest.raises(ValueError):
        seq.remove(double)


def test_by_layer_type():
    seq = Sequential(Scale(), double, Scale(), double, lambda x: x)
    assert seq.count_by_layer_type("Scale") == 2
    assert seq.count_by_layer_type("double") == 2
    assert seq.count_by_layer_type("<lambda>") == 1
    seq.remove_by_layer_type("double")
    assert len(seq) == 3 and seq.count_by_layer_type("double") == 0
    assert len(list(seq.children())) == 2


def test_flatten_add_iadd():
    a, b, c = Scale(), Scale(), Scale()
    nested = Sequential(a, Sequential(b, Sequential(double, c)))
    flat = nested.flatten()
    assert list(flat) == [a, b, double, c]
    s = Sequential(a) + Sequential(b)
    assert list(s) == [a, b]
    s += Sequential(c)
    assert list(s) == [a, b, c]
    with pytest.raises(ValueError):
        Sequential(a) + [b]


def test_copy_modes():
    link = Scale()
    seq = Sequential(link, double)
    shared = seq.copy()
    assert shared[0] is not link and shared[0].s.array is link.s.array and shared[1] is double
    deep = seq.copy("copy")
    assert deep[0].s.array is not link.s.array
    numpy.testing.assert_array_equal(deep[0].s.array, link.s.array)


def test_repeat_and_serialize_keys():
    seq = Sequential(Scale(1.0), double).repeat(2)
    assert len(seq) == 2 and isinstance(seq[0], Sequential)
    keys = [n for n, _ in Chain(m=Sequential(double, Scale())).namedparams()]
    assert keys == ["/m/0/s"]


def test_str():
    seq = Sequential(Scale(), double)
    text = str(seq)
    assert text.startswith("Sequential(\n  (0): Scale(),\n  (1): <function double")
    assert text.endswith(",\n)")
    lam = Sequential(lambda x: x + 1)
    assert "lambda x: x + 1" in str(lam)


def test_link_hooks_called():
    from chainer.link_hook import LinkHook

    calls = []

    class Hook(LinkHook):
        def forward_preprocess(self, args):
            calls.append(type(args.link).__name__)

    seq = Sequential(Scale(), double, Scale())
    with Hook():
        seq(numpy.ones(1, dtype=numpy.float32))
    assert calls == ["Sequential", "Scale", "Scale"]
