"""What a participatory budget contributes to its result report and its paper ballot
(:mod:`..reports`): the vote's figures, a section per envelope (the counting rule explained,
the winners, the full ranking with why each project was or was not funded), the ballots as raw
data, and a paper ballot with one part per envelope, in the order of the paper entry form."""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..participation.models import Channel
from ..reports.builder import (
    PaperForm,
    PaperQuestion,
    ParticipationCounts,
    RawExport,
    ReportBuilder,
    ReportSection,
)
from .ballots import ballot_limits, ballot_projects, rules_sentences
from .models import BudgetBallot, BudgetCount
from .money import euros
from .results import page_results


class BudgetReport(ReportBuilder):
    def __init__(self, target):
        super().__init__(target)
        self.page = target

    @property
    def kind_label(self):
        return pgettext("kind of participation", "Participatory budget")

    def title(self):
        return self.page.title

    def introduction(self):
        return " ".join(strip_tags(self.page.intro).split())

    def participation_window(self):
        return self.page.vote_window()

    def counted_submissions(self):
        return BudgetBallot.objects.filter(page=self.page)

    def paper_sentence(self):
        return _(
            "On paper: ballots handed in at the town hall and entered by its staff, checked by "
            "the same rules as online ballots."
        )

    def participation_counts(self):
        ballots = self.counted_submissions()
        online = (
            ballots.filter(channel=Channel.ONLINE)
            .values("participant_key")
            .distinct()
            .order_by()
            .count()
        )
        others = ballots.exclude(channel=Channel.ONLINE)
        if len(self.page.envelope_list()) > 1 and others.exists():
            return ParticipationCounts(
                online=online,
                paper=None,
                note=_(
                    "A paper ballot is entered once per envelope: the number of people who "
                    "voted on paper is not known. Their ballots are in the results."
                ),
            )
        imported = others.filter(channel=Channel.IMPORTED).count()
        note = (
            _("Of them, %(count)d ballots were imported from a file.") % {"count": imported}
            if imported
            else ""
        )
        return ParticipationCounts(online=online, paper=others.count(), note=note)

    def result_sections(self):
        sections = []
        several = len(self.page.envelope_list()) > 1
        for result in page_results(self.page):
            sections.append(
                ReportSection(
                    title=(
                        _("Results: %(envelope)s") % {"envelope": result.name}
                        if several
                        else _("Results")
                    ),
                    template="wagtail_participation/budgets/report_results.html",
                    context={"result": result, "published": self.page.results_published_at},
                )
            )
        return sections

    def method(self):
        page = self.page
        paragraphs = [
            _(
                "Online, the database accepts one ballot per participant and per envelope; a "
                "ballot is checked against the rules when it is sent and again in the "
                "transaction that stores it, and is stored with a receipt code that the voter "
                "keeps, without any link in this report between the voter and their choice."
            ),
            _(
                "The rules of the ballot and of the count were frozen when the vote opened: "
                "nobody could change them, nor the projects on the ballot, while residents "
                "voted."
            ),
            _(
                "Paper ballots are entered by the town hall's staff, one ballot at a time, "
                "checked by the same rules, with their name and the time of entry."
            ),
            _(
                "Each envelope is counted on its own, by the counting engine of "
                "wagtail-participation, with the page's rule (%(rule)s): the same code as its "
                "command participation_pb_count, which anyone can run on the anonymous ballots "
                "published with the results (pabulib format)."
            )
            % {"rule": page.get_counting_rule_display()},
        ]
        return paragraphs

    def raw_export(self):
        ballots = (
            BudgetBallot.objects.filter(page=self.page)
            .select_related("target")
            .prefetch_related("choices__project")
            .order_by("pk")
        )
        return RawExport(
            name=_("ballots"),
            description=_(
                "the ballots of this budget, one row per ballot, with the numbers of the "
                "projects it chose, in the order they were recorded (CSV, UTF-8)"
            ),
            headings=[_("ID"), _("Envelope"), _("Date"), _("Channel"), _("Projects chosen")],
            rows=(
                [
                    ballot.pk,
                    ballot.target.name,
                    ballot.submitted_at,
                    ballot.get_channel_display(),
                    ",".join(sorted(choice.project.counting_id for choice in ballot.choices.all())),
                ]
                for ballot in ballots.iterator(chunk_size=2000)
            ),
        )

    def data_version(self):
        page = self.page
        own = [[f.attname, str(getattr(page, f.attname))] for f in page._meta.concrete_fields]
        ballots = self.counted_submissions().aggregate(count=Count("pk"), last=Max("pk"))
        envelopes = [
            [envelope.pk, envelope.name, envelope.amount, envelope.description]
            for envelope in page.envelope_list()
        ]
        projects = list(
            page.submissions.order_by("pk").values_list(
                "pk", "title", "cost", "feasibility", "status", "funded", "envelope_id"
            )
        )
        counts = list(
            BudgetCount.objects.filter(envelope__page=page)
            .order_by("envelope_id")
            .values_list("envelope_id", "counted_at")
        )
        return [
            own,
            [ballots["count"], ballots["last"]],
            envelopes,
            [list(row) for row in projects],
            [[envelope, str(at)] for envelope, at in counts],
        ]

    def admin_links(self):
        from .admin import INDEX_URL_NAME, overview_url

        return [
            (_("Participatory budgets"), reverse(INDEX_URL_NAME)),
            (self.page.title, overview_url(self.page)),
        ]

    def paper_form(self):
        questions = []
        for envelope in self.page.envelope_list():
            envelope.page = self.page
            limits = ballot_limits(envelope)
            questions.append(
                PaperQuestion(
                    text=_("%(envelope)s – %(amount)s")
                    % {"envelope": envelope.name, "amount": euros(envelope.amount)},
                    description=envelope.description,
                    rule=" ".join(
                        [*rules_sentences(limits), _("Tick the box of each project you choose.")]
                    ),
                    # In the order of the paper entry form (by title).
                    choices=tuple(
                        f"{project.title} – {euros(project.cost)}"
                        for project in ballot_projects(envelope)
                    ),
                )
            )
        return PaperForm(
            heading=_("Ballot paper"),
            title=self.page.title,
            introduction=self.introduction(),
            questions=tuple(questions),
            notes=(
                _("A ballot that does not follow these rules is void."),
                _("One ballot per person and per envelope, online or on paper."),
            ),
        )
