"""The wheel carries what a host site needs: templates, static files, migrations and the
compiled French catalogue; and it installs into a clean virtual environment."""

import shutil
import subprocess
import sys
import venv
import zipfile
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
def wheel(tmp_path_factory):
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
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source))
    wheels = list(out.glob("wagtail_participation-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


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
