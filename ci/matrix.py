"""The CI matrix of ci/matrix.toml as Python objects, for noxfile.py.

A *target* is one (package, backend) pair that a ``tests`` session runs.
Sibling packages a target needs are read from each package's own
``pyproject.toml`` (its ``dependencies`` that name another package of this
repository), so the matrix never repeats them.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MATRIX_FILE = ROOT / "ci" / "matrix.toml"
PACKAGES_DIR = ROOT / "packages"

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclasses.dataclass(frozen=True)
class Backend:
    """One backend of the matrix.

    Attributes:
        name: ``numpy``, ``mkldnn`` or ``cuda``.
        markers: pytest marker expression that selects this backend's tests.
        with_packages: repository packages installed beside the one under test.
        requires_gpu: whether the session needs an NVIDIA GPU.
    """

    name: str
    markers: str
    with_packages: tuple[str, ...] = ()
    requires_gpu: bool = False


@dataclasses.dataclass(frozen=True)
class Package:
    """One distribution under ``packages/``.

    Attributes:
        name: the distribution name, which is also its folder name.
        import_name: the top-level module it installs.
        backends: names of the backends it is tested on.
    """

    name: str
    import_name: str
    backends: tuple[str, ...]

    @property
    def path(self) -> pathlib.Path:
        return PACKAGES_DIR / self.name

    def pyproject(self) -> dict:
        with open(self.path / "pyproject.toml", "rb") as f:
            return tomllib.load(f)

    def sibling_dependencies(self) -> list[str]:
        """Names of the repository packages this one declares as dependencies."""
        local = set(load().packages)
        names = []
        for requirement in self.pyproject()["project"].get("dependencies", []):
            match = _REQUIREMENT_NAME.match(requirement)
            if match and match.group(1) in local:
                names.append(match.group(1))
        return names


@dataclasses.dataclass(frozen=True)
class Matrix:
    """The whole matrix: backends, packages and the tooling checks."""

    backends: dict[str, Backend]
    packages: dict[str, Package]
    tooling_tests: str
    tooling_requires: tuple[str, ...]

    def targets(self) -> list[tuple[Package, Backend]]:
        """Every (package, backend) pair, in file order."""
        return [
            (package, self.backends[backend])
            for package in self.packages.values()
            for backend in package.backends
        ]

    def closure(self, names) -> list[str]:
        """The given packages plus every sibling they need, dependencies first."""
        ordered: list[str] = []

        def visit(name: str) -> None:
            if name in ordered:
                return
            for sibling in self.packages[name].sibling_dependencies():
                visit(sibling)
            ordered.append(name)

        for name in names:
            visit(name)
        return ordered


_cache: Matrix | None = None


def load() -> Matrix:
    """Reads ci/matrix.toml (once per process) and checks it is consistent."""
    global _cache
    if _cache is not None:
        return _cache
    with open(MATRIX_FILE, "rb") as f:
        data = tomllib.load(f)
    backends = {
        name: Backend(
            name=name,
            markers=spec["markers"],
            with_packages=tuple(spec.get("with_packages", ())),
            requires_gpu=bool(spec.get("requires_gpu", False)),
        )
        for name, spec in data["backends"].items()
    }
    packages = {
        name: Package(name=name, import_name=spec["import"], backends=tuple(spec["backends"]))
        for name, spec in data["packages"].items()
    }
    for package in packages.values():
        unknown = set(package.backends) - set(backends)
        if unknown:
            raise ValueError(
                f"ci/matrix.toml: package {package.name!r} names unknown backends "
                f"{sorted(unknown)}; known: {sorted(backends)}"
            )
    for backend in backends.values():
        unknown = set(backend.with_packages) - set(packages)
        if unknown:
            raise ValueError(
                f"ci/matrix.toml: backend {backend.name!r} installs unknown packages "
                f"{sorted(unknown)}; known: {sorted(packages)}"
            )
    _cache = Matrix(
        backends=backends,
        packages=packages,
        tooling_tests=data["tooling"]["tests"],
        tooling_requires=tuple(data["tooling"]["requires"]),
    )
    return _cache
