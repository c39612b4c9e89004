"""A budget's vote as a pabulib ``.pb`` file (https://pabulib.org/format), and back.

- :func:`export_pabulib`: the projects on an envelope's ballot and its ballots — anonymous:
  voters are numbered in the order of their ballots' contents, not of their arrival — in the
  format researchers and tools such as equalshares.net read, so that anyone can redo the
  count.
- :func:`import_pabulib`: a file's projects and approval ballots into an empty envelope, for
  demos, simulations and audits. The whole file is read and checked before anything is
  written, and everything is written in one transaction: a malformed file gets an error that
  names its line, and nothing is imported. The projects keep their numbers, so that the
  count through the page, with the same rule, equals ``participation_pb_count`` on the file.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..counting import CountingError, build_pabulib, parse_pabulib
from ..management.commands.participation_pb_count import describe_error
from ..participation.models import Channel
from ..proposals.models import ProposalStatus
from .choices import Feasibility
from .counting import counted_projects, read_ballots
from .models import BudgetBallot, BudgetBallotChoice, BudgetPage, BudgetProject
from .money import MAX_AMOUNT

IMPORT_ACTION = "wagtail_participation.budget.import_pabulib"
BATCH_SIZE = 2000
# How the META of an exported file names each counting rule.
PABULIB_RULES = {
    "greedy": "greedy",
    "mes": "equalshares/add1+greedy",
    "equalshares-add1": "equalshares/add1",
    "equalshares-add1-comparison": "equalshares/add1-comparison",
}
TITLE_MAX = 150


def _one_line(text):
    # A pabulib line is one line of text: a field may not hold a line break.
    return " ".join(str(text).split())


def pabulib_filename(envelope):
    page = envelope.page
    name = slugify(f"{page.title}-{envelope.name}")[:80] or f"budget-{envelope.pk}"
    return f"{name}.pb"


def export_pabulib(envelope):
    """The text of ``envelope``'s vote as a pabulib file."""
    page = envelope.page
    projects = counted_projects(envelope)
    titles = dict(
        envelope.projects.filter(pk__in=[project.pk for project in projects]).values_list(
            "pk", "title"
        )
    )
    read = read_ballots(envelope, projects)
    votes = {project.counting_id: 0 for project in projects}
    for ballot in read.ballots:
        for number in ballot:
            if number in votes:
                votes[number] += 1
    start, end = page.vote_window()
    meta = {
        "description": _one_line(f"{page.title} – {envelope.name}"),
        "country": "France",
        "unit": _one_line(getattr(page.get_site(), "site_name", "") or ""),
        "instance": str(timezone.localtime(start).year),
        "num_projects": str(len(projects)),
        "num_votes": str(len(read.ballots)),
        "budget": str(envelope.amount),
        "vote_type": "approval",
        "rule": PABULIB_RULES.get(page.counting_rule, page.counting_rule),
        "date_begin": f"{timezone.localtime(start):%d.%m.%Y}",
        "date_end": f"{timezone.localtime(end):%d.%m.%Y}" if end.year < 9999 else "",
        "min_length": str(page.min_projects),
        "language": "fr",
        "currency": "EUR",
        "comment": _one_line(
            f"#1: ties broken by {page.tie_breaking} (seed {page.draw_seed}). "
            "#2: voters are numbered in the order of their ballots' contents."
        ),
    }
    if page.max_projects is not None:
        meta["max_length"] = str(page.max_projects)
    if page.within_envelope:
        meta["max_sum_cost"] = str(envelope.amount)
    if page.min_percent:
        meta["min_sum_cost"] = str(-(-envelope.amount * page.min_percent // 100))
    meta = {key: value for key, value in meta.items() if value != ""}
    published = page.results_published_at is not None
    project_header = ["project_id", "cost", "votes", "name"] + (["selected"] if published else [])
    funded = set(envelope.projects.filter(funded=True).values_list("reference", flat=True))
    project_rows = []
    for project in projects:
        number = project.counting_id
        row = [number, str(project.cost), str(votes[number]), _one_line(titles[project.pk])]
        if published:
            row.append("1" if number in funded else "0")
        project_rows.append(row)
    # Anonymous: in the order of the ballots' contents, never of their arrival.
    ordered = sorted(read.ballots, key=lambda ballot: sorted(ballot))
    vote_rows = [
        [str(position), ",".join(sorted(ballot))] for position, ballot in enumerate(ordered, 1)
    ]
    return build_pabulib(
        meta, project_header, project_rows, ["voter_id", "vote"], vote_rows
    ).to_text()


class ImportRefused(Exception):
    """Why a file was not imported (its message, translated); nothing was written."""


@dataclass(frozen=True)
class ImportOutcome:
    projects: int
    ballots: int


def read_upload(upload, max_bytes):
    """The text of an uploaded file, or ImportRefused."""
    if upload.size > max_bytes:
        raise ImportRefused(
            _("The file is too large: %(limit)d MB at most.") % {"limit": max_bytes // 1_000_000}
        )
    data = upload.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            describe_error(upload.name, CountingError("not_utf8", position=error.start))
        ) from None


def parse_for_import(text, filename):
    """The parsed file, checked for what an import needs; ImportRefused naming the line."""
    try:
        pb = parse_pabulib(text)
        if pb.vote_type != "approval":
            raise ImportRefused(
                _(
                    "%(file)s has %(vote_type)s ballots: only approval ballots (a list of "
                    "chosen projects) can be imported."
                )
                % {"file": filename, "vote_type": pb.vote_type}
            )
        election = pb.election()
    except CountingError as error:
        raise ImportRefused(describe_error(filename, error)) from None
    if pb.budget > MAX_AMOUNT:
        raise ImportRefused(
            _("%(file)s: the budget is not realistic (at most 10 billion).") % {"file": filename}
        )
    for project in election.projects:
        if len(project.id) > 64:
            raise ImportRefused(
                _("%(file)s: the project number %(number)s is too long (64 characters at most).")
                % {"file": filename, "number": project.id[:70]}
            )
        if project.cost > MAX_AMOUNT:
            raise ImportRefused(
                _("%(file)s: project %(number)s costs more than 10 billion.")
                % {"file": filename, "number": project.id}
            )
    return pb, election


def import_pabulib(envelope, text, *, filename, user=None):
    """Import the projects and ballots of a pabulib file into ``envelope`` (empty, with the
    file's budget). Returns an :class:`ImportOutcome`, or raises ImportRefused having written
    nothing."""
    pb, election = parse_for_import(text, filename)
    if pb.budget != envelope.amount:
        raise ImportRefused(
            _(
                "The envelope “%(envelope)s” is of %(amount)d, the file's budget of %(budget)d: "
                "give the envelope the file's budget in the page, publish it, then import."
            )
            % {"envelope": envelope.name, "amount": envelope.amount, "budget": pb.budget}
        )
    names = {row["project_id"].strip(): row for row in pb.projects}
    with transaction.atomic():
        page = BudgetPage.objects.select_for_update().get(pk=envelope.page_id)
        if envelope.projects.exists() or envelope.submissions.exists():
            raise ImportRefused(
                _(
                    "The envelope “%(envelope)s” already has projects or ballots: import into "
                    "an empty envelope."
                )
                % {"envelope": envelope.name}
            )
        taken = set(
            BudgetProject.objects.filter(
                target=page, reference__in=[project.id for project in election.projects]
            ).values_list("reference", flat=True)
        )
        if taken:
            raise ImportRefused(
                _("Another envelope of this page has a project numbered %(number)s already.")
                % {"number": sorted(taken)[0]}
            )
        now = timezone.now()
        project_rows = [
            BudgetProject(
                target=page,
                envelope=envelope,
                reference=project.id,
                title=_title(names[project.id], project.id),
                description=_one_line(names[project.id].get("description", "")),
                estimated_cost=project.cost,
                cost=project.cost,
                status=ProposalStatus.PUBLISHED,
                feasibility=Feasibility.FEASIBLE,
                reviewed_at=now,
                reviewed_by=user,
                moderated_at=now,
                moderated_by=user,
                channel=Channel.IMPORTED,
                entered_by=user,
                author_name=_("Imported from %(file)s") % {"file": filename[:60]},
                submitted_at=now,
            )
            for project in election.projects
        ]
        BudgetProject.objects.bulk_create(project_rows, batch_size=BATCH_SIZE)
        project_ids = dict(
            BudgetProject.objects.filter(envelope=envelope).values_list("reference", "pk")
        )
        voters = [row["voter_id"].strip() for row in pb.votes]
        for start in range(0, len(pb.ballots), BATCH_SIZE):
            ballots = [
                BudgetBallot(
                    target=envelope,
                    page=page,
                    channel=Channel.IMPORTED,
                    entered_by=user,
                    note=_one_line(f"{filename}: {voter}")[:255],
                    submitted_at=now,
                )
                for voter in voters[start : start + BATCH_SIZE]
            ]
            BudgetBallot.objects.bulk_create(ballots)
            if any(ballot.pk is None for ballot in ballots):
                # A database that returns no ids from a bulk insert: found by their notes.
                by_note = dict(
                    BudgetBallot.objects.filter(
                        target=envelope, note__in=[ballot.note for ballot in ballots]
                    ).values_list("note", "pk")
                )
                for ballot in ballots:
                    ballot.pk = by_note[ballot.note]
            BudgetBallotChoice.objects.bulk_create(
                (
                    BudgetBallotChoice(
                        ballot_id=ballot.pk, envelope_id=envelope.pk, project_id=project_ids[number]
                    )
                    for ballot, chosen in zip(
                        ballots, pb.ballots[start : start + BATCH_SIZE], strict=True
                    )
                    for number in sorted(chosen)
                ),
                batch_size=BATCH_SIZE * 5,
            )
        if page.rules_frozen_at is None:
            BudgetPage.objects.filter(pk=page.pk).update(rules_frozen_at=now)
        log(
            instance=page,
            action=IMPORT_ACTION,
            user=user,
            data={
                "envelope": envelope.name,
                "file": filename,
                "projects": len(project_rows),
                "ballots": len(pb.ballots),
            },
        )
    return ImportOutcome(projects=len(project_rows), ballots=len(pb.ballots))


def _title(row, number):
    title = _one_line(row.get("name", "")) or _("Project %(number)s") % {"number": number}
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"
