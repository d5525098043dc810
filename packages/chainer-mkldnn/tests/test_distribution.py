"""The distribution installs and reports its own version."""

from importlib import metadata

import chainer_mkldnn


def test_version_matches_installed_metadata():
    assert chainer_mkldnn.__version__ == metadata.version("chainer-mkldnn")


def test_import_name_belongs_to_this_distribution():
    files = metadata.files("chainer-mkldnn")
    assert any(str(f).startswith("chainer_mkldnn/") for f in files)
