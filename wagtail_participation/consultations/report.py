"""What a consultation contributes to its result report, and its paper proposal form.

:func:`consultation_report` gathers the section's figures as named records — the question,
the calendar, the moderation, every published proposal ranked by supports with its theme,
neighbourhood, status and the commune's answer — in a fixed number of queries. The
:class:`ConsultationReport` builder lays them out in the report machinery (``reports/``):

- results: the consultation in figures (phases, proposals per moderation status, the
  commune's answers, themes and neighbourhoods), the ranking of the published proposals, the
  commune's answers with their explanation;
- free text: the published proposals themselves, most supported first, capped;
- raw data: every proposal, whatever its moderation (the moderation listing's export);
- paper: a printable proposal form, which staff enter on the consultation's paper-entry
  screen (``admin.ConsultationPaperView``), moderated as proposals posted online.

The report is the editors' view; residents get it only where
:func:`~..results.visibility.results_visible` shows them the results (``reports/views.py``).
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ..conf import settings
from ..participation.models import Channel, Neighbourhood
from ..participation.phases import Phase
from ..proposals.forms import DESCRIPTION_MAX, TITLE_MAX
from ..proposals.results import (
    GroupCount,
    ProposalRecord,
    ProposalsSummary,
    moderation_counts,
    proposal_records,
    proposals_summary,
    published_per,
)
from ..reports import formats
from ..reports.builder import (
    FreeText,
    PaperForm,
    PaperQuestion,
    ParticipationCounts,
    RawExport,
    ReportBuilder,
    ReportSection,
    count_per_day,
    free_text_section,
    identity_sentence,
    periods_of,
    plain_text,
)
from ..results.charts import bar_chart
from ..results.tally import build_tally
from .models import ConsultationSupport

# Lines to write a proposal's description on, on paper: the form fits a sheet, both sides.
DESCRIPTION_LINES = 9


@dataclass(frozen=True)
class ConsultationSection:
    title: str
    question: str
    phases: list[Phase]
    support_threshold: int | None
    threshold_commitment: str
    summary: ProposalsSummary
    # Every published proposal, most supported first.
    proposals: list[ProposalRecord]
    # Every proposal posted, per moderation status (published, awaiting, rejected, merged).
    moderation: list[GroupCount]
    # Published proposals per theme and per neighbourhood.
    themes: list[GroupCount]
    neighbourhoods: list[GroupCount]

    @property
    def posted(self):
        return sum(group.count for group in self.moderation)

    @property
    def answered(self):
        return [proposal for proposal in self.proposals if proposal.answer]


def consultation_report(page):
    """The report section of ``page`` (a ConsultationPage): eight queries, whatever the
    number of proposals and supports."""
    proposals = page.submissions.all()
    return ConsultationSection(
        title=page.title,
        question=page.question,
        phases=page.timeline().phases,
        support_threshold=page.support_threshold,
        threshold_commitment=page.threshold_commitment,
        summary=proposals_summary(
            proposals, page.support_threshold, not_answered_label=_("Not answered yet")
        ),
        proposals=list(proposal_records(proposals, page.support_threshold)),
        moderation=moderation_counts(proposals),
        themes=published_per(
            proposals,
            "theme",
            page.themes.values_list("pk", "name"),
            none_label=gettext_lazy("No theme"),
        ),
        neighbourhoods=published_per(
            proposals,
            "neighbourhood",
            Neighbourhood.objects.values_list("pk", "name"),
            none_label=gettext_lazy("The whole commune"),
        ),
    )


def choices_layout(count):
    """Long lists of boxes in two columns, so that the form fits a sheet, both sides."""
    return "columns" if count >= 4 else "boxes"


def group_tally(groups, channel_label):
    """A :class:`~..results.tally.Tally` (and its bar chart) of :class:`GroupCount`s: the
    shared chart and table of the results pages."""
    tally = build_tally(
        [(group.key, group.label) for group in groups],
        {(group.key, "all"): group.count for group in groups},
        (("all", channel_label),),
        sum(group.count for group in groups),
    )
    return {"tally": tally, "chart": bar_chart(tally)}


class ConsultationReport(ReportBuilder):
    def __init__(self, target):
        super().__init__(target)
        self.page = target

    @cached_property
    def section(self):
        return consultation_report(self.page)

    @property
    def kind_label(self):
        return pgettext("kind of participation", "Consultation")

    def title(self):
        return self.page.title

    def introduction(self):
        return self.page.question

    def calendar(self):
        return [
            (_("%(phase)s from") % {"phase": phase.label}, phase.starts_at)
            for phase in self.page.timeline().phases
        ]

    # --- summary ---------------------------------------------------------------------------

    def ways_to_take_part(self):
        return [
            identity_sentence(self.page.identity),
            _(
                "Residents posted proposals during the ideas phase and supported those of "
                "others: one support per person and proposal."
            ),
            self.paper_sentence(),
        ]

    def paper_sentence(self):
        return _(
            "On paper: proposal forms handed in at the town hall and entered by its staff, "
            "then moderated as proposals posted online."
        )

    def supports(self):
        return ConsultationSupport.objects.filter(target__target=self.page)

    def participation_counts(self):
        proposals = self.page.submissions.all()
        authors = proposals.filter(channel=Channel.ONLINE).order_by().values("participant_key")
        supporters = self.supports().order_by().values("participant_key")
        # Residents who posted or supported, each counted once (UNION removes duplicates).
        online = authors.union(supporters).count()
        paper = proposals.filter(channel=Channel.PAPER).count()
        return ParticipationCounts(
            online=online,
            paper=paper,
            note=_(
                "Online: the residents who posted at least one proposal or supported one, each "
                "counted once. On paper: the proposal forms entered by the town hall (one "
                "person may have handed in several)."
            ),
        )

    def participation_over_time(self):
        """Proposals posted online and supports given, per day, from the opening of the ideas
        to the end of the supports."""
        per_day = count_per_day(self.page.submissions.filter(channel=Channel.ONLINE))
        for day, count in count_per_day(self.supports()).items():
            per_day[day] = per_day.get(day, 0) + count
        start, end = self.page.support_window()
        return periods_of(per_day, min(start, self.page.opens_at), end)

    # --- results -----------------------------------------------------------------------------

    def result_sections(self):
        section = self.section
        published = section.summary.published
        sections = [
            ReportSection(
                title=_("The consultation in figures"),
                template="wagtail_participation/consultations/report_overview.html",
                context={
                    "section": section,
                    "context_text": plain_text(self.page.context),
                    "phases": [
                        (
                            phase.label,
                            formats.long_datetime(phase.starts_at),
                            formats.long_datetime(phase.ends_at) if phase.ends_at else "",
                        )
                        for phase in section.phases
                    ],
                    "answers": group_tally(
                        [
                            GroupCount(row.answer, row.label, row.count)
                            for row in section.summary.answers
                        ],
                        _("Proposals"),
                    ),
                    "themes": group_tally(section.themes, _("Proposals"))
                    if section.themes
                    else None,
                    "neighbourhoods": group_tally(section.neighbourhoods, _("Proposals")),
                },
            ),
            ReportSection(
                title=_("Proposals by number of supports"),
                template="wagtail_participation/consultations/report_ranking.html",
                context={"section": section, "published": published},
            ),
        ]
        if section.answered:
            sections.append(
                ReportSection(
                    title=_("The commune's answers"),
                    template="wagtail_participation/consultations/report_answers.html",
                    context={"section": section},
                )
            )
        return sections

    def free_text_sections(self):
        section = self.section
        published = section.summary.published
        shown = min(published, settings.REPORT_FREE_TEXT_LIMIT)
        summary = ngettext(
            "%(posted)s proposal was posted, %(published)s published.",
            "%(posted)s proposals were posted, %(published)s published.",
            section.posted,
        ) % {"posted": formats.number(section.posted), "published": formats.number(published)}
        if shown < published:
            summary += " " + _(
                "The %(shown)s most supported are printed here; all proposals, published or "
                "not, are in the export."
            ) % {"shown": formats.number(shown)}
        elif published < section.posted:
            summary += " " + _(
                "The published proposals are printed here, the most supported first; the "
                "others (awaiting moderation, rejected, merged into another) are in the export."
            )
        return [
            free_text_section(
                _("Published proposals"),
                total=section.posted,
                public_answers=[
                    FreeText(
                        text=record.description,
                        heading=record.title,
                        details=self.proposal_details(record),
                    )
                    for record in section.proposals[:shown]
                ],
                public_total=published,
                summary=summary,
            )
        ]

    def proposal_details(self, record):
        parts = [record.theme, record.neighbourhood or _("The whole commune")]
        parts.append(
            ngettext("%(count)s support", "%(count)s supports", record.supports)
            % {"count": formats.number(record.supports)}
        )
        parts.append(_("signed %(author)s") % {"author": record.author})
        return " · ".join(part for part in parts if part)

    # --- appendix ------------------------------------------------------------------------------

    def method(self):
        page = self.page
        paragraphs = []
        if page.publish_immediately:
            paragraphs.append(
                _(
                    "Proposals were published as soon as they were posted, then moderated: "
                    "the town hall could reject one, with a reason given to its author, or "
                    "merge it into an earlier one that said the same."
                )
            )
        else:
            paragraphs.append(
                _(
                    "Proposals waited in a moderation queue until the town hall published "
                    "them, rejected them with a reason given to their author, or merged them "
                    "into an earlier one that said the same. Only published proposals are "
                    "counted in the results and printed in this report."
                )
            )
        paragraphs += [
            _(
                "Proposal forms handed in on paper were entered by the town hall's staff, "
                "with the name of who entered them, the time and the sheet's reference "
                "number, and moderated as proposals posted online."
            ),
            _(
                "The database accepts one support per participant and proposal; a support "
                "could be withdrawn while supports were open. When a proposal was merged into "
                "another, its supports went to the other, and a person who had supported "
                "both counts once. The supports are counted as they stood when this report "
                "was generated."
            ),
            _(
                "Proposals are ranked by their number of supports; between equal numbers, "
                "the one posted first comes first."
            ),
        ]
        if page.support_threshold:
            commitment = page.threshold_commitment
            paragraphs.append(
                _(
                    "A proposal with at least %(threshold)s supports reaches the threshold "
                    "the commune set: %(commitment)s"
                )
                % {
                    "threshold": formats.number(page.support_threshold),
                    "commitment": commitment or _("it is marked as such."),
                }
            )
        paragraphs.append(
            _(
                "The commune's answers: “Accepted”, the proposal will be carried out; “Under "
                "study”, it is being examined; “Not retained”, it will not be carried out; "
                "“Already planned”, the commune had planned it already. Each answer comes "
                "with an explanation, shown to residents on the proposal."
            )
        )
        paragraphs.append(
            _(
                "Participants online are the residents who posted or supported at least one "
                "proposal, each counted once, as recognised by the identity mode."
            )
        )
        paragraphs.append(
            _(
                "Proposals are printed as their authors wrote them, the most supported first, "
                "at most %(limit)s; all proposals are in the export."
            )
            % {"limit": settings.REPORT_FREE_TEXT_LIMIT}
        )
        paragraphs.append(
            _(
                "Shares are rounded to one decimal place: their sum may differ from 100 % by a "
                "few tenths."
            )
        )
        return paragraphs

    def raw_export(self):
        from .admin import proposal_headings, proposal_row

        proposals = (
            self.page.submissions.select_related("target", "neighbourhood", "theme")
            .order_by("pk")
            .iterator(chunk_size=2000)
        )
        return RawExport(
            name=_("proposals"),
            description=_(
                "every proposal posted to this consultation, published or not, with its "
                "description, its moderation, its supports and the commune's answer, one row "
                "per proposal in the order they were posted (CSV, UTF-8)"
            ),
            headings=proposal_headings(),
            rows=(proposal_row(proposal) for proposal in proposals),
        )

    def data_version(self):
        page = self.page
        fields = [
            page.title,
            page.question,
            page.context,
            [str(phase.starts_at) for phase in page.timeline().phases],
            page.supports_during_ideas,
            page.publish_immediately,
            page.support_threshold,
            page.threshold_commitment,
            page.identity,
            page.results_visibility,
            page.live,
        ]
        themes = list(page.themes.values_list("pk", "name", "sort_order"))
        neighbourhoods = list(Neighbourhood.objects.values_list("pk", "name", "sort_order"))
        proposals = page.submissions.aggregate(
            count=Count("pk"),
            last=Max("pk"),
            supports=Sum("support_count"),
            moderated=Max("moderated_at"),
            answered=Max("answered_at"),
        )
        by_status = sorted(page.submissions.order_by().values_list("status").annotate(Count("pk")))
        supports = self.supports().aggregate(count=Count("pk"), last=Max("pk"))
        return [
            fields,
            themes,
            neighbourhoods,
            {key: str(value) for key, value in proposals.items()},
            by_status,
            [supports["count"], supports["last"]],
            settings.REPORT_FREE_TEXT_LIMIT,
        ]

    # --- admin -------------------------------------------------------------------------------

    def admin_links(self):
        from .admin import proposals_url, results_url

        return [
            (_("Proposals"), proposals_url(self.page)),
            (self.page.title, reverse("wagtailadmin_pages:edit", args=[self.page.pk])),
            (_("Results"), results_url(self.page)),
        ]

    def paper_entry_url(self):
        from .admin import paper_url

        return paper_url(self.page)

    # --- paper ---------------------------------------------------------------------------------

    def paper_form(self):
        """A printable proposal form: the fields of the online form, in its order, but the
        photo (the entry screen has the same fields)."""
        page = self.page
        one_box = _("Tick one box only.")
        questions = [
            PaperQuestion(
                text=_("Title of your proposal"),
                description=_("In a few words: what you propose."),
                rule=_("From 5 to %(max)s characters.") % {"max": TITLE_MAX},
                lines=2,
                required=True,
            )
        ]
        themes = page.proposal_themes()
        if themes is not None:
            questions.append(
                PaperQuestion(
                    text=_("Theme"),
                    rule=one_box,
                    choices=tuple(theme.name for theme in themes),
                    required=True,
                    layout=choices_layout(len(themes)),
                )
            )
        questions.append(
            PaperQuestion(
                text=_("Description"),
                description=_("What, where, why."),
                rule=_("From 20 to %(max)s characters.") % {"max": formats.number(DESCRIPTION_MAX)},
                lines=DESCRIPTION_LINES,
                required=True,
            )
        )
        neighbourhoods = [
            str(name) for name in Neighbourhood.objects.values_list("name", flat=True)
        ]
        questions.append(
            PaperQuestion(
                text=_("Neighbourhood"),
                description=_("Where your proposal would be carried out."),
                rule=one_box,
                choices=(_("The whole commune"), *neighbourhoods),
                layout=choices_layout(len(neighbourhoods) + 1),
            )
        )
        questions += [
            PaperQuestion(
                text=_("Signature (optional)"),
                description=_(
                    "Shown with your proposal: a first name, a nickname, an association."
                ),
                lines=1,
            ),
            PaperQuestion(
                text=_("Your email (optional)"),
                description=_(
                    "The town hall uses it only to tell you what becomes of your proposal "
                    "(published, merged, answered). It is never shown on the site nor in any "
                    "export."
                ),
                lines=1,
            ),
        ]
        notes = [
            _("One proposal per form: you may hand in several."),
            _("Write legibly, in capital letters if you can."),
        ]
        if page.publish_immediately:
            notes.append(_("Your proposal is published on the site once the town hall enters it."))
        else:
            notes.append(
                _(
                    "Your proposal is published on the site once the town hall has read it; "
                    "insulting or personal content is not published."
                )
            )
        notes.append(_("A photo can only be added to a proposal posted online."))
        texts = (page.question, plain_text(page.context))
        introduction = "\n\n".join(text for text in texts if text)
        return PaperForm(
            heading=_("Proposal form"),
            title=page.title,
            introduction=introduction,
            questions=tuple(questions),
            notes=tuple(notes),
        )
