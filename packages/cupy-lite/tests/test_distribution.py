"""The distribution installs and reports its own version."""

from importlib import metadata

import cupy_lite


def test_version_matches_installed_metadata():
    assert cupy_lite.__version__ == metadata.version("cupy-lite")


def test_import_name_belongs_to_this_distribution():
    files = metadata.files("cupy-lite")
    assert any(str(f).startswith("cupy_lite/") for f in files)
