"""The distribution installs and reports its own version."""

from importlib import metadata

import chainermn


def test_version_matches_installed_metadata():
    assert chainermn.__version__ == metadata.version("chainer-mn")


def test_import_name_belongs_to_this_distribution():
    files = metadata.files("chainer-mn")
    assert any(str(f).startswith("chainermn/") for f in files)
