import numpy
import pytest

from chainer import dataset
from chainer.dataset import tabular


class Table(dataset.TabularDataset):
    """4 rows x 3 columns: a[i] = 3i, b[i] = 3i + 1, c[i] = 3i + 2."""

    def __init__(self, mode=tuple):
        self._mode = mode
        self.calls = []

    def __len__(self):
        return 4

    @property
    def keys(self):
        return ("a", "b", "c")

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        self.calls.append((indices, key_indices))
        data = numpy.arange(12).reshape(4, 3)
        if indices is not None:
            data = data[indices]
        if key_indices is not None:
            data = data[:, list(key_indices)]
        return tuple(data.T)


def test_modes_and_indexing():
    t = Table()
    assert len(t) == 4 and t.keys == ("a", "b", "c")
    assert t[1] == (3, 4, 5)
    assert t[-1] == (9, 10, 11)
    assert t.asdict()[1] == {"a": 3, "b": 4, "c": 5}
    assert t.asdict().astuple()[0] == (0, 1, 2)
    assert list(t)[2] == (6, 7, 8)
    with pytest.raises(IndexError):
        t[4]


def test_batch_indexing_uses_one_get_examples_call():
    t = Table()
    assert t[[3, 0]] == [(9, 10, 11), (0, 1, 2)]
    assert t[1:3] == [(3, 4, 5), (6, 7, 8)]
    assert t[numpy.array([True, False, False, True])] == [(0, 1, 2), (9, 10, 11)]
    assert len(t.calls) == 3


def test_fetch_and_convert():
    t = Table()
    a, b, c = t.fetch()
    numpy.testing.assert_array_equal(a, [0, 3, 6, 9])
    d = t.asdict().fetch()
    numpy.testing.assert_array_equal(d["c"], [2, 5, 8, 11])
    converted = tabular.from_data((("x", [1, 2]), ("y", [numpy.zeros(2), numpy.ones(2)])))
    x, y = converted.convert(converted.fetch())
    assert isinstance(x, numpy.ndarray) and y.shape == (2, 2)


def test_slice_rows_and_keys():
    t = Table()
    view = t.slice[[3, 2], ("c", 0)]
    assert len(view) == 2 and view.keys == ("c", "a")
    assert view[1] == (8, 6)
    assert view.asdict()[0] == {"c": 11, "a": 9}
    single = t.slice[:, "b"]
    assert single.mode is None and single.keys == ("b",)
    assert single[2] == 7
    numpy.testing.assert_array_equal(single.fetch(), [1, 4, 7, 10])
    nested = t.slice[1:].slice[::2, (-1,)]
    assert [nested[i] for i in range(len(nested))] == [(5,), (11,)]
    masked = t.slice[[False, True, True, False]]
    assert masked[0] == (3, 4, 5)
    with pytest.raises(KeyError, match="nope"):
        t.slice[:, ("nope",)]
    with pytest.raises(IndexError):
        t.slice[[0, 9]]
    with pytest.raises(ValueError, match="mask"):
        t.slice[[True, False]]


def test_slice_reads_nothing_until_used():
    t = Table()
    view = t.slice[[0, 1], ("a",)]
    assert t.calls == []
    view.fetch()
    assert t.calls == [([0, 1], (0,))]


def test_concat():
    t = Table()
    other = tabular.from_data((("a", [100, 101]), ("b", [200, 201]), ("c", [300, 301])))
    both = t.concat(other)
    assert len(both) == 6 and both.keys == ("a", "b", "c")
    assert both[4] == (100, 200, 300)
    assert both[[5, 0, 4]] == [(101, 201, 301), (0, 1, 2), (100, 200, 300)]
    numpy.testing.assert_array_equal(both.slice[:, "a"].fetch(), [0, 3, 6, 9, 100, 101])
    with pytest.raises(ValueError, match="same keys"):
        t.concat(tabular.from_data(("a", [1])))


def test_join():
    t = Table()
    extra = tabular.from_data({"d": ["w", "x", "y", "z"]})
    joined = t.join(extra)
    assert joined.keys == ("a", "b", "c", "d")
    assert joined[2] == (6, 7, 8, "y")
    assert joined.slice[:, ("d", "a")][1] == ("x", 3)
    with pytest.raises(ValueError, match="same length"):
        t.join(tabular.from_data(("d", [1])))
    with pytest.raises(ValueError, match="distinct keys"):
        t.join(tabular.from_data(("a", [1, 2, 3, 4])))


def test_transform_sets_mode_from_output():
    t = Table()
    sums = t.transform(("s", "d"), lambda a, b, c: (a + b + c, c - a))
    assert sums.mode is tuple and sums[1] == (12, 2)
    as_dict = t.asdict().transform(("p",), lambda a, b, c: {"p": a * c})
    assert as_dict.mode is dict and as_dict[2] == {"p": 48}
    single = t.transform("neg", lambda a, b, c: -a)
    assert single.mode is None and single[3] == -9
    with pytest.raises(ValueError, match="2 values"):
        t.transform(("x",), lambda a, b, c: (a, b))[0]


def test_transform_batch():
    t = Table()
    tb = t.transform_batch(("s",), lambda a, b, c: (a + c,))
    numpy.testing.assert_array_equal(tb.fetch()[0], [2, 8, 14, 20])
    assert tb[[1, 2]] == [(8,), (14,)]
    bad = t.transform_batch(("s",), lambda a, b, c: (a[:1],))
    with pytest.raises(ValueError, match="number of rows"):
        bad.fetch()


def test_with_converter():
    t = Table()
    conv = t.with_converter(lambda a, b, c: a.sum())
    assert conv.convert(conv.fetch()) == 18
    assert conv.slice[:2].convert((numpy.array([5]),) * 3) == 5
    dict_conv = t.asdict().with_converter(lambda **kw: sorted(kw))
    assert dict_conv.convert(dict_conv.fetch()) == ["a", "b", "c"]


def test_from_data_forms():
    ds = tabular.from_data([0, 1, 2])
    assert ds.mode is None and ds.keys == ("_0",) and ds[1] == 1
    ds = tabular.from_data(([0, 1, 2], numpy.array([3, 4, 5])))
    assert ds.keys == ("_0", "_1") and ds[0] == (0, 3)
    ds = tabular.from_data((("a", [0, 1, 2]), ("b", [3, 4, 5])))
    assert ds.keys == ("a", "b") and ds[2] == (2, 5)
    ds = tabular.from_data({"a": [0, 1, 2], "b": lambda i: i * 10})
    assert ds.mode is dict and ds[2] == {"a": 2, "b": 20}
    ds = tabular.from_data(("sq", lambda i: i * i), size=10)
    assert len(ds) == 10 and ds[5] == 25
    ds = tabular.from_data((("x", [1, 2]), (("p", "q"), lambda i: {"q": -i, "p": i})))
    assert ds[1] == (2, 1, -1)
    assert ds.slice[:, "q"].fetch() == [0, -1]
    with pytest.raises(ValueError, match="size is required"):
        tabular.from_data(("sq", lambda i: i))
    with pytest.raises(ValueError, match="different lengths"):
        tabular.from_data(([1, 2], [1]))
    with pytest.raises(TypeError):
        tabular.from_data(42)


def test_delegate_dataset():
    class MyDataset(tabular.DelegateDataset):
        def __init__(self):
            super().__init__(tabular.from_data((("a", numpy.arange(10)), ("b", self.get_b))))

        def get_b(self, i):
            return f"b[{i}]"

    ds = MyDataset()
    assert len(ds) == 10 and ds.keys == ("a", "b")
    assert ds[3] == (3, "b[3]")
    assert ds.slice[[9], ("b",)][0] == ("b[9]",)


def test_works_with_concat_examples():
    ds = tabular.from_data((("x", numpy.ones((5, 2))), ("t", numpy.arange(5))))
    x, t = dataset.concat_examples(ds[[0, 4]])
    assert x.shape == (2, 2) and t.tolist() == [0, 4]
