"""The findings of `analyse()` as sentences, in the active language (gettext), built when they are shown.

`describe_representativeness()`, `describe_question()`, `describe_group_difference()` and
`render_recommendations()` round what the findings keep unrounded: shares as percentages (« 63 % »), margins and
differences in points (« ± 3,4 points »), numbers with the language's separators. Labels come from the findings, or
from the results given alongside (e.g. relabelled for another language version of the consultation).
"""

from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.questions import QuestionType

from .findings import TEXT_TYPES


def _english():
    return (translation.get_language() or "").startswith("en")


def _number(value, decimals=1):
    """3.42 -> « 3,4 » in French, "3.4" in English; 4.0 -> "4"; 14230 -> « 14 230 »."""
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        decimals = 0
    return formats.number_format(Decimal(f"{rounded:.{decimals}f}"), decimals, use_l10n=True, force_grouping=True)


def _percent(share, decimals=0):
    """0.633 -> « 63 % » (French) or "63%"; small shares get up to two decimals (« 0,4 % »)."""
    value = share * 100
    while decimals < 2 and value > 0 and round(value, decimals) == 0:
        decimals += 1
    text = _number(value, decimals)
    return f"{text}%" if _english() else f"{text}\u00a0%"


def _points(fraction):
    """0.034 -> « 3,4 points »."""
    value = round(abs(fraction) * 100, 1)
    plural_count = int(value) if value == int(value) else 2
    return ngettext("%(value)s point", "%(value)s points", plural_count) % {"value": _number(value, 1)}


def _quote(label):
    return f"“{label}”" if _english() else f"«\u00a0{label}\u00a0»"


def _dimension_noun(dimension):
    nouns = {"commune": _("commune"), "age_bracket": _("tranche d'âge"), "gender": _("genre")}
    return nouns.get(dimension, str(dimension))


class _Labels:
    """Labels of a question, from the (relabelled) results when given, else from the analysis."""

    def __init__(self, results_question=None):
        self.question_label = None
        self.options = {}
        self.groups = {}
        if results_question:
            self.question_label = results_question.get("label")
            for item in (results_question.get("options") or []) + (results_question.get("ranking") or []):
                if item.get("label"):
                    self.options[item.get("id")] = item["label"]
            for dimension, groups in (results_question.get("breakdowns") or {}).items():
                for group in groups or []:
                    if group.get("label"):
                        self.groups[(dimension, str(group.get("key")))] = group["label"]

    def question(self, default):
        return self.question_label or default

    def option(self, option_id, default):
        return self.options.get(option_id) or default

    def group(self, dimension, key, default):
        return self.groups.get((dimension, str(key))) or default


def describe_representativeness(representativeness, for_citizens=False):
    """One sentence about the number of participants and the margin of error.

    For editors, a low participation comes with advice on how to present the results; `for_citizens` states the
    same fact without advice (the public results page)."""
    level = representativeness.get("level")
    participants = representativeness.get("participants") or 0
    if level is None:
        return _("Aucune participation pour l'instant : il n'y a rien à analyser.")
    values = {
        "count": _number(participants, 0),
        "margin": _points(representativeness["margin_of_error"]),
        "turnout": _percent(representativeness["turnout"], 1) if representativeness.get("turnout") else "",
    }
    if level == "low":
        if for_citizens:
            return _low_participation_for_citizens(participants, representativeness.get("turnout"))
        return _low_participation(participants, representativeness.get("turnout"))
    if level == "good":
        if values["turnout"]:
            text = ngettext(
                "%(count)s participant (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
                "une bonne précision.",
                "%(count)s participants (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
                "une bonne précision.",
                participants,
            )
        else:
            text = ngettext(
                "%(count)s participant : marge d'erreur de ± %(margin)s, une bonne précision.",
                "%(count)s participants : marge d'erreur de ± %(margin)s, une bonne précision.",
                participants,
            )
    elif values["turnout"]:
        text = ngettext(
            "%(count)s participant (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
            "une précision correcte.",
            "%(count)s participants (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
            "une précision correcte.",
            participants,
        )
    else:
        text = ngettext(
            "%(count)s participant : marge d'erreur de ± %(margin)s, une précision correcte.",
            "%(count)s participants : marge d'erreur de ± %(margin)s, une précision correcte.",
            participants,
        )
    return text % values


def _low_participation_for_citizens(participants, turnout):
    values = {"count": _number(participants, 0), "turnout": _percent(turnout, 1) if turnout else ""}
    if turnout:
        text = ngettext(
            "%(count)s participant (%(turnout)s de la population) : c'est trop peu pour être représentatif. Ces "
            "résultats donnent l'avis des participants, pas forcément celui de toute la population.",
            "%(count)s participants (%(turnout)s de la population) : c'est trop peu pour être représentatif. Ces "
            "résultats donnent l'avis des participants, pas forcément celui de toute la population.",
            participants,
        )
    else:
        text = ngettext(
            "%(count)s participant : c'est trop peu pour être représentatif. Ces résultats donnent l'avis des "
            "participants, pas forcément celui de toute la population.",
            "%(count)s participants : c'est trop peu pour être représentatif. Ces résultats donnent l'avis des "
            "participants, pas forcément celui de toute la population.",
            participants,
        )
    return text % values


def _low_participation(participants, turnout):
    values = {"count": _number(participants, 0), "turnout": _percent(turnout, 1) if turnout else ""}
    if turnout:
        text = ngettext(
            "La participation (%(count)s participant, soit %(turnout)s de la population) est trop faible pour "
            "être représentative : présentez ces résultats comme un avis des participants, pas de la population.",
            "La participation (%(count)s participants, soit %(turnout)s de la population) est trop faible pour "
            "être représentative : présentez ces résultats comme un avis des participants, pas de la population.",
            participants,
        )
    else:
        text = ngettext(
            "La participation (%(count)s participant) est trop faible pour être représentative : présentez ces "
            "résultats comme un avis des participants, pas de la population.",
            "La participation (%(count)s participants) est trop faible pour être représentative : présentez ces "
            "résultats comme un avis des participants, pas de la population.",
            participants,
        )
    return text % values


def describe_question(question, results_question=None):
    """One or two sentences about a question of `analyse()`'s output, in the active language.

    `results_question`, when given, supplies the labels (e.g. the results relabelled for another
    language version of the consultation); the labels stored in the analysis are used otherwise.
    """
    labels = _Labels(results_question)
    verdict = question.get("verdict")
    qtype = question.get("type")
    leader, runner_up = question.get("leader"), question.get("runner_up")
    if qtype in TEXT_TYPES:
        count = question.get("respondents") or 0
        if not count:
            return _("Aucune réponse à cette question.")
        return ngettext(
            "%(count)s réponse libre, non analysée automatiquement.",
            "%(count)s réponses libres, non analysées automatiquement.",
            count,
        ) % {"count": _number(count, 0)}
    if verdict == "no_answers":
        return _("Aucune réponse à cette question.")
    if verdict == "statistics":
        return _describe_statistics(question)
    if verdict not in ("clear_majority", "majority", "too_close") or leader is None:
        return ""
    values = {
        "option": _quote(labels.option(leader["id"], leader["label"])),
        "share": _percent(leader["share"]),
        "margin": _points(leader["margin_of_error"]),
        "rank": _number(leader.get("mean_rank") or 0, 1),
    }
    if runner_up is not None:
        values.update(
            runner_up=_quote(labels.option(runner_up["id"], runner_up["label"])),
            runner_up_share=_percent(runner_up["share"]),
            runner_up_rank=_number(runner_up.get("mean_rank") or 0, 1),
            gap=_points(leader["share"] - runner_up["share"]),
        )
    gap = question.get("gap") or {}
    if gap.get("margin_of_error") is not None:
        values["gap_margin"] = _points(gap["margin_of_error"])
    ranking = qtype == QuestionType.RANKING
    multiple = qtype == QuestionType.MULTIPLE_CHOICE
    if verdict == "clear_majority":
        if ranking:
            text = _(
                "%(option)s arrive en tête du classement (rang moyen %(rank)s) et %(share)s des répondants le "
                "placent en premier (± %(margin)s) : une majorité nette."
            )
        elif multiple:
            text = _(
                "%(share)s des répondants cochent %(option)s (± %(margin)s) : plus de la moitié d'entre eux, "
                "au-delà de la marge d'erreur (plusieurs réponses possibles)."
            )
        else:
            text = _("%(share)s des répondants choisissent %(option)s (± %(margin)s) : une majorité nette.")
    elif verdict == "majority":
        if ranking and runner_up is not None:
            text = _(
                "%(option)s arrive en tête du classement (rang moyen %(rank)s, contre %(runner_up_rank)s pour "
                "%(runner_up)s) ; %(share)s des répondants le placent en premier."
            )
        elif runner_up is None:
            text = _("%(share)s des répondants choisissent %(option)s (± %(margin)s).")
        elif multiple:
            text = _(
                "%(option)s est la réponse la plus cochée : %(share)s des répondants (± %(margin)s), contre "
                "%(runner_up_share)s pour %(runner_up)s, un écart au-delà de la marge d'erreur (plusieurs réponses "
                "possibles)."
            )
        elif leader["share"] > 0.5:
            # More than half of those who answered, but not beyond the margin of error: say both, plainly.
            text = _(
                "%(option)s arrive en tête avec %(share)s des répondants (± %(margin)s), devant %(runner_up)s "
                "(%(runner_up_share)s), un écart au-delà de la marge d'erreur. C'est plus de la moitié des "
                "répondants, mais la marge d'erreur ne permet pas d'affirmer que plus de la moitié de la population "
                "partage cet avis."
            )
        else:
            text = _(
                "%(option)s arrive en tête avec %(share)s des répondants (± %(margin)s), devant %(runner_up)s "
                "(%(runner_up_share)s), un écart au-delà de la marge d'erreur ; moins de la moitié des répondants "
                "l'ont choisi."
            )
    elif ranking:
        text = _(
            "Trop serré pour conclure : %(option)s a le meilleur rang moyen (%(rank)s, contre %(runner_up_rank)s "
            "pour %(runner_up)s), mais leurs parts de premières places (%(share)s et %(runner_up_share)s) sont "
            "trop proches pour les départager."
        )
    elif "gap_margin" in values:
        text = _(
            "Trop serré pour conclure : %(option)s (%(share)s) et %(runner_up)s (%(runner_up_share)s) sont "
            "séparés de %(gap)s, moins que la marge d'erreur de cet écart (± %(gap_margin)s)."
        )
    else:
        text = _(
            "Trop serré pour conclure : l'écart entre %(option)s et %(runner_up)s (%(gap)s) est dans la marge d'erreur."
        )
    return text % values


def _describe_statistics(question):
    stats = question.get("stats") or {}
    scale = question.get("scale") or {}
    values = {
        "mean": _number(stats["mean"], 1),
        "median": _number(stats["median"], 1) if stats.get("median") is not None else "—",
        "min": _number(stats["min"], 1) if stats.get("min") is not None else "—",
        "max": _number(stats["max"], 1) if stats.get("max") is not None else "—",
    }
    if question.get("type") == QuestionType.SCALE and scale:
        values.update(
            scale_min=_number(scale.get("min", 1), 0),
            scale_max=_number(scale.get("max", 5), 0),
            min_label=_quote(scale.get("min_label") or ""),
            max_label=_quote(scale.get("max_label") or ""),
        )
        if scale.get("min_label") and scale.get("max_label"):
            text = _(
                "Note moyenne %(mean)s et médiane %(median)s, sur une échelle de %(scale_min)s (%(min_label)s) "
                "à %(scale_max)s (%(max_label)s)."
            )
        else:
            text = _("Note moyenne %(mean)s et médiane %(median)s, sur une échelle de %(scale_min)s à %(scale_max)s.")
        return text % values
    return _("Moyenne %(mean)s et médiane %(median)s (réponses de %(min)s à %(max)s).") % values


def describe_group_difference(difference, results_question=None):
    """One sentence about a group compared with the other respondents (an item of `group_differences`)."""
    labels = _Labels(results_question)
    values = _group_values(difference, labels)
    if difference.get("significant"):
        text = _(
            "Les répondants %(group)s (%(dimension)s) se distinguent : %(group_share)s choisissent %(option)s, "
            "contre %(rest_share)s des autres répondants (différence significative)."
        )
    else:
        text = _(
            "Les répondants %(group)s (%(dimension)s) : %(group_share)s choisissent %(option)s, contre "
            "%(rest_share)s des autres répondants (différence non significative)."
        )
    return text % values


def _group_values(difference, labels):
    return {
        "group": _quote(
            labels.group(
                difference.get("dimension"),
                difference.get("group_key"),
                difference.get("group_label") or difference.get("group_key"),
            )
        ),
        "dimension": _dimension_noun(difference.get("dimension")),
        "group_share": _percent(difference["group_share"]),
        "rest_share": _percent(difference["rest_share"]),
        "option": _quote(labels.option(difference.get("option_id"), difference.get("option_label"))),
    }


def render_recommendations(analysis, results=None):
    """The recommendations of `analyse()`'s output as sentences, in the active language.

    `results`, when given, supplies the question and option labels (see `describe_question`).
    Unknown codes (from a later version) are skipped.
    """
    by_id = {question.get("id"): question for question in (results or {}).get("questions") or []}
    sentences = []
    for recommendation in analysis.get("recommendations") or []:
        code, params = recommendation.get("code"), recommendation.get("params") or {}
        labels = _Labels(by_id.get(recommendation.get("question_id")))
        question = _quote(labels.question(params.get("question_label", "")))
        if code == "no_participants":
            sentences.append(_("Aucune participation pour l'instant : il n'y a rien à analyser."))
        elif code == "low_participation":
            sentences.append(_low_participation(params.get("participants") or 0, params.get("turnout")))
        elif code == "clear_majority":
            text = _(
                "À la question %(question)s, %(option)s l'emporte nettement (%(share)s des répondants, "
                "± %(margin)s) : vous pouvez l'annoncer comme l'avis majoritaire des participants."
            )
            values = {
                "question": question,
                "option": _quote(labels.option(params.get("option_id"), params.get("option_label"))),
                "share": _percent(params["share"]),
                "margin": _points(params["margin_of_error"]),
            }
            sentences.append(text % values)
        elif code == "too_close_to_call":
            text = _(
                "À la question %(question)s, l'écart entre %(leader)s et %(runner_up)s (%(gap)s) est dans la marge "
                "d'erreur : ne présentez aucune des deux options comme gagnante."
            )
            values = {
                "question": question,
                "leader": _quote(labels.option(params.get("leader_id"), params.get("leader_label"))),
                "runner_up": _quote(labels.option(params.get("runner_up_id"), params.get("runner_up_label"))),
                "gap": _points(params["gap"]),
            }
            sentences.append(text % values)
        elif code == "group_disagrees":
            text = _(
                "À la question %(question)s, les répondants %(group)s (%(dimension)s) se distinguent : "
                "%(group_share)s choisissent %(option)s, contre %(rest_share)s des autres répondants (différence "
                "significative). Tenez-en compte dans la restitution."
            )
            sentences.append(text % {"question": question, **_group_values(params, labels)})
    return sentences


def render_findings(analysis, results=None):
    """What the analysis says, for citizens: facts, never advice to the editor (`render_recommendations()` is the
    editor's side). The participation and its precision, then each group that stands out; the verdict of each
    question is given under the question (`describe_question()`).

    `results`, when given, supplies the question, option and group labels (see `describe_question`)."""
    by_id = {question.get("id"): question for question in (results or {}).get("questions") or []}
    sentences = [describe_representativeness(analysis.get("representativeness") or {}, for_citizens=True)]
    for question in analysis.get("questions") or []:
        labels = _Labels(by_id.get(question.get("id")))
        standing_out = [d for d in question.get("group_differences") or [] if d.get("stands_out")]
        for difference in sorted(standing_out, key=lambda d: -abs(d["difference"])):
            text = _(
                "À la question %(question)s, les répondants %(group)s (%(dimension)s) se distinguent : "
                "%(group_share)s choisissent %(option)s, contre %(rest_share)s des autres répondants (différence "
                "significative)."
            )
            values = {
                "question": _quote(labels.question(question.get("label", ""))),
                **_group_values(difference, labels),
            }
            sentences.append(text % values)
    return sentences
