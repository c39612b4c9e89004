"""The questions of a survey, as StreamField blocks an editor adds in the page editor.

Every question has a wording, a help text, a "required" box and an optional display condition
on a choice question above it. The StreamField child's id (``block.id``) is the question's
stable key, and each option's ListBlock item id is the option's: answers are stored under them,
so rewording a question or an option keeps its answers. A "section break" block starts a new
step of the survey.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

# The largest scale residents grade on (0–10 is the widest one in common use).
MAX_SCALE_POINTS = 11
MAX_GRADES = 10
DEFAULT_GRADES = (
    _("Excellent"),
    _("Very good"),
    _("Good"),
    _("Fairly good"),
    _("Passable"),
    _("Insufficient"),
    _("To reject"),
)


class ConditionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Show only if the question"),
        help_text=_(
            "The wording of a choice question placed above this one (single or multiple "
            "choice, yes/no, neighbourhood), as it is written there."
        ),
    )
    answer = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("has the answer"),
        help_text=_("One of its answers, as it is written there. Leave both empty to always ask."),
    )

    class Meta:
        label = _("Display condition")
        icon = "view"
        collapsed = True


def _question_head():
    return [
        ("label", blocks.CharBlock(max_length=255, label=_("Question"))),
        (
            "help_text",
            blocks.CharBlock(
                required=False,
                max_length=500,
                label=_("Help text"),
                help_text=_("Shown under the question: an example, what the answer is used for."),
            ),
        ),
    ]


def _question_tail():
    return [
        ("required", blocks.BooleanBlock(required=False, label=_("Answer required"))),
        ("condition", ConditionBlock()),
    ]


def _options_block(label, help_text="", min_num=2):
    return blocks.ListBlock(
        blocks.CharBlock(max_length=255, label=_("Wording")),
        label=label,
        help_text=help_text,
        min_num=min_num,
    )


def _distinct_labels_error(values):
    seen = set()
    for value in values:
        key = " ".join(str(value).split()).casefold()
        if key in seen:
            return ValidationError(
                _("“%(label)s” is written twice: each answer must be different.") % {"label": value}
            )
        seen.add(key)
    return None


class QuestionBlock(blocks.StructBlock):
    """Base of every question block: wording and help text first, then what the kind of
    question needs, then "required" and the display condition."""

    # The names of the ListBlock children whose items are the question's options, rows…
    listed_children = ()

    def __init__(self, local_blocks=None, **kwargs):
        children = [*_question_head(), *self.specific_children(), *_question_tail()]
        super().__init__(local_blocks=children, **kwargs)

    def specific_children(self):
        return []

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for name in self.listed_children:
            error = _distinct_labels_error(value[name])
            if error is not None:
                errors[name] = error
        errors.update(self.rule_errors(value))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def rule_errors(self, value):
        """Errors of this kind of question, as {child name: ValidationError}."""
        return {}


class ShortTextBlock(QuestionBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Short text")
        description = _("An answer on one line: a name, a street, a word.")


class LongTextBlock(QuestionBlock):
    class Meta:
        icon = "doc-full"
        label = _("Long text")
        description = _("A free answer of a few sentences: ideas, remarks.")


DISPLAY_RADIOS = "radios"
DISPLAY_LIST = "list"


class SingleChoiceBlock(QuestionBlock):
    listed_children = ("options",)

    def specific_children(self):
        return [
            ("options", _options_block(_("Answers"))),
            (
                "display",
                blocks.ChoiceBlock(
                    choices=[
                        (DISPLAY_RADIOS, _("Buttons, all visible")),
                        (DISPLAY_LIST, _("A drop-down list (for long lists)")),
                    ],
                    default=DISPLAY_RADIOS,
                    label=_("Shown as"),
                ),
            ),
            (
                "allow_other",
                blocks.BooleanBlock(
                    required=False,
                    label=_("Offer “Other, please specify”"),
                ),
            ),
        ]

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("One answer among several.")


class MultipleChoiceBlock(QuestionBlock):
    listed_children = ("options",)

    def specific_children(self):
        return [
            ("options", _options_block(_("Answers"))),
            (
                "min_choices",
                blocks.IntegerBlock(
                    required=False,
                    min_value=0,
                    label=_("Minimum number of answers"),
                    help_text=_("Empty: no minimum (one if the question is required)."),
                ),
            ),
            (
                "max_choices",
                blocks.IntegerBlock(
                    required=False,
                    min_value=1,
                    label=_("Maximum number of answers"),
                    help_text=_("Empty: no limit."),
                ),
            ),
            (
                "allow_other",
                blocks.BooleanBlock(required=False, label=_("Offer “Other, please specify”")),
            ),
        ]

    def rule_errors(self, value):
        errors = {}
        options = len(value["options"]) + (1 if value["allow_other"] else 0)
        minimum, maximum = value["min_choices"], value["max_choices"]
        if maximum is not None and minimum is not None and maximum < minimum:
            errors["max_choices"] = ValidationError(_("The maximum must be at least the minimum."))
        if minimum is not None and minimum > options:
            errors["min_choices"] = ValidationError(
                ngettext(
                    "There is only %(count)d answer to choose from.",
                    "There are only %(count)d answers to choose from.",
                    options,
                )
                % {"count": options}
            )
        return errors

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")
        description = _("Several answers among a list, with a minimum and a maximum.")


class YesNoBlock(QuestionBlock):
    class Meta:
        icon = "help"
        label = _("Yes / no")
        description = _("A question answered by yes or no.")


class ScaleBlock(QuestionBlock):
    def specific_children(self):
        return [
            (
                "minimum",
                blocks.IntegerBlock(default=1, min_value=0, max_value=1, label=_("From")),
            ),
            (
                "maximum",
                blocks.IntegerBlock(default=5, min_value=2, max_value=10, label=_("To")),
            ),
            (
                "min_label",
                blocks.CharBlock(
                    required=False,
                    max_length=60,
                    label=_("Wording of the lowest value"),
                    help_text=_("For example “Not at all satisfied”."),
                ),
            ),
            (
                "max_label",
                blocks.CharBlock(
                    required=False,
                    max_length=60,
                    label=_("Wording of the highest value"),
                    help_text=_("For example “Very satisfied”."),
                ),
            ),
        ]

    class Meta:
        icon = "order"
        label = _("Scale")
        description = _("A mark on a scale such as 1 to 5 or 0 to 10, with words at both ends.")


class RankingBlock(QuestionBlock):
    listed_children = ("items",)

    def specific_children(self):
        return [
            ("items", _options_block(_("Items to put in order"))),
            (
                "rank_count",
                blocks.IntegerBlock(
                    required=False,
                    min_value=1,
                    label=_("Number of items to rank"),
                    help_text=_("For example 3 for “your three priorities”. Empty: all of them."),
                ),
            ),
        ]

    def rule_errors(self, value):
        if value["rank_count"] and value["rank_count"] > len(value["items"]):
            return {
                "rank_count": ValidationError(
                    _("There are only %(count)d items to rank.") % {"count": len(value["items"])}
                )
            }
        return {}

    class Meta:
        icon = "list-ol"
        label = _("Ranking")
        description = _("Residents put items in their order of preference.")


class NumberBlock(QuestionBlock):
    def specific_children(self):
        return [
            ("minimum", blocks.DecimalBlock(required=False, label=_("Minimum"))),
            ("maximum", blocks.DecimalBlock(required=False, label=_("Maximum"))),
            (
                "unit",
                blocks.CharBlock(
                    required=False,
                    max_length=30,
                    label=_("Unit"),
                    help_text=_("Shown after the field, for example “km” or “€”."),
                ),
            ),
            (
                "decimals",
                blocks.BooleanBlock(required=False, label=_("Allow decimal numbers")),
            ),
        ]

    def rule_errors(self, value):
        if (
            value["minimum"] is not None
            and value["maximum"] is not None
            and value["maximum"] < value["minimum"]
        ):
            return {"maximum": ValidationError(_("The maximum must be at least the minimum."))}
        return {}

    class Meta:
        icon = "plus-inverse"
        label = _("Number")
        description = _("A number, such as a distance or an age, with bounds and a unit.")


class DateQuestionBlock(QuestionBlock):
    class Meta:
        icon = "date"
        label = _("Date")
        description = _("A date.")


class NeighbourhoodBlock(QuestionBlock):
    def specific_children(self):
        return [
            (
                "allow_outside",
                blocks.BooleanBlock(
                    required=False,
                    default=True,
                    label=_("Offer “I don't live in the commune”"),
                ),
            ),
        ]

    class Meta:
        icon = "site"
        label = _("Neighbourhood")
        description = _(
            "Residents choose their neighbourhood from the commune's list (menu "
            "Participation › Neighbourhoods)."
        )


class MatrixBlock(QuestionBlock):
    listed_children = ("rows", "columns")

    def specific_children(self):
        return [
            (
                "rows",
                _options_block(
                    _("Rows"),
                    _("What residents rate, one per row: “Cleanliness”, “Lighting”…"),
                    min_num=1,
                ),
            ),
            (
                "columns",
                _options_block(
                    _("Scale"),
                    _("The answers offered for every row, in order: “Satisfied”…"),
                ),
            ),
        ]

    class Meta:
        icon = "table"
        label = _("Table (several rows, one scale)")
        description = _("Several items rated on the same scale, one answer per row.")


class GradesBlock(blocks.ListBlock):
    """The grade scale of a majority judgment, "Excellent" … "To reject" by default, in the
    language of the editor adding the question."""

    def get_default(self):
        return self.normalize([str(grade) for grade in DEFAULT_GRADES])


class MajorityJudgmentBlock(QuestionBlock):
    listed_children = ("options", "grades")

    def specific_children(self):
        return [
            (
                "options",
                _options_block(
                    _("Options to grade"),
                    _("Each one gets a grade from every respondent."),
                ),
            ),
            (
                "grades",
                GradesBlock(
                    blocks.CharBlock(max_length=60, label=_("Grade")),
                    label=_("Grades, from the best to the worst"),
                    min_num=2,
                    max_num=MAX_GRADES,
                ),
            ),
        ]

    class Meta:
        icon = "pick"
        label = _("Majority judgment")
        description = _(
            "Each option is graded from “Excellent” to “To reject”; each gets its majority "
            "grade, and the best majority grade wins."
        )


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Title of the step"),
        help_text=_("For example “Your habits”. Residents see “Step 2 of 4” and this title."),
    )
    intro = blocks.TextBlock(required=False, label=_("Introduction of the step"))

    class Meta:
        icon = "arrow-right"
        label = _("New step")
        description = _(
            "Starts a new page of the survey. Residents go from one step to the next; nothing is "
            "recorded until they send the last one."
        )


QUESTION_BLOCKS = {
    "short_text": ShortTextBlock,
    "long_text": LongTextBlock,
    "single_choice": SingleChoiceBlock,
    "multiple_choice": MultipleChoiceBlock,
    "yes_no": YesNoBlock,
    "scale": ScaleBlock,
    "ranking": RankingBlock,
    "number": NumberBlock,
    "date": DateQuestionBlock,
    "neighbourhood": NeighbourhoodBlock,
    "matrix": MatrixBlock,
    "majority_judgment": MajorityJudgmentBlock,
}
SECTION = "section"


class SurveyBodyBlock(blocks.StreamBlock):
    """The questions of a survey, in order, with section breaks between its steps."""

    def __init__(self, local_blocks=None, **kwargs):
        children = [(name, block_class()) for name, block_class in QUESTION_BLOCKS.items()]
        children.append((SECTION, SectionBlock()))
        super().__init__(local_blocks=children, **kwargs)

    def clean(self, value, *args, **kwargs):
        # (Wagtail 7.0 passes ignore_required_constraints for drafts.)
        value = super().clean(value, *args, **kwargs)
        # Conditions name questions and answers above them by their wording: each must
        # designate exactly one, checked at every save, so that rewording a question or an
        # answer a condition refers to is noticed at once.
        from .questions import build_structure

        structure = build_structure(value, with_neighbourhoods=True)
        errors = {}
        for index, problem in structure.condition_problems.items():
            errors[index] = StructBlockValidationError(
                block_errors={"condition": StructBlockValidationError(block_errors=problem)}
            )
        if value and not structure.questions:
            raise StreamBlockValidationError(
                non_block_errors=[ValidationError(_("Add at least one question."))]
            )
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value

    class Meta:
        block_counts = {}
