import io
import multiprocessing
import pickle

import numpy
import pytest

from chainer import datasets


def _write(path, examples, protocol=pickle.HIGHEST_PROTOCOL):
    with datasets.open_pickle_dataset_writer(str(path), protocol) as writer:
        for example in examples:
            writer.write(example)


EXAMPLES = [
    (numpy.arange(5, dtype=numpy.float32), 1),
    {"text": "hello", "n": 2},
    numpy.ones((3, 4)),
    "a string",
    None,
]


def test_round_trip(tmp_path):
    path = tmp_path / "data.pkl"
    _write(path, EXAMPLES)
    with datasets.open_pickle_dataset(str(path)) as ds:
        assert len(ds) == 5
        numpy.testing.assert_array_equal(ds[0][0], EXAMPLES[0][0])
        assert ds[1] == EXAMPLES[1]
        numpy.testing.assert_array_equal(ds[2], EXAMPLES[2])
        assert ds[-2] == "a string"
        assert ds[4] is None
        assert ds[3] == "a string"  # random order


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_protocols(tmp_path, protocol):
    path = tmp_path / "data.pkl"
    _write(path, [numpy.arange(100_000), "x"], protocol)
    ds = datasets.open_pickle_dataset(str(path))
    assert len(ds) == 2 and ds[1] == "x"
    ds.close()


class _Boom:
    # Unpickling this runs code: the scan must not.
    def __reduce__(self):
        return (_explode, ())


def _explode():
    raise AssertionError("unpickled during the scan")


def test_constructor_does_not_unpickle(tmp_path):
    path = tmp_path / "data.pkl"
    _write(path, ["ok", _Boom()])
    ds = datasets.open_pickle_dataset(str(path))
    assert len(ds) == 2 and ds[0] == "ok"
    with pytest.raises(AssertionError, match="unpickled"):
        ds[1]


def test_file_object_reader_and_writer():
    buffer = io.BytesIO()
    writer = datasets.PickleDatasetWriter(buffer)
    writer.write(1)
    writer.write([2, 3])
    writer.flush()
    ds = datasets.PickleDataset(io.BytesIO(buffer.getvalue()))
    assert ds[1] == [2, 3] and ds[0] == 1


def test_truncated_file(tmp_path):
    path = tmp_path / "data.pkl"
    _write(path, ["a", "b" * 100])
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ValueError, match="truncated"):
        datasets.open_pickle_dataset(str(path))


def test_unseekable_reader():
    class Stream(io.RawIOBase):
        def seekable(self):
            return False

    with pytest.raises(ValueError, match="seekable"):
        datasets.PickleDataset(Stream())


def _read_all(ds, queue):
    queue.put([ds[i] for i in range(len(ds))])


def test_each_process_reads_its_own_file(tmp_path):
    path = tmp_path / "data.pkl"
    _write(path, list(range(50)))
    ds = datasets.open_pickle_dataset(str(path))
    assert ds[10] == 10  # the parent has the file open at some offset
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_read_all, args=(ds, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=30) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert results == [list(range(50))] * 2
    assert [ds[i] for i in (49, 0, 25)] == [49, 0, 25]
    copy = pickle.loads(pickle.dumps(ds))  # pickles by path
    assert copy[7] == 7
