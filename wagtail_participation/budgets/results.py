"""The results of a participatory budget as named records — for the results page, the
admin, the exports and the PDF report alike — read from the stored counts
(:class:`~.models.BudgetCount`), with the engine's explanation
(:mod:`..counting.explain`) put into plain French.

Two queries per page whatever the number of ballots: the envelopes with their counts, and the
projects on their ballots.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..participation.models import Channel
from ..results.charts import bar_chart
from ..results.tally import build_tally
from .choices import CountingRule, TieBreaking
from .money import euros, percent

CHART_CHANNELS = ((Channel.ONLINE, ""),)


@dataclass(frozen=True)
class ProjectResult:
    # Rank by number of votes (1 = the most voted).
    rank: int
    pk: int
    number: str
    title: str
    neighbourhood: str
    cost: int
    votes: int
    # Share of the ballots approving it, written "56,7 %".
    share: str
    funded: bool
    # Position in the order the rule funded projects (1 = first), None if not funded.
    funding_order: int | None
    # Why it was or was not funded, in a sentence.
    explanation: str


@dataclass(frozen=True)
class EnvelopeResult:
    envelope_pk: int
    name: str
    amount: int
    ballots: int
    # (channel label, number of ballots) for each channel that brought some.
    channels: list
    spent: int
    remaining: int
    # Share of the envelope the funded projects use, written "96,4 %".
    share_used: str
    # In the order the rule funded them.
    winners: list
    # Every project on the ballot, the most voted first.
    ranking: list
    rule: str
    rule_label: str
    # The counting rule explained, paragraph by paragraph.
    method: list
    counted_at: object
    # Why the count could not be made, or "".
    problem: str
    chart: dict | None

    @property
    def html_id(self):
        return f"results-{self.envelope_pk}"

    @property
    def amount_label(self):
        return euros(self.amount)

    @property
    def spent_label(self):
        return euros(self.spent)

    @property
    def remaining_label(self):
        return euros(self.remaining)


def _fraction(text):
    return Fraction(str(text))


def explanations(outcome, votes, costs):
    """{project number: sentence} for every project of a count's ``outcome`` (the engine's
    ``Outcome.to_dict()``)."""
    sentences = {}
    for number in costs:
        if not votes.get(number):
            sentences[number] = _("Not funded: nobody voted for this project.")
    for step in outcome.get("greedy_steps", []):
        number = step["project_id"]
        values = {
            "rank": step["rank"],
            "cost": euros(step["cost"]),
            "left": euros(_fraction(step["budget_left_before"])),
        }
        if step["status"] == "selected":
            sentences[number] = (
                _(
                    "Funded: ranked %(rank)d by votes, it fitted in what was left of the "
                    "envelope (%(left)s)."
                )
                % values
            )
        elif step["status"] == "does_not_fit":
            sentences[number] = (
                _(
                    "Not funded: ranked %(rank)d by votes, it costs %(cost)s, more than what "
                    "was left of the envelope (%(left)s)."
                )
                % values
            )
    equal_shares = outcome.get("equal_shares") or {}
    for purchase in equal_shares.get("purchases", []):
        values = {
            "round": purchase["round"],
            "votes": purchase["votes"],
            "cost": euros(purchase["cost"]),
            "payment": euros(_fraction(purchase["max_payment"])),
        }
        sentence = (
            _(
                "Funded at step %(round)d of Equal Shares: its %(votes)d voters could pay its "
                "cost of %(cost)s together, each paying at most %(payment)s of their share."
            )
            % values
        )
        if purchase["supporters_paying_all"]:
            sentence += " " + ngettext(
                "%(count)d of them gave all they had left.",
                "%(count)d of them gave all they had left.",
                purchase["supporters_paying_all"],
            ) % {"count": purchase["supporters_paying_all"]}
        sentences[purchase["project_id"]] = sentence
    for loser in equal_shares.get("losers", []):
        sentences[loser["project_id"]] = _(
            "Not funded by Equal Shares: its %(votes)d voters had only %(money)s left of "
            "their shares, less than its cost of %(cost)s."
        ) % {
            "votes": loser["votes"],
            "money": euros(_fraction(loser["supporters_money_left"])),
            "cost": euros(loser["cost"]),
        }
    for step in equal_shares.get("completion", []):
        number = step["project_id"]
        values = {
            "cost": euros(step["cost"]),
            "left": euros(_fraction(step["budget_left_before"])),
        }
        earlier = sentences.get(number, "")
        if step["status"] == "selected_by_completion":
            sentences[number] = " ".join(
                part
                for part in (
                    earlier,
                    _(
                        "Funded afterwards: the money left (%(left)s) went to the most voted "
                        "projects that still fitted."
                    )
                    % values,
                )
                if part
            )
        elif step["status"] == "does_not_fit" and number not in sentences:
            sentences[number] = (
                _(
                    "Not funded: it costs %(cost)s, more than what was left of the envelope "
                    "(%(left)s)."
                )
                % values
            )
    comparison = equal_shares.get("comparison")
    if comparison and comparison["decision"] == "kept_greedy":
        selected = set(outcome.get("selected", []))
        for number in costs:
            if votes.get(number):
                sentences[number] = (
                    _("Funded: the most voted projects were kept (see the counting rule).")
                    if number in selected
                    else _(
                        "Not funded: the most voted projects were kept (see the counting "
                        "rule), and it did not fit in the envelope."
                    )
                )
    return sentences


def method_paragraphs(outcome, rule, ballots, amount):
    """The counting rule explained, for residents, with this count's figures."""
    paragraphs = []
    equal_shares = outcome.get("equal_shares")
    if rule == CountingRule.GREEDY:
        paragraphs.append(
            _(
                "The projects were taken from the most voted to the least voted; each was "
                "funded if its cost fitted in what was left of the envelope of %(amount)s."
            )
            % {"amount": euros(amount)}
        )
    elif equal_shares:
        share = _fraction(equal_shares["share_per_voter"])
        paragraphs.append(
            _(
                "Method of Equal Shares: the envelope of %(amount)s is shared equally among "
                "the %(voters)d voters, and each voter's share may only pay for projects they "
                "chose."
            )
            % {"amount": euros(amount), "voters": equal_shares["voters"]}
        )
        paragraphs.append(
            _(
                "Step by step, a project is funded when the voters who chose it can pay its "
                "cost together, splitting it as equally as they can. Among those projects, the "
                "one that costs each of its voters the least is funded first. A voter who has "
                "spent their share pays for nothing more. So a group of voters gets projects in "
                "proportion to its size: a majority cannot take the whole envelope."
            )
        )
        if equal_shares.get("raises"):
            paragraphs.append(
                _(
                    "As this left money unspent, each share was raised euro by euro as long as "
                    "the projects funded still fitted in the envelope: each voter's share was "
                    "finally %(share)s."
                )
                % {"share": euros(share)}
            )
        else:
            paragraphs.append(_("Each voter's share was %(share)s.") % {"share": euros(share)})
        if rule == CountingRule.MES:
            paragraphs.append(
                _(
                    "The money left at the end went to the most voted projects that still fitted "
                    "in the envelope (the completion)."
                )
            )
        comparison = equal_shares.get("comparison")
        if comparison:
            kept = (
                _("the most voted projects were kept")
                if comparison["decision"] == "kept_greedy"
                else _("Equal Shares was kept")
            )
            paragraphs.append(
                _(
                    "This outcome was compared with the most voted projects that fit in the "
                    "envelope: each voter prefers the outcome that funds more of what they chose, "
                    "in euros. %(equal_shares)d voters preferred Equal Shares and %(greedy)d the "
                    "most voted projects: %(kept)s."
                )
                % {
                    "equal_shares": comparison["voters_preferring_equal_shares"],
                    "greedy": comparison["voters_preferring_greedy"],
                    "kept": kept,
                }
            )
    if outcome.get("tie_breaking") == TieBreaking.COMMUNE:
        paragraphs.append(
            _(
                "Ties were settled by the cheaper project, then the more voted one, then a draw "
                "anyone can redo: projects in the order of the SHA-256 of “%(seed)s:number”, "
                "smallest first."
            )
            % {"seed": outcome.get("seed")}
        )
    elif outcome.get("tie_breaking"):
        paragraphs.append(_("Ties were settled by the project whose number comes first."))
    return paragraphs


def envelope_result(envelope, stored, projects, *, chart=True):
    """The :class:`EnvelopeResult` of ``envelope`` from its ``stored`` count (or None if
    not counted yet); ``projects``: those on its ballot, with their neighbourhoods."""
    outcome = stored.outcome if stored is not None else {}
    votes = {str(number): n for number, n in (stored.votes if stored is not None else {}).items()}
    ballots = stored.ballots if stored is not None else 0
    costs = {project.counting_id: project.cost for project in projects}
    reasons = explanations(outcome, votes, costs) if outcome else {}
    selected = list(outcome.get("selected", []))
    order = {number: position for position, number in enumerate(selected, start=1)}
    ranked = sorted(
        projects,
        key=lambda project: (-votes.get(project.counting_id, 0), project.title, project.pk),
    )
    ranking = []
    for rank, project in enumerate(ranked, start=1):
        number = project.counting_id
        ranking.append(
            ProjectResult(
                rank=rank,
                pk=project.pk,
                number=number,
                title=project.title,
                neighbourhood=str(project.neighbourhood or ""),
                cost=project.cost,
                votes=votes.get(number, 0),
                share=percent(votes.get(number, 0), ballots) or "0\u00a0%",
                funded=number in order,
                funding_order=order.get(number),
                explanation=reasons.get(number, ""),
            )
        )
    winners = sorted((row for row in ranking if row.funded), key=lambda row: row.funding_order)
    spent = sum(row.cost for row in winners)
    rule = stored.rule if stored is not None else envelope.page.counting_rule
    channel_labels = dict(Channel.choices)
    return EnvelopeResult(
        envelope_pk=envelope.pk,
        name=envelope.name,
        amount=envelope.amount,
        ballots=ballots,
        channels=[
            (str(channel_labels.get(channel, channel)), n)
            for channel, n in (stored.channels if stored is not None else {}).items()
        ],
        spent=spent,
        remaining=envelope.amount - spent,
        share_used=percent(spent, envelope.amount),
        winners=winners,
        ranking=ranking,
        rule=rule,
        rule_label=str(dict(CountingRule.choices).get(rule, rule)),
        method=method_paragraphs(outcome, rule, ballots, envelope.amount) if outcome else [],
        counted_at=stored.counted_at if stored is not None else None,
        problem=stored.problem if stored is not None else "",
        chart=votes_chart(ranking, ballots) if chart and ranking and ballots else None,
    )


def votes_chart(ranking, ballots):
    """The bar chart of the votes of each project, funded ones set apart (colour and
    wording)."""
    funded_label = _("funded")
    options = [
        (row.number, f"{row.title} – {funded_label}" if row.funded else row.title)
        for row in ranking
    ]
    counts = {(row.number, Channel.ONLINE): row.votes for row in ranking}
    tally = build_tally(options, counts, CHART_CHANNELS, ballots, share_of_participants=True)
    return bar_chart(tally, highlighted={row.number for row in ranking if row.funded})


def page_results(page, *, chart=True):
    """The :class:`EnvelopeResult` of every envelope of ``page``, in order."""
    envelopes = list(page.envelopes.select_related("count").order_by("sort_order", "pk"))
    projects = (
        page.ballot_projects()
        .filter(envelope__in=envelopes)
        .select_related("neighbourhood")
        .order_by("pk")
    )
    by_envelope = {}
    for project in projects:
        by_envelope.setdefault(project.envelope_id, []).append(project)
    results = []
    for envelope in envelopes:
        envelope.page = page
        # (A reverse one-to-one without a row raises an AttributeError: getattr says None.)
        stored = getattr(envelope, "count", None)
        results.append(
            envelope_result(envelope, stored, by_envelope.get(envelope.pk, []), chart=chart)
        )
    return results
