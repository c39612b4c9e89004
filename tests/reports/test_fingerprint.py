"""The fingerprint in a report's appendix is the SHA-256 of the export it was made from, and
the command prints the same for that file."""

import csv
import hashlib
import io

import pytest
from django.core.management import call_command

from tests.pdf import normalise, pdf_text
from tests.reports.conftest import export_bytes, pdf_bytes
from wagtail_participation.models import Ballot

pytestmark = pytest.mark.django_db


def appendix_fingerprint(report):
    text = normalise(pdf_text(pdf_bytes(report)))
    after = text.split("Son empreinte SHA-256 est :", 1)[1]
    groups = after.split()[:8]
    assert all(len(group) == 8 for group in groups), groups
    return "".join(groups)


def test_the_command_agrees_with_the_appendix(lighting_vote, commune, generate, tmp_path):
    report = generate(lighting_vote)
    export = tmp_path / "bulletins.csv"
    export.write_bytes(export_bytes(report))

    out = io.StringIO()
    call_command("participation_fingerprint", str(export), stdout=out)
    printed = out.getvalue().split("  ")[0].replace(" ", "")

    assert printed == appendix_fingerprint(report)
    assert printed == hashlib.sha256(export.read_bytes()).hexdigest() == report.fingerprint


def test_the_command_checks_a_printed_fingerprint(lighting_vote, commune, generate, tmp_path):
    report = generate(lighting_vote)
    export = tmp_path / "bulletins.csv"
    export.write_bytes(export_bytes(report))
    spaced = " ".join(report.fingerprint[i : i + 8] for i in range(0, 64, 8))

    out = io.StringIO()
    call_command("participation_fingerprint", str(export), expect=spaced, stdout=out)
    assert "Même empreinte que le rapport." in out.getvalue()

    export.write_bytes(export_bytes(report).replace(b"Pour", b"Poor", 1))
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "participation_fingerprint",
            str(export),
            expect=spaced,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert exit_info.value.code == 1


def test_the_command_says_when_it_cannot_read_a_file(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="missing.csv"):
        call_command("participation_fingerprint", str(tmp_path / "missing.csv"))


def test_the_export_holds_every_ballot_in_order(lighting_vote, commune, generate):
    report = generate(lighting_vote)
    content = export_bytes(report).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))

    assert rows[0] == ["ID", "Date", "Canal", "Choix", "Nombre de bulletins"]
    ballots = list(Ballot.objects.filter(target=lighting_vote).order_by("pk"))
    assert [int(row[0]) for row in rows[1:]] == [ballot.pk for ballot in ballots]
    assert sum(int(row[4]) for row in rows[1:]) == 17 + 1545
