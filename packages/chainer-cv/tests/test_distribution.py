"""The distribution installs and reports its own version."""

from importlib import metadata

import chainercv


def test_version_matches_installed_metadata():
    assert chainercv.__version__ == metadata.version("chainer-cv")


def test_import_name_belongs_to_this_distribution():
    files = metadata.files("chainer-cv")
    assert any(str(f).startswith("chainercv/") for f in files)
