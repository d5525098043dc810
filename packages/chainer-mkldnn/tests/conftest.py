"""Every test of chainer-mkldnn needs oneDNN, so each one carries the `mkldnn` marker."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.mkldnn)
