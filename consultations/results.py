"""Counting: results per question, turnout and breakdowns, computed by the database.

`compute_results()` reads the ballots with a few GROUP BY queries (their number does not
depend on the number of ballots), and returns plain JSON-ready data: the live results page,
the API, the CSV export and the frozen snapshot all use it. Groups of fewer than
`MIN_GROUP_SIZE` respondents are left out of breakdowns, so that nobody can be singled out.
"""

from collections import defaultdict

from django.db.models import Avg, Count, Max, Min, Q
from django.utils.translation import gettext as _

from cms.models import Territory

from .models import Answer, Ballot
from .survey import QuestionType

MIN_GROUP_SIZE = 10
DIMENSIONS = ("commune", "age_bracket", "gender")


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


def _group_labels(dimension, keys):
    if dimension == "commune":
        names = dict(Territory.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
        codes = dict(Territory.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "code"))
        return {k: (codes.get(k, str(k)), names.get(k, str(k))) for k in keys}
    from cms.models import User

    choices = dict(User._meta.get_field(dimension).flatchoices)  # age_bracket, gender: their labels
    return {k: (k, str(choices.get(k, k))) for k in keys}


def compute_results(consultation):
    """Aggregated results of a consultation (every language version counts together)."""
    box_id = consultation.ballot_box.pk
    survey = consultation.get_survey()
    answers = Answer.objects.filter(consultation_id=box_id)
    participants = Ballot.objects.filter(consultation_id=box_id).count()
    population = territory_population(consultation.effective_territory)

    respondents = dict(
        answers.values("question_id").annotate(n=Count("ballot_id", distinct=True)).values_list("question_id", "n")
    )
    counts = defaultdict(dict)
    for question_id, choice_id, n in (
        answers.exclude(choice_id="")
        .values("question_id", "choice_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "choice_id", "n")
    ):
        counts[question_id][choice_id] = n

    questions = []
    for question in survey:
        total = respondents.get(question.id, 0)
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
                    "count": counts[question.id].get(choice.id, 0),
                    "share": _share(counts[question.id].get(choice.id, 0), total),
                }
                for choice in question.choices
            ]
        if question.type == QuestionType.RANKING:
            data["ranking"] = _ranking(answers, question)
        if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
            data["stats"] = _stats(answers, question)
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

    _add_breakdowns(answers, survey, questions)
    return {
        "consultation": {"id": box_id, "title": consultation.title},
        "participants": participants,
        "population": population,
        "turnout": round(participants / population, 6) if population else None,
        "min_group_size": MIN_GROUP_SIZE,
        "questions": questions,
    }


def _ranking(answers, question):
    rows = {
        choice_id: (mean, first)
        for choice_id, mean, first in answers.filter(question_id=question.id)
        .values("choice_id")
        .annotate(mean=Avg("rank"), first=Count("id", filter=Q(rank=1)))
        .values_list("choice_id", "mean", "first")
    }
    ranking = [
        {
            "id": choice.id,
            "label": choice.label,
            "mean_rank": round(float(rows[choice.id][0]), 3) if choice.id in rows else None,
            "first_count": rows.get(choice.id, (None, 0))[1],
        }
        for choice in question.choices
    ]
    return sorted(ranking, key=lambda item: (item["mean_rank"] is None, item["mean_rank"] or 0))


def _stats(answers, question):
    values = answers.filter(question_id=question.id, number__isnull=False)
    aggregate = values.aggregate(count=Count("id"), mean=Avg("number"), low=Min("number"), high=Max("number"))
    count = aggregate["count"]
    if not count:
        return {"count": 0, "mean": None, "median": None, "min": None, "max": None}
    ordered = values.order_by("number").values_list("number", flat=True)
    if count % 2:
        median = ordered[count // 2]
    else:
        pair = list(ordered[count // 2 - 1 : count // 2 + 1])
        median = (pair[0] + pair[1]) / 2
    return {
        "count": count,
        "mean": round(float(aggregate["mean"]), 3),
        "median": float(median),
        "min": float(aggregate["low"]),
        "max": float(aggregate["high"]),
    }


def _add_breakdowns(answers, survey, questions):
    choice_questions = {q.id for q in survey if q.is_choice}
    if not choice_questions:
        return
    by_id = {q["id"]: q for q in questions}
    for dimension in DIMENSIONS:
        field = f"ballot__{dimension}"
        scoped = answers.filter(question_id__in=choice_questions)
        if dimension == "commune":
            scoped = scoped.exclude(ballot__commune__isnull=True)
        else:
            scoped = scoped.exclude(**{field: ""})
        group_sizes = {
            (question_id, key): n
            for question_id, key, n in scoped.values("question_id", field)
            .annotate(n=Count("ballot_id", distinct=True))
            .values_list("question_id", field, "n")
        }
        group_counts = defaultdict(dict)
        for question_id, key, choice_id, n in (
            scoped.values("question_id", field, "choice_id")
            .annotate(n=Count("id"))
            .values_list("question_id", field, "choice_id", "n")
        ):
            group_counts[(question_id, key)][choice_id] = n
        labels = _group_labels(dimension, {key for _question, key in group_sizes})
        for question_id in choice_questions:
            question = by_id[question_id]
            groups, hidden = [], 0
            for (qid, key), size in sorted(group_sizes.items(), key=lambda item: str(labels[item[0][1]][1])):
                if qid != question_id:
                    continue
                if size < MIN_GROUP_SIZE:
                    hidden += size
                    continue
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
                                "count": group_counts[(qid, key)].get(option["id"], 0),
                                "share": _share(group_counts[(qid, key)].get(option["id"], 0), size),
                            }
                            for option in question["options"]
                        ],
                    }
                )
            if groups or hidden:
                question["breakdowns"][dimension] = groups
                question.setdefault("hidden_in_breakdowns", {})[dimension] = hidden


DIMENSION_LABELS = {
    "commune": lambda: _("Commune"),
    "age_bracket": lambda: _("Tranche d'âge"),
    "gender": lambda: _("Genre"),
}


def approved_texts(consultation, question_id, limit=100):
    """Free-text answers a moderator published, identical ones grouped: [{"text", "count"}], most frequent first."""
    from django.db.models.functions import Lower

    rows = (
        Answer.objects.filter(
            consultation_id=consultation.ballot_box.pk,
            question_id=question_id,
            moderation=Answer.Moderation.APPROVED,
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
