"""Sessions for the whole monorepo: the test matrix, lint, docs, build, quickstart.

The matrix is data (ci/matrix.toml); this file only turns it into sessions.

    nox -l                          # every session
    nox -s tests                    # every CPU combination (cuda ones skip without a GPU)
    nox -s "tests(chainer-core-numpy)"
    nox -s tests_full               # the same, with the tests marked `slow`
    nox -s lint docs build quickstart
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import nox

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ci import matrix as ci_matrix  # noqa: E402

os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")

nox.options.default_venv_backend = "uv|venv"
nox.options.sessions = ["tests"]

ROOT = pathlib.Path(__file__).resolve().parent
MATRIX = ci_matrix.load()
RUFF = "ruff==0.17.6"
SPHINX = ["sphinx==9.0.4", "myst-parser==5.2.0"]
QUICKSTART = ("cupy-lite", "examples/kmeans.py")

TOOLING_ID = "tooling"
TARGET_IDS = [f"{package.name}-{backend.name}" for package, backend in MATRIX.targets()]


def _cuda_extra() -> tuple[str | None, str]:
    """Picks the CuPy extra for this machine's driver, or says why there is none."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return None, "no GPU: nvidia-smi is not on PATH"
    listing = subprocess.run([smi], capture_output=True, text=True, check=False)
    if listing.returncode != 0 or "CUDA Version" not in listing.stdout:
        return None, "no GPU: nvidia-smi found no usable device"
    major = int(re.search(r"CUDA Version:\s*(\d+)", listing.stdout).group(1))
    return ("cuda13" if major >= 13 else "cuda12"), ""


def _install_target(session: nox.Session, package: ci_matrix.Package, backend) -> None:
    names = MATRIX.closure([package.name, *backend.with_packages])
    extra = None
    if backend.requires_gpu:
        extra, reason = _cuda_extra()
        if extra is None:
            session.skip(reason)
    specs = []
    for name in names:
        declared = MATRIX.packages[name].pyproject()["project"].get("optional-dependencies", {})
        extras = [e for e in (("test",) if name == package.name else ()) if e in declared]
        if extra and extra in declared:
            extras.append(extra)
        suffix = f"[{','.join(extras)}]" if extras else ""
        specs.append(f"{MATRIX.packages[name].path}{suffix}")
    session.install(*specs)


def _run_pytest(session: nox.Session, package, backend, include_slow: bool) -> None:
    markers = f"({backend.markers})" if include_slow else f"({backend.markers}) and not slow"
    session.chdir(package.path)
    env = {"CHAINER_TEST_BACKEND": backend.name, "OMP_NUM_THREADS": "1"}
    code = session.run("pytest", "-m", markers, *session.posargs, env=env, success_codes=[0, 5])
    if code == 5:
        session.log(f"{package.name} has no tests for backend {backend.name!r} yet")


def _tests(session: nox.Session, target: str, include_slow: bool) -> None:
    if target == TOOLING_ID:
        session.install(*MATRIX.tooling_requires)
        session.run("pytest", MATRIX.tooling_tests, *session.posargs)
        return
    package, backend = MATRIX.targets()[TARGET_IDS.index(target)]
    _install_target(session, package, backend)
    _run_pytest(session, package, backend, include_slow)


@nox.session
@nox.parametrize("target", [*TARGET_IDS, TOOLING_ID], ids=[*TARGET_IDS, TOOLING_ID])
def tests(session: nox.Session, target: str) -> None:
    """One package on one backend, without the tests marked `slow`."""
    _tests(session, target, include_slow=False)


@nox.session
@nox.parametrize("target", [*TARGET_IDS, TOOLING_ID], ids=[*TARGET_IDS, TOOLING_ID])
def tests_full(session: nox.Session, target: str) -> None:
    """One package on one backend, the tests marked `slow` included."""
    _tests(session, target, include_slow=True)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over every package and the tooling."""
    session.install(RUFF)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Builds the Sphinx site; any warning is an error."""
    session.install(
        *SPHINX, *(str(MATRIX.packages[n].path) for n in MATRIX.closure(MATRIX.packages))
    )
    out = ROOT / "docs" / "_build" / "html"
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", str(out))


@nox.session
def build(session: nox.Session) -> None:
    """Wheel and sdist per package; each wheel is then installed alone and imported."""
    session.install("build==1.6.1", "uv==0.13.9")
    work = pathlib.Path(tempfile.mkdtemp(prefix="chainer-build-"))
    wheels = {}
    for package in MATRIX.packages.values():
        out = work / "dist" / package.name
        session.run(
            "python", "-m", "build", "--installer", "uv", "--outdir", str(out), str(package.path)
        )
        (wheel,) = out.glob("*.whl")
        (sdist,) = out.glob("*.tar.gz")
        session.log(f"built {wheel.name} and {sdist.name}")
        wheels[package.name] = wheel
    for package in MATRIX.packages.values():
        venv = work / "venvs" / package.name
        session.run("uv", "venv", "--quiet", str(venv))
        python = str(venv / "bin" / "python")
        needed = [str(wheels[n]) for n in MATRIX.closure([package.name])]
        session.run("uv", "pip", "install", "--quiet", "--python", python, *needed)
        version = package.pyproject()["project"]["version"]
        check = (
            f"import {package.import_name} as m; "
            f"assert m.__version__ == {version!r}, m.__version__; "
            f"print({package.name!r}, m.__version__, 'imports alone from its wheel')"
        )
        session.run(python, "-c", check, external=True)


@nox.session
def quickstart(session: nox.Session) -> None:
    """Runs the README's main job."""
    name, script = QUICKSTART
    session.install(*(str(MATRIX.packages[n].path) for n in MATRIX.closure([name])))
    session.chdir(MATRIX.packages[name].path)
    session.run("python", script, *session.posargs)
