"""The wheel carries what an installation outside the repository needs, and nothing of the workshop.

The wheel is built once, offline (``pip wheel --no-deps --no-build-isolation --no-index``), from a copy of
the source tree, so that the build never writes ``build/`` into the working tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The code folders the wheel ships, each an import package of the same name.
CODE = ("graph", "importers", "dashboard", "integranet")
#: Build output, caches and tool folders: none of it is source, and stale build/ files would end up in a wheel.
_NOT_SOURCE_AT_TOP = {"build", "dist", "integranet.egg-info"}


def _not_source(folder: str, names: list[str]) -> set[str]:
    """What :func:`shutil.copytree` leaves out of the copy of the tree."""
    left_out = {n for n in names if n.startswith(".") or n == "__pycache__" or n.endswith(".pyc")}
    if Path(folder) == ROOT:
        left_out |= _NOT_SOURCE_AT_TOP & set(names)
    if Path(folder) == ROOT / "tests" / "neo4j-server":
        left_out |= {"target"} & set(names)
    return left_out


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The file names inside a wheel freshly built from the current source tree."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_not_source)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "--quiet", "--wheel-dir", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (work / "dist").glob("integranet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_wheel_carries_the_vocabularies_and_the_bundled_dataset(wheel_names: set[str]) -> None:
    bundled = sorted(
        path.relative_to(ROOT / "data").as_posix()
        for folder in ("vocabularies", "ludwigsburg")
        for path in (ROOT / "data" / folder).iterdir()
        if path.is_file()
    )
    assert "vocabularies/relation_types.csv" in bundled and "ludwigsburg/dataset.toml" in bundled
    missing = [name for name in ["__init__.py", *bundled] if f"integranet_data/{name}" not in wheel_names]
    assert missing == [], f"data/ files missing from the wheel's integranet_data: {missing}"


def test_wheel_holds_no_benchmark_or_test_module(wheel_names: set[str]) -> None:
    workshop = sorted(n for n in wheel_names if n.split("/")[0] in {"benchmarks", "tests", "data", "scripts"})
    assert workshop == []
    top = {n.split("/")[0] for n in wheel_names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {*CODE, "integranet_data"}


def test_every_module_of_the_code_folders_is_in_the_wheel(wheel_names: set[str]) -> None:
    # pyproject.toml lists the packages one by one; a new sub-package folder must be added there.
    modules = sorted(
        path.relative_to(ROOT).as_posix()
        for folder in CODE
        for path in (ROOT / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    )
    missing = [m for m in modules if m not in wheel_names]
    assert missing == [], f"add their packages to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_every_package_data_key_names_a_shipped_package() -> None:
    setuptools = _pyproject()["tool"]["setuptools"]
    unknown = sorted(set(setuptools["package-data"]) - set(setuptools["packages"]))
    assert unknown == [], f"package-data for packages the wheel does not ship: {unknown}"
