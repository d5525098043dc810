import pickle

import pytest

from chainer import datasets


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("first\nsecond\n\nfourth line\n", encoding="utf-8")
    b.write_text("eins\nzwei\ndrei\nvier\n", encoding="utf-8")
    return str(a), str(b)


def test_single_file(files):
    ds = datasets.TextDataset(files[0])
    assert len(ds) == 4
    assert ds[0] == "first\n"
    assert ds[3] == "fourth line\n"
    assert ds[2] == "\n"
    assert ds[-1] == "fourth line\n"
    assert ds[1] == "second\n"  # random access in any order
    with pytest.raises(IndexError):
        ds[4]
    ds.close()
    assert ds[0] == "first\n"  # reopens after close


def test_parallel_files_and_filter(files):
    ds = datasets.TextDataset(list(files), filter_func=lambda a, b: a.strip() != "")
    assert len(ds) == 3
    assert ds[2] == ("fourth line\n", "vier\n")
    assert ds[1] == ("second\n", "zwei\n")


def test_unequal_files(files, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("one\n")
    with pytest.raises(ValueError, match="different numbers of lines"):
        datasets.TextDataset([files[0], str(short)])


def test_encodings_per_file(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("caf\xe9\nna\xefve\n".encode("latin-1"))
    utf = tmp_path / "utf.txt"
    utf.write_text("café\nnaïve\n", encoding="utf-8")
    ds = datasets.TextDataset([str(latin), str(utf)], encoding=["latin-1", "utf-8"])
    assert ds[1] == ("naïve\n", "naïve\n")
    with pytest.raises(ValueError, match="encoding has 1 entries"):
        datasets.TextDataset([str(latin), str(utf)], encoding=["utf-8"])


def test_newline_option_and_pickle(tmp_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"a\r\nb\r\n")
    assert datasets.TextDataset(str(crlf))[1] == "b\n"
    raw = datasets.TextDataset(str(crlf), newline="")
    assert raw[0] == "a\r\n"
    copy = pickle.loads(pickle.dumps(raw))
    assert copy[1] == "b\r\n" and len(copy) == 2
