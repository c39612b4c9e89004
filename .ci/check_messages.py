#!/usr/bin/env python3
"""Fail if a French catalogue is incomplete or its compiled .mo is stale.

For the app (and for example_site when it has a catalogue of its own):

1. copy the sources to a temporary directory and run a fresh ``makemessages -l fr`` there,
   so that strings missing from the committed .po are caught too;
2. the refreshed .po must have no untranslated and no fuzzy message;
3. the committed .mo must hold exactly what compiling the committed .po gives.

Needs GNU gettext (msgfmt, msgattrib) and Django. Exit status 0 when all is well.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "fr"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "media", "static_collected", "*.sqlite3")


def catalogue_dirs():
    yield ROOT / "wagtail_participation"
    example = ROOT / "example_site"
    if (example / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po").exists():
        yield example


def run(cmd, cwd=None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def django_admin():
    return [sys.executable, "-m", "django"]


def statistics(po):
    """(translated, fuzzy, untranslated) as msgfmt --statistics counts them."""
    result = run(["msgfmt", "--statistics", "--check-format", "-o", os.devnull, str(po)])
    if result.returncode != 0:
        raise SystemExit(f"msgfmt rejects {po}:\n{result.stderr}")
    text = result.stderr

    def count(pattern):
        match = re.search(r"(\d+) " + pattern, text)
        return int(match.group(1)) if match else 0

    return count("translated"), count("fuzzy"), count("untranslated")


def msgids(po, option):
    result = run(["msgattrib", option, "--no-obsolete", "--no-wrap", str(po)])
    ids = re.findall(r'^msgid "(.*)"$', result.stdout, flags=re.M)
    return [i for i in ids if i]


def load_mo(path):
    with open(path, "rb") as fh:
        translations = gettext.GNUTranslations(fh)
    return translations._catalog  # the parsed messages, plurals included


def check(source_dir):
    errors = []
    name = source_dir.name
    po = source_dir / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not po.exists():
        return [f"{name}: {po.relative_to(ROOT)} is missing (run `make messages`)"]

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / name
        shutil.copytree(source_dir, copy, ignore=IGNORE)
        result = run(django_admin() + ["makemessages", "-l", LANGUAGE, "--no-obsolete"], cwd=copy)
        if result.returncode != 0:
            return [f"{name}: makemessages failed:\n{result.stdout}{result.stderr}"]
        fresh = copy / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
        translated, fuzzy, untranslated = statistics(fresh)
        print(
            f"{name}: {translated} translated, {fuzzy} fuzzy, {untranslated} untranslated "
            "(after a fresh makemessages)"
        )
        for label, option, n in (
            ("untranslated", "--untranslated", untranslated),
            ("fuzzy", "--only-fuzzy", fuzzy),
        ):
            if n:
                listed = "\n".join(f"    {m!r}" for m in msgids(fresh, option)[:50])
                errors.append(f"{name}: {n} {label} message(s) in French:\n{listed}")

        if not mo.exists():
            errors.append(f"{name}: {mo.relative_to(ROOT)} is missing (run `make messages`)")
        else:
            compiled = Path(tmp) / "expected.mo"
            result = run(["msgfmt", "--check-format", "-o", str(compiled), str(po)])
            if result.returncode != 0:
                errors.append(f"{name}: msgfmt rejects {po.relative_to(ROOT)}:\n{result.stderr}")
            elif load_mo(compiled) != load_mo(mo):
                errors.append(
                    f"{name}: {mo.relative_to(ROOT)} is stale: it differs from what the .po "
                    "compiles to (run `make messages`)"
                )
    return errors


def main():
    for tool in ("msgfmt", "msgattrib", "msgmerge", "xgettext"):
        if shutil.which(tool) is None:
            print(f"GNU gettext's {tool} is not installed", file=sys.stderr)
            return 2
    errors = []
    for source_dir in catalogue_dirs():
        errors.extend(check(source_dir))
    if errors:
        print("\nFrench catalogue check FAILED:", file=sys.stderr)
        for error in errors:
            print(f"  - {error}", file=sys.stderr)
        return 1
    print("French catalogue check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
