"""The distribution installs and reports its own version."""

from importlib import metadata

import chainerrl


def test_version_matches_installed_metadata():
    assert chainerrl.__version__ == metadata.version("chainer-rl")


def test_import_name_belongs_to_this_distribution():
    files = metadata.files("chainer-rl")
    assert any(str(f).startswith("chainerrl/") for f in files)
