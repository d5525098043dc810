"""The distribution installs and reports its own version."""

from importlib import metadata

import chainer


def test_version_matches_installed_metadata():
    assert chainer.__version__ == metadata.version("chainer-core")


def test_import_name_belongs_to_this_distribution():
    files = metadata.files("chainer-core")
    assert any(str(f).startswith("chainer/") for f in files)
