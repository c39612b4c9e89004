"""The wheel carries what a host site needs: templates, static files, migrations and the
compiled French catalogue, and the licence; it installs into a clean virtual environment; and
it depends on nothing the code does not import."""

import ast
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

# With --dist loadfile (as CI runs xdist), one worker builds the wheel once for both tests.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "wagtail_participation"
# Files of the source tree a build reads; the rest of the work tree (virtual environments,
# databases, the demo site) stays out of the way.
BUILD_INPUTS = ["pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in"]
REQUIRED = [
    f"{PACKAGE}/__init__.py",
    f"{PACKAGE}/apps.py",
    f"{PACKAGE}/migrations/__init__.py",
    f"{PACKAGE}/migrations/0001_initial.py",
    f"{PACKAGE}/locale/fr/LC_MESSAGES/django.po",
    f"{PACKAGE}/locale/fr/LC_MESSAGES/django.mo",
]
REQUIRED_DIRS = [f"{PACKAGE}/templates/{PACKAGE}/", f"{PACKAGE}/static/{PACKAGE}/"]


def run(*args, **kwargs):
    result = subprocess.run(
        args, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL, **kwargs
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def distributions(tmp_path_factory):
    """The sdist, and the wheel built from it, as `python -m build` makes them."""
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    shutil.copytree(
        REPO / PACKAGE,
        source / PACKAGE,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    out = tmp / "dist"
    run(sys.executable, "-m", "build", "--outdir", str(out), str(source))
    wheels = list(out.glob("wagtail_participation-*.whl"))
    sdists = list(out.glob("wagtail_participation-*.tar.gz"))
    assert len(wheels) == len(sdists) == 1, (wheels, sdists)
    return {"wheel": wheels[0], "sdist": sdists[0]}


@pytest.fixture(scope="module")
def wheel(distributions):
    return distributions["wheel"]


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return Parser().parsestr(archive.read(name).decode())


def source_files(subdir):
    root = REPO / PACKAGE
    return sorted(
        str(path.relative_to(REPO))
        for path in (root / subdir).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def test_the_wheel_holds_templates_static_migrations_and_the_catalogue(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in REQUIRED if name not in names]
    assert not missing, f"missing from {wheel.name}: {missing}"
    for directory in REQUIRED_DIRS:
        assert any(n.startswith(directory) and not n.endswith("/") for n in names), directory
    # Every template, static file and migration of the source tree is shipped.
    for subdir in ("templates", "static", "migrations"):
        not_shipped = [f for f in source_files(subdir) if f not in names]
        assert not not_shipped, f"not in the wheel: {not_shipped}"
    # Nothing of the tests or the demo site.
    assert not [n for n in names if n.startswith(("tests/", "example_site/"))]


def test_the_wheel_installs_into_a_clean_virtual_environment(wheel, tmp_path):
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, clear=True).create(target)
    python = target / "bin" / "python"
    # The test environment's pip installs into the clean one, without dependencies.
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--no-deps",
        "--no-index",
        "--quiet",
        str(wheel),
    )
    location = run(
        str(python),
        "-c",
        f"import {PACKAGE}, os; print(os.path.dirname({PACKAGE}.__file__))",
        cwd=tmp_path,
    ).strip()
    installed = Path(location)
    assert installed.is_relative_to(target), f"imported from {installed}, not the clean venv"
    site_packages = installed.parent
    for name in REQUIRED:
        assert (site_packages / name).is_file(), f"not installed: {name}"
    for directory in REQUIRED_DIRS:
        assert any(p.is_file() for p in (site_packages / directory).rglob("*")), directory


def test_the_licence_is_in_the_wheel_and_the_sdist(distributions):
    licence = (REPO / "LICENSE").read_text()
    assert licence.startswith("BSD 3-Clause License")
    assert "wagtail-participation contributors" in licence

    with zipfile.ZipFile(distributions["wheel"]) as archive:
        in_wheel = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(in_wheel) == 1, archive.namelist()
        assert archive.read(in_wheel[0]).decode() == licence
    with tarfile.open(distributions["sdist"]) as archive:
        in_sdist = [n for n in archive.getnames() if n.endswith("/LICENSE")]
        assert len(in_sdist) == 1, archive.getnames()
    metadata = wheel_metadata(distributions["wheel"])
    assert metadata["License-Expression"] == "BSD-3-Clause"
    assert metadata.get_all("License-File") == ["LICENSE"]


# The module each runtime dependency is imported as.
IMPORT_NAMES = {"django-filter": "django_filters", "wagtail-modeladmin": "wagtail_modeladmin"}


def imported_modules():
    """Top-level modules that the package's own code imports (migrations aside)."""
    modules = set()
    for path in (REPO / PACKAGE).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def test_every_runtime_dependency_is_imported_by_the_code():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [re.match(r"[A-Za-z0-9_.-]+", requirement).group(0) for requirement in declared]
    imported = imported_modules()
    unused = [
        name
        for name in names
        if IMPORT_NAMES.get(name.lower(), name.lower().replace("-", "_")) not in imported
    ]
    assert not unused, f"declared in pyproject.toml but imported by no module: {unused}"
