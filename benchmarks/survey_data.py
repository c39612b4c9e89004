"""The survey both survey benchmarks measure: twenty questions of every kind, and responses
drawn from a seeded generator, stored as the app stores them (one SurveyAnswer row per answer
or chosen option) and, for survey_results, also as ``wagtail.contrib.forms`` FormSubmission
JSON, the form builder's way.

Rows are written with ``executemany`` in batches (the ORM's bulk_create would take minutes for
millions of rows); the benchmarks measure reading them, not writing them.
"""

import datetime
import json
import random
import time
from decimal import Decimal

from wagtail_participation.surveys.stream import options as items
from wagtail_participation.surveys.stream import question

SEED = "wagtail-participation survey benchmark"
BATCH = 5000
NEIGHBOURHOODS = ["Centre-bourg", "Gare", "Bords de Loire", "Les Vignes", "Le Moulin", "Hameau"]


def blocks():
    """Twenty questions, three steps."""
    return [
        question(
            "single_choice", "q01", "Fréquence", options=items("q01", "A", "B", "C", "D", "E")
        ),
        question(
            "single_choice",
            "q02",
            "Commerce préféré",
            options=items("q02", *"FGHIJKLM"),
            display="list",
        ),
        question(
            "multiple_choice",
            "q03",
            "Ce qui manque",
            options=items("q03", "Bancs", "Ombre", "Toilettes", "Cafés", "Fleurs", "Jeux"),
            max_choices=3,
            allow_other=True,
        ),
        question("multiple_choice", "q04", "Courses", options=items("q04", "W", "X", "Y", "Z")),
        question("yes_no", "q05", "Marché ?"),
        question("yes_no", "q06", "Vélo ?"),
        {"type": "section", "value": {"title": "Étape 2", "intro": ""}, "id": "s2"},
        question("scale", "q07", "Propreté", minimum=1, maximum=5),
        question("scale", "q08", "Recommandation", minimum=0, maximum=10),
        question("scale", "q09", "Sécurité", minimum=1, maximum=5),
        question("number", "q10", "Dépense", minimum="0", maximum="500", decimals=True),
        question("number", "q11", "Minutes", minimum="0", maximum="120"),
        question("ranking", "q12", "Projets", items=items("q12", "P1", "P2", "P3", "P4", "P5")),
        question(
            "ranking",
            "q13",
            "Top 3",
            items=items("q13", "T1", "T2", "T3", "T4", "T5", "T6"),
            rank_count=3,
        ),
        {"type": "section", "value": {"title": "Étape 3", "intro": ""}, "id": "s3"},
        question(
            "majority_judgment",
            "q14",
            "Jugement",
            options=items("q14", "Halle", "Rue", "Marché"),
            grades=[
                "Excellent",
                "Très bien",
                "Bien",
                "Assez bien",
                "Passable",
                "Insuffisant",
                "À rejeter",
            ],
        ),
        question(
            "matrix",
            "q15",
            "Avis",
            rows=items("q15r", "R1", "R2", "R3", "R4"),
            columns=items("q15c", "++", "+", "-", "--"),
        ),
        question("neighbourhood", "q16", "Quartier", allow_outside=True),
        question("date", "q17", "Dernière visite"),
        question("short_text", "q18", "Rue"),
        question("long_text", "q19", "Idées"),
        question("single_choice", "q20", "Âge", options=items("q20", "Jeune", "Adulte", "Aîné")),
    ]


IDEAS = [
    "Plus de bancs à l'ombre sur la place.",
    "Une halle couverte pour le marché du samedi.",
    "Des arceaux à vélos devant la boulangerie.",
    "Ouvrir les commerces plus tard le vendredi.",
    "Un marché nocturne en été.",
]


def generate(rng, neighbourhood_ids):
    """One response's answers: {question key: value} as the form builder's JSON would hold
    them (option keys, numbers, ISO dates, text; lists for several answers; dicts for items
    ranked or graded and table rows)."""
    answers = {}
    if rng.random() < 0.97:
        answers["q01"] = rng.choices(
            ["q01-1", "q01-2", "q01-3", "q01-4", "q01-5"], [5, 4, 3, 2, 1]
        )[0]
    if rng.random() < 0.9:
        answers["q02"] = f"q02-{rng.randint(1, 8)}"
    if rng.random() < 0.95:
        chosen = rng.sample([f"q03-{n}" for n in range(1, 7)], rng.randint(1, 3))
        if rng.random() < 0.05:
            chosen = chosen[:2] + ["other"]
            answers["q03-other"] = rng.choice(["Un cinéma", "Une librairie"])
        answers["q03"] = chosen
    if rng.random() < 0.85:
        answers["q04"] = rng.sample(["q04-1", "q04-2", "q04-3", "q04-4"], rng.randint(1, 4))
    for key in ("q05", "q06"):
        if rng.random() < 0.9:
            answers[key] = rng.choice(["yes", "no"])
    if rng.random() < 0.95:
        answers["q07"] = rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 5, 3])[0]
    if rng.random() < 0.9:
        answers["q08"] = min(10, max(0, round(rng.gauss(6.5, 2.2))))
    if rng.random() < 0.9:
        answers["q09"] = rng.randint(1, 5)
    if rng.random() < 0.8:
        answers["q10"] = str(
            Decimal(round(min(500, rng.lognormvariate(3.5, 0.8)), 2)).quantize(Decimal("0.01"))
        )
    if rng.random() < 0.8:
        answers["q11"] = rng.randint(0, 120)
    if rng.random() < 0.9:
        order = rng.sample([f"q12-{n}" for n in range(1, 6)], 5)
        answers["q12"] = {key: rank for rank, key in enumerate(order, start=1)}
    if rng.random() < 0.85:
        order = rng.sample([f"q13-{n}" for n in range(1, 7)], 3)
        answers["q13"] = {key: rank for rank, key in enumerate(order, start=1)}
    if rng.random() < 0.88:
        answers["q14"] = {
            key: min(6, max(0, round(rng.gauss(centre, 1.5))))
            for key, centre in (("q14-1", 2), ("q14-2", 3.5), ("q14-3", 2.5))
        }
    if rng.random() < 0.92:
        answers["q15"] = {
            f"q15r-{row}": f"q15c-{rng.randint(1, 4)}" for row in range(1, 5) if rng.random() < 0.95
        } or {"q15r-1": "q15c-1"}
    if rng.random() < 0.95:
        answers["q16"] = rng.choice([*neighbourhood_ids, "outside"])
    if rng.random() < 0.7:
        answers["q17"] = (
            datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 330))
        ).isoformat()
    if rng.random() < 0.5:
        answers["q18"] = f"Rue {rng.randint(1, 80)}"
    if rng.random() < 0.35:
        answers["q19"] = rng.choice(IDEAS)
    if rng.random() < 0.9:
        answers["q20"] = rng.choice(["q20-1", "q20-2", "q20-3"])
    return answers


def answer_rows(answers, structure, labels):
    """(question_key, question_label, option_key, option_label, row_key, number, rank, grade,
    date, text) of each SurveyAnswer row the app stores for ``answers``."""
    rows = []
    for key, value in answers.items():
        if key.endswith("-other"):
            continue
        asked = structure.question(key)
        label = asked.label
        kind = asked.kind
        if kind in ("single_choice", "yes_no", "neighbourhood", "multiple_choice"):
            for option in value if isinstance(value, list) else [value]:
                text = answers.get(f"{key}-other", "") if option == "other" else ""
                rows.append(
                    (
                        key,
                        label,
                        option,
                        labels[key].get(option, ""),
                        "",
                        None,
                        None,
                        None,
                        None,
                        text,
                    )
                )
        elif kind in ("scale", "number"):
            rows.append((key, label, "", "", "", str(value), None, None, None, ""))
        elif kind == "date":
            rows.append((key, label, "", "", "", None, None, None, value, ""))
        elif kind in ("short_text", "long_text"):
            rows.append((key, label, "", "", "", None, None, None, None, value))
        elif kind == "ranking":
            for option, rank in value.items():
                rows.append(
                    (key, label, option, labels[key][option], "", None, rank, None, None, "")
                )
        elif kind == "majority_judgment":
            for option, grade in value.items():
                rows.append(
                    (key, label, option, labels[key][option], "", None, None, grade, None, "")
                )
        elif kind == "matrix":
            for row, column in value.items():
                rows.append(
                    (key, label, column, labels[key][column], row, None, None, None, None, "")
                )
    return rows


def option_labels(structure):
    labels = {}
    for asked in structure.questions:
        known = {}
        for choice in (*asked.offered_options(), *asked.columns):
            known[choice.key] = str(choice.label)
        labels[asked.key] = known
    return labels


def create_survey(title, slug):
    """A live survey page under the tree's root, with the commune's neighbourhoods."""
    from wagtail.models import Page

    from wagtail_participation.models import Neighbourhood, SurveyPage

    for order, name in enumerate(NEIGHBOURHOODS):
        Neighbourhood.objects.get_or_create(name=f"Bench {name}", defaults={"sort_order": order})
    root = Page.get_first_root_node()
    survey = SurveyPage(
        title=title, slug=slug, body=json.dumps(blocks()), results_visibility="always"
    )
    root.add_child(instance=survey)
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def insert_responses(survey, count, *, form_page=None, log=print):
    """Insert ``count`` generated responses to ``survey`` (and as FormSubmission JSON on
    ``form_page``, if given)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.contrib.forms.models import FormSubmission

    from wagtail_participation.models import Neighbourhood, SurveyAnswer, SurveyResponse

    structure = survey.structure
    labels = option_labels(structure)
    neighbourhood_ids = [
        str(pk)
        for pk in Neighbourhood.objects.filter(name__startswith="Bench ").values_list(
            "pk", flat=True
        )
    ]
    rng = random.Random(f"{SEED}:{survey.slug}")
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    response_table = SurveyResponse._meta.db_table
    answer_table = SurveyAnswer._meta.db_table
    submission_table = FormSubmission._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {response_table}")
        next_id = cursor.fetchone()[0] + 1
    started = time.perf_counter()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        responses, answers_rows, submissions = [], [], []
        for offset in range(size):
            response_id = next_id + done + offset
            answers = generate(rng, neighbourhood_ids)
            responses.append(
                (
                    response_id,
                    survey.pk,
                    "online",
                    f"bench:{survey.pk}:{response_id}",
                    f"B{response_id}",
                    "",
                    "",
                    stamp,
                )
            )
            for row in answer_rows(answers, structure, labels):
                answers_rows.append((response_id, survey.pk, "online", *row, False))
            if form_page is not None:
                submissions.append((json.dumps(answers), form_page.pk, stamp))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {response_table} (id, target_id, channel, participant_key, receipt, "
                f"note, paper_reference, submitted_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                responses,
            )
            cursor.executemany(
                f"INSERT INTO {answer_table} (response_id, survey_id, channel, question_key, "
                f"question_label, option_key, option_label, row_key, number, rank, grade, date, "
                f"text, hidden) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                answers_rows,
            )
            if submissions:
                cursor.executemany(
                    f"INSERT INTO {submission_table} (form_data, page_id, submit_time) "
                    f"VALUES (%s, %s, %s)",
                    submissions,
                )
        done += size
        if done % 50_000 == 0 or done == count:
            log(f"  {done:>7,} responses inserted ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (response_table, answer_table, submission_table):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def remove(survey, form_page=None):
    """Only for a database the caller gave us: leave it as it was (apart from migrations)."""
    from django.db import connection, transaction
    from wagtail.contrib.forms.models import FormSubmission

    from wagtail_participation.models import SurveyAnswer, SurveyResponse

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SurveyAnswer._meta.db_table} WHERE survey_id = %s", [survey.pk]
        )
        cursor.execute(
            f"DELETE FROM {SurveyResponse._meta.db_table} WHERE target_id = %s", [survey.pk]
        )
        if form_page is not None:
            cursor.execute(
                f"DELETE FROM {FormSubmission._meta.db_table} WHERE page_id = %s", [form_page.pk]
            )
    survey.delete()
    if form_page is not None:
        form_page.delete()
