"""A survey's questions written in code, in the StreamField's stored JSON form: for a site
that creates surveys from a script (and for the demo, the tests and the benchmarks)::

    import json

    from wagtail_participation.models import SurveyPage
    from wagtail_participation.surveys.stream import options, question, section

    body = [
        section("habits", "Vos habitudes"),
        question(
            "single_choice",
            "transport",
            "Comment venez-vous au centre-ville ?",
            options=options("transport", "En voiture", "À vélo", "À pied"),
            required=True,
        ),
        question(
            "scale",
            "parking",
            "Est-il facile de vous garer ?",
            condition=("Comment venez-vous au centre-ville ?", "En voiture"),
        ),
    ]
    home.add_child(instance=SurveyPage(title="…", slug="…", body=json.dumps(body)))

``key`` is the block id of a question (answers are stored under it) and the prefix of its
options' ids: give each question of a survey its own.
"""


def options(key, *labels):
    """A list of options (answers, items, rows…) with stable ids ``{key}-1``, ``{key}-2``…"""
    return [
        {"type": "item", "value": label, "id": f"{key}-{index}"}
        for index, label in enumerate(labels, start=1)
    ]


def question(kind, key, label, *, required=False, help_text="", condition=None, **value):
    """A question block: ``kind`` is a block name of ``surveys.blocks.QUESTION_BLOCKS``;
    ``condition`` is (wording of an earlier choice question, wording of one of its answers);
    ``value`` holds what the kind needs (``options``, ``minimum``…)."""
    value = {"label": label, "help_text": help_text, "required": required, **value}
    if condition is not None:
        value["condition"] = {"question": condition[0], "answer": condition[1]}
    return {"type": kind, "value": value, "id": key}


def section(key, title="", intro=""):
    """A section break: what follows is a new step, titled ``title``."""
    return {"type": "section", "value": {"title": title, "intro": intro}, "id": key}
