"""Results: who may see them, and what they say, read from counters or from the snapshot, never from the ballots.

- While a consultation is open, results come from its live counters (`TallyCell`, kept by `consultations.release`):
  a couple of queries on a few hundred rows at most, whether it has a thousand ballots or a million. They count the
  released batches; the ballots waiting for their batch are announced, not counted. No breakdown is shown before
  closing.
- Once it is closed, the results are the snapshot frozen by the closing task (`consultations.closing`), with the
  breakdowns by commune, age bracket and gender computed there. A closed consultation whose snapshot is not ready yet
  says so; the request asks the task queue to close it, and never counts anything itself.

Breakdowns hide every group under `MIN_GROUP_SIZE` respondents, and more groups if needed so that what the hidden
ones answered cannot be worked out by subtracting the visible ones from the whole; a consultation with fewer
ballots than a batch (`CONSULTATIONS_BALLOT_BATCH`) publishes no breakdown at all.
"""

from django.db.models import Count, Min
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from cms.models import Territory, User

from .analysis import analyse
from .dispatch import request_closing
from .models import FreeText, ResultsSnapshot, TallyCell
from .questions import QuestionType
from .release import batch_size, pending_count
from .tally import DIMENSIONS, Tally

MIN_GROUP_SIZE = 10

DIMENSION_LABELS = {
    "commune": lambda: _("Commune"),
    "age_bracket": lambda: _("Tranche d'âge"),
    "gender": lambda: _("Genre"),
}


# -- who sees them ------------------------------------------------------------------------------------------------


def can_see_results(request, page):
    """Everyone once the results are public; the consultation's editors at any time."""
    if page.results_are_public():
        return True
    user = request.user
    return user.is_authenticated and page.permissions_for_user(user).can_edit()


def get_results(consultation):
    """(results, analysis, snapshot): the frozen snapshot once closed, the live counters while open.

    A closed consultation whose snapshot is not ready yet gives (None, None, None): the closing task is asked to
    run (it is idempotent) and the page says the count is under way."""
    box_id = consultation.ballot_box.pk
    snapshot = ResultsSnapshot.objects.filter(consultation_id=box_id).first()
    if snapshot is not None:
        results = snapshot.results
        if consultation.locale_id != consultation.ballot_box.locale_id:
            results = relabel(results, consultation)
        return translate_group_labels(results), snapshot.analysis, snapshot
    if consultation.is_closed:
        request_closing(box_id)
        return None, None, None
    results = live_results(consultation)
    return results, analyse(results), None


def live_results(consultation):
    """The results of the released ballots, from the counters: a fixed number of small queries."""
    survey = consultation.get_survey()
    rows = TallyCell.objects.filter(consultation_id=consultation.ballot_box.pk).values_list(
        "question_id", "key", "value"
    )
    tally = Tally.from_cells(survey, rows)
    return build_results(consultation, tally, pending=pending_count(consultation.ballot_box.pk), final=False)


# -- what they say ------------------------------------------------------------------------------------------------


def territory_population(territory):
    """The territory's population, or the sum of its communes' when it has none of its own."""
    if territory is None:
        return None
    if territory.population:
        return territory.population
    total = (
        Territory.objects.within(territory)
        .communes()
        .exclude(population__isnull=True)
        .values_list("population", flat=True)
    )
    total = sum(total)
    return total or None


def _share(count, total):
    return round(count / total, 4) if total else 0.0


def build_results(consultation, tally, pending=0, final=False):
    """The JSON-ready results of a Tally: per question counts and shares, rankings, statistics, turnout, and (final
    tallies only) breakdowns. The live page, the API, the CSV export and the snapshot all have this shape."""
    survey = tally.survey
    population = territory_population(consultation.effective_territory)
    participants = tally.participants
    voters = participants + pending
    questions = []
    for question in survey:
        total = tally.respondents.get(question.id, 0)
        counts = tally.choices[question.id]
        data = {
            "id": question.id,
            "number": question.number,
            "type": question.type,
            "label": question.label,
            "respondents": total,
            "options": [],
            "ranking": None,
            "stats": None,
            "scale": None,
            "breakdowns": {},
        }
        if question.is_choice:
            data["options"] = [
                {
                    "id": choice.id,
                    "label": choice.label,
                    "count": counts.get(choice.id, 0),
                    "share": _share(counts.get(choice.id, 0), total),
                }
                for choice in question.choices
            ]
        if question.type == QuestionType.RANKING:
            data["ranking"] = _ranking(tally, question)
        if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
            data["stats"] = tally.number_stats(question)
        if question.type == QuestionType.SCALE:
            data["scale"] = {
                "min": 1,
                "max": question.scale_max,
                "min_label": question.min_label,
                "max_label": question.max_label,
            }
        if question.is_text:
            data["texts_count"] = total
        questions.append(data)

    withheld = None
    if not final:
        withheld = "live"
    elif participants < batch_size():
        withheld = "too_few_ballots"
    else:
        _add_breakdowns(tally, questions)
    return {
        "consultation": {"id": consultation.ballot_box.pk, "title": consultation.title},
        "participants": participants,  # the ballots counted here
        "pending": pending,  # and those waiting for their batch
        "voters": voters,
        "batch": batch_size(),
        "population": population,
        "turnout": round(voters / population, 6) if population else None,
        "min_group_size": MIN_GROUP_SIZE,
        "breakdowns_withheld": withheld,
        "questions": questions,
    }


def _ranking(tally, question):
    counts, sums, firsts = tally.choices[question.id], tally.rank_sums[question.id], tally.firsts[question.id]
    ranking = [
        {
            "id": choice.id,
            "label": choice.label,
            "mean_rank": round(sums[choice.id] / counts[choice.id], 3) if counts.get(choice.id) else None,
            "first_count": firsts.get(choice.id, 0),
        }
        for choice in question.choices
    ]
    return sorted(ranking, key=lambda item: (item["mean_rank"] is None, item["mean_rank"] or 0))


def publishable_groups(sizes, respondents, minimum=MIN_GROUP_SIZE):
    """The groups of a breakdown that can be shown: {group: size} -> set of groups.

    Groups under `minimum` are hidden. So is the smallest visible group, again and again, while the respondents
    outside the visible groups (hidden groups, and those who gave no such information) are fewer than `minimum` but
    not none: their answers would be the overall counts minus the visible groups' counts."""
    visible = {group: size for group, size in sizes.items() if size >= minimum}
    while visible:
        remainder = respondents - sum(visible.values())
        if remainder == 0 or remainder >= minimum:
            break
        del visible[min(visible, key=lambda group: (visible[group], str(group)))]
    return set(visible)


def _profile_choices(dimension):
    """{key: lazy label} of a profile field (age_bracket, gender): the labels follow the active language."""
    return dict(User._meta.get_field(dimension).flatchoices)


def translate_group_labels(results):
    """The results with the age brackets and genders of their breakdowns in the active language.

    The snapshot keeps the labels of the language it was counted in (« 50 à 64 ans »); their keys are the profile's
    choices, whose labels are translated (communes keep their names)."""
    choices = {dimension: _profile_choices(dimension) for dimension in DIMENSIONS if dimension != "commune"}
    for question in results.get("questions") or []:
        for dimension, groups in (question.get("breakdowns") or {}).items():
            if dimension not in choices:
                continue
            for group in groups:
                label = choices[dimension].get(group.get("key"))
                if label is not None:
                    group["label"] = str(label)
    return results


def _group_labels(dimension, keys):
    if dimension == "commune":
        found = {
            str(pk): (code, name)
            for pk, code, name in Territory.objects.filter(pk__in=[k for k in keys if k.isdigit()]).values_list(
                "pk", "code", "name"
            )
        }
        return {k: found.get(k, (k, k)) for k in keys}
    choices = _profile_choices(dimension)  # age_bracket, gender: their labels
    return {k: (k, str(choices.get(k, k))) for k in keys}


def shown_groups(sizes_by_question, respondents_by_question, minimum=MIN_GROUP_SIZE):
    """The groups of one dimension shown for every question alike: a group hidden for one question is hidden for all.

    Chosen question by question, a group hidden in one question but shown in another (a question asked only after
    a given answer) gives away, by subtraction, what the hidden group answered to the first."""
    shown = {key for sizes in sizes_by_question.values() for key in sizes}
    while True:
        before = set(shown)
        for question_id, sizes in sizes_by_question.items():
            candidates = {key: size for key, size in sizes.items() if key in shown}
            shown -= set(candidates) - publishable_groups(candidates, respondents_by_question[question_id], minimum)
        if shown == before:
            return shown


def _add_breakdowns(tally, questions):
    by_id = {q["id"]: q for q in questions}
    for dimension in DIMENSIONS:
        keys = {key for (dim, key, _question) in tally.group_sizes if dim == dimension}
        labels = _group_labels(dimension, keys)
        sizes_by_question = {}
        for question in tally.survey:
            sizes = {
                key: size
                for (dim, key, question_id), size in tally.group_sizes.items()
                if dim == dimension and question_id == question.id
            }
            if question.is_choice and sizes:
                sizes_by_question[question.id] = sizes
        respondents = {question_id: by_id[question_id]["respondents"] for question_id in sizes_by_question}
        shown_everywhere = shown_groups(sizes_by_question, respondents)
        for question_id, sizes in sizes_by_question.items():
            question = tally.survey.by_id[question_id]
            data = by_id[question_id]
            shown = shown_everywhere & set(sizes)
            groups = []
            for key in sorted(shown, key=lambda key: str(labels[key][1])):
                size = sizes[key]
                counts = tally.group_choices[(dimension, key, question.id)]
                code, label = labels[key]
                groups.append(
                    {
                        "key": str(code),
                        "label": label,
                        "respondents": size,
                        "options": [
                            {
                                "id": option["id"],
                                "label": option["label"],
                                "count": counts.get(option["id"], 0),
                                "share": _share(counts.get(option["id"], 0), size),
                            }
                            for option in data["options"]
                        ],
                    }
                )
            data["breakdowns"][dimension] = groups
            data.setdefault("hidden_in_breakdowns", {})[dimension] = sum(
                size for key, size in sizes.items() if key not in shown
            )


def relabel(results, consultation):
    """The frozen results with the question and choice labels of this language version."""
    survey = consultation.get_survey()
    for question in results["questions"]:
        current = survey.by_id.get(question["id"])
        if current is None:
            continue
        question["label"] = current.label
        for option in question["options"]:
            option["label"] = current.choice_label(option["id"])
        for item in question.get("ranking") or []:
            item["label"] = current.choice_label(item["id"])
        for groups in question["breakdowns"].values():
            for group in groups:
                for option in group["options"]:
                    option["label"] = current.choice_label(option["id"])
    return results


def approved_texts(consultation, question_id, limit=100):
    """Free-text answers a moderator published, identical ones grouped: [{"text", "count"}], most frequent first."""
    rows = (
        FreeText.objects.filter(
            consultation_id=consultation.ballot_box.pk,
            question_id=question_id,
            moderation=FreeText.Moderation.APPROVED,
        )
        .annotate(key=Lower("text"))
        .values("key")
        .annotate(count=Count("id"), text=Min("text"))
        .order_by("-count", "key")[:limit]
    )
    return [{"text": row["text"], "count": row["count"]} for row in rows]


def csv_rows(results):
    """Rows of the open-data CSV export: one per question, option and group."""
    yield ["question_numero", "question", "type", "dimension", "groupe", "repondants", "choix", "nombre", "part"]
    for question in results["questions"]:
        base = [question["number"], question["label"], question["type"]]
        if question["options"]:
            for option in question["options"]:
                yield [
                    *base,
                    "ensemble",
                    "",
                    question["respondents"],
                    option["label"],
                    option["count"],
                    option["share"],
                ]
            for dimension, groups in question["breakdowns"].items():
                for group in groups:
                    for option in group["options"]:
                        yield [
                            *base,
                            dimension,
                            group["label"],
                            group["respondents"],
                            option["label"],
                            option["count"],
                            option["share"],
                        ]
        elif question["stats"]:
            stats = question["stats"]
            for name in ("count", "mean", "median", "min", "max"):
                yield [*base, "ensemble", "", question["respondents"], name, stats[name], ""]
        else:
            yield [*base, "ensemble", "", question["respondents"], "", "", ""]
