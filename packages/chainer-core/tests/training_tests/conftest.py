import pytest


@pytest.fixture(autouse=True)
def _run_in_tmp_path(tmp_path, monkeypatch):
    # Trainer.run creates its output directory ('result' by default) under the
    # current directory: keep it out of the source tree.
    monkeypatch.chdir(tmp_path)
