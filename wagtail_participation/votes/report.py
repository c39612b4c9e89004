"""What a vote contributes to its result report and its paper ballot."""

from django.db.models import Prefetch, Sum
from django.urls import reverse
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
    tick_rule,
)
from ..results.charts import bar_chart
from .models import Ballot, BallotChoice, Vote
from .results import count_vote, results_caption


class VoteReport(ReportBuilder):
    def __init__(self, target):
        super().__init__(target)
        self.vote = target

    @property
    def kind_label(self):
        return pgettext("kind of participation", "Vote")

    def title(self):
        return self.vote.question

    def introduction(self):
        return self.vote.description

    def paper_sentence(self):
        return _(
            "On paper: ballots handed in at the town hall, counted there and entered by its staff."
        )

    def participation_counts(self):
        vote = self.vote
        online = vote.submissions.filter(channel=Channel.ONLINE).count()
        paper = vote.submissions.filter(channel=Channel.PAPER)
        if vote.is_multiple and paper.exists():
            return ParticipationCounts(
                online=online,
                paper=None,
                note=_(
                    "Paper ballots of a multiple-choice vote are entered as a number of votes "
                    "per option, not per voter: the number of people who voted on paper is not "
                    "known. Their votes are in the results."
                ),
            )
        return ParticipationCounts(online=online, paper=paper.aggregate(n=Sum("weight"))["n"] or 0)

    def choice_rule(self):
        """The rule of a ballot, as printed on paper and in the report."""
        if not self.vote.is_multiple:
            return _("Tick one box only.")
        minimum, maximum = self.vote.choice_limits()
        return tick_rule(minimum, maximum, len(self.vote.active_options()))

    def result_sections(self):
        tally = count_vote(self.vote)
        return [
            ReportSection(
                title=self.vote.question,
                template="wagtail_participation/votes/report_results.html",
                context={
                    "vote": self.vote,
                    "kind": self.vote.get_kind_display(),
                    "rule": self.choice_rule(),
                    "tally": tally,
                    "chart": bar_chart(tally),
                    "caption": results_caption(tally),
                },
            )
        ]

    def method(self):
        vote = self.vote
        paragraphs = [
            _(
                "Online, the database accepts one ballot per participant and per vote; the "
                "ballot is stored with a receipt code that the voter keeps, and without any "
                "link between the voter's account and their choice in this report."
            )
        ]
        if vote.is_multiple:
            paragraphs.append(
                _(
                    "Each ballot may choose several options; each chosen option counts as one "
                    "vote. Shares are shares of all votes cast for the options, not of voters."
                )
            )
        else:
            paragraphs.append(_("Each ballot counts as one vote for the option it chose."))
        paragraphs += [
            _(
                "Paper ballots are counted at the town hall and entered by its staff as a number "
                "of ballots per option, with their name and the time of entry. A mistaken entry "
                "can be deleted, never changed."
            ),
            _(
                "Shares are rounded to one decimal place: their sum may differ from 100 % by a "
                "few tenths."
            ),
        ]
        return paragraphs

    def raw_export(self):
        ballots = (
            Ballot.objects.filter(target=self.vote)
            .prefetch_related(
                Prefetch(
                    "choices",
                    queryset=BallotChoice.objects.select_related("option").order_by(
                        "option__sort_order", "option_id"
                    ),
                )
            )
            .order_by("pk")
        )
        return RawExport(
            name=_("ballots"),
            description=_(
                "the ballots of this vote, one row per online ballot and per paper entry, in "
                "the order they were recorded (CSV, UTF-8)"
            ),
            headings=[_("ID"), _("Date"), _("Channel"), _("Choices"), _("Number of ballots")],
            rows=(
                [
                    ballot.pk,
                    ballot.submitted_at,
                    ballot.get_channel_display(),
                    " | ".join(choice.option.label for choice in ballot.choices.all()),
                    ballot.weight,
                ]
                for ballot in ballots.iterator(chunk_size=2000)
            ),
        )

    def data_version(self):
        options = [
            [option.pk, option.key, option.label, option.sort_order]
            for option in self.vote.options.all()
        ]
        weights = self.vote.submissions.aggregate(n=Sum("weight"))["n"]
        return [*super().data_version(), options, weights]

    def admin_links(self):
        from .admin import results_url, vote_edit_url

        return [
            (
                Vote._meta.verbose_name_plural.capitalize(),
                reverse("wagtailsnippets_wagtail_participation_vote:list"),
            ),
            (str(self.vote), vote_edit_url(self.vote)),
            (_("Results and paper ballots"), results_url(self.vote)),
        ]

    def paper_entry_url(self):
        from .admin import results_url

        return results_url(self.vote)

    def paper_form(self):
        vote = self.vote
        notes = [_("A ballot that does not follow this rule is void.")]
        notes.append(_("One ballot per person, online or on paper."))
        return PaperForm(
            heading=_("Ballot paper"),
            title=vote.question,
            introduction=vote.description,
            questions=(
                PaperQuestion(
                    text=_("Your vote"),
                    rule=self.choice_rule(),
                    choices=tuple(option.label for option in vote.active_options()),
                ),
            ),
            notes=tuple(notes),
        )
