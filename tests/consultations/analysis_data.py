"""Results as `consultations.results` shapes them, built by hand for the analysis tests (no database)."""

NBSP = "\u00a0"
YES_NO_LABELS = {"yes": "Oui", "no": "Non", "abstain": "Je ne me prononce pas"}


def group(key, label, counts):
    """A breakdown group; its respondents are the sum of its counts (exclusive options)."""
    return {
        "key": key,
        "label": label,
        "respondents": sum(counts.values()),
        "options": [{"id": option_id, "count": count} for option_id, count in counts.items()],
    }


def choice_question(counts, *, qid="q1", qtype="yes_no", label="Êtes-vous favorable au projet ?", **extra):
    respondents = extra.pop("respondents", sum(counts.values()))
    labels = extra.pop("labels", YES_NO_LABELS)
    return {
        "id": qid,
        "type": qtype,
        "label": label,
        "respondents": respondents,
        "options": [
            {
                "id": option_id,
                "label": labels.get(option_id, option_id),
                "count": count,
                "share": count / respondents if respondents else 0.0,
            }
            for option_id, count in counts.items()
        ],
        "ranking": None,
        "stats": None,
        "scale": None,
        "breakdowns": extra.pop("breakdowns", {}),
        **extra,
    }


def make_results(questions, participants=812, population=14230):
    return {
        "participants": participants,
        "population": population,
        "turnout": participants / population if population else None,
        "questions": questions,
    }


def codes(analysis, question_id=None):
    return [r["code"] for r in analysis["recommendations"] if question_id is None or r["question_id"] == question_id]
