#!/usr/bin/env python
"""Django's command-line utility for the demo site.

Run it from the repository root: ``python example_site/manage.py runserver``.
"""

import os
import sys
from pathlib import Path


def main():
    repo_root = str(Path(__file__).resolve().parent.parent)
    # Python put example_site/ itself first on sys.path; the demo's modules are imported as
    # ``example_site.*`` and the app as ``wagtail_participation``, both from the repository root.
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)
    if repo_root not in sys.path:
        sys.path.insert(0, repo_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
