"""The sessions nox lists agree with ci/matrix.toml and with the packages on disk.

The expected session names are computed here straight from the TOML file,
independently of ci/matrix.py, so a bug in the loader shows up as a mismatch.
"""

import os
import pathlib
import subprocess
import sys

import pytest
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _nox(*args):
    # Inside a nox session, NOXSESSION names the running session and would narrow the listing.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOX")}
    return subprocess.run(
        [sys.executable, "-m", "nox", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout


@pytest.fixture(scope="module")
def matrix():
    with open(ROOT / "ci" / "matrix.toml", "rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def listed_sessions():
    """(session name, parameter id or None, selected by default) for each listed line."""
    sessions = []
    for line in _nox("-l").splitlines():
        if line[:2] not in ("* ", "- "):
            continue
        full = line[2:].split(" -> ")[0].strip()
        name, _, param = full.partition("(")
        sessions.append((name, param.rstrip(")") or None, line.startswith("* ")))
    return sessions


def _expected_targets(matrix):
    targets = [
        f"{package}-{backend}"
        for package, spec in matrix["packages"].items()
        for backend in spec["backends"]
    ]
    return [*targets, "tooling"]


@pytest.mark.parametrize("session", ["tests", "tests_full"])
def test_test_sessions_are_exactly_the_matrix(matrix, listed_sessions, session):
    listed = [param for name, param, _ in listed_sessions if name == session]
    assert listed == _expected_targets(matrix)


def test_the_other_sessions_exist(listed_sessions):
    names = {name for name, _, _ in listed_sessions}
    assert {"lint", "docs", "build", "quickstart"} <= names


def test_default_run_is_the_tests_session(listed_sessions):
    # nox marks the sessions that run by default with '*' and the others with '-'.
    selected = {name for name, _, is_default in listed_sessions if is_default}
    assert selected == {"tests"}


def test_every_package_folder_is_in_the_matrix(matrix):
    on_disk = {p.name for p in (ROOT / "packages").iterdir() if (p / "pyproject.toml").exists()}
    assert on_disk == set(matrix["packages"])


def test_backends_named_by_packages_are_defined(matrix):
    for package, spec in matrix["packages"].items():
        for backend in spec["backends"]:
            assert backend in matrix["backends"], (package, backend)


@pytest.mark.parametrize("folder", sorted(p.name for p in (ROOT / "packages").iterdir()))
def test_package_layout_and_names(matrix, folder):
    package = ROOT / "packages" / folder
    with open(package / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    assert project["name"] == folder
    import_name = matrix["packages"][folder]["import"]
    assert (package / "src" / import_name / "__init__.py").is_file()
    for required in ("README.md", "CHANGELOG.md", "tests", "examples", "benchmarks"):
        assert (package / required).exists(), f"{folder} lacks {required}"


def test_sibling_dependencies_are_version_ranges(matrix):
    siblings = set(matrix["packages"])
    for folder in siblings:
        with open(ROOT / "packages" / folder / "pyproject.toml", "rb") as f:
            deps = tomllib.load(f)["project"].get("dependencies", [])
        for dep in deps:
            name = dep.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip()
            if name in siblings:
                assert ">=" in dep and "<" in dep, f"{folder}: {dep} is not a range"
