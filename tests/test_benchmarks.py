"""The benchmarks that write their data in SQL still run on the app's current schema.

They write millions of rows with ``INSERT … SELECT`` rather than through the models, so a
new column the models fill for themselves (as ``paper_reference`` did) breaks them and
nothing else notices. Run here on a few rows, in their own temporary SQLite database; what
they measure is not checked (docs/benchmarks.md records it).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "name, arguments",
    [
        ("results_counting", ["--votes", "1000", "--app-runs", "1", "--form-runs", "1"]),
        (
            "survey_results",
            ["--small", "20", "--large", "40", "--app-runs", "1", "--form-runs", "1"],
        ),
    ],
)
def test_the_benchmark_runs_on_a_few_rows(name, arguments):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    finished = subprocess.run(
        [sys.executable, f"benchmarks/{name}.py", *arguments],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    last_line = finished.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"result: {name} ratio=\S+ target=\S+ (PASS|BELOW)", last_line)
