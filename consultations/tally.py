"""Counting ballots into a few small counters, whatever their number.

A `Tally` adds up opened ballots: how many took part, how many answered each question, how many chose each choice,
the rank sums and first places of a ranking, how many gave each number. Its size depends on the questions, never on
the number of ballots: the live counters (`TallyCell` rows, kept by `consultations.release`) are a Tally, and so is
the count made at closing, which also holds the breakdowns by commune, age bracket and gender (only there: they are
never stored per ballot nor in the live counters).

Counter keys (`TallyCell.question_id`, `TallyCell.key`):
    ("", "participants")            ballots counted
    (question, "respondents")       ballots that answered the question
    (question, "choice:<id>")       times the choice was chosen (scale: the grade; ranking: ranked at all)
    (question, "first:<id>")        ranking: times the choice was ranked first
    (question, "ranksum:<id>")      ranking: sum of the ranks given to the choice
    (question, "value:<number>")    number: times the number was given
"""

from collections import Counter, defaultdict
from decimal import Decimal

from .questions import QuestionType

DIMENSIONS = ("commune", "age_bracket", "gender")


_NUMBER, _RANKING, _CHOICE, _OTHER = "number", "ranking", "choice", "other"


def _kind(question):
    if question.type == QuestionType.NUMBER:
        return _NUMBER
    if question.type == QuestionType.RANKING:
        return _RANKING
    return _CHOICE if question.is_choice else _OTHER


class Tally:
    def __init__(self, survey, breakdowns=False):
        self.survey = survey
        self.with_breakdowns = breakdowns
        self.participants = 0
        self.respondents = Counter()
        self.choices = defaultdict(Counter)
        self.firsts = defaultdict(Counter)
        self.rank_sums = defaultdict(Counter)
        self.values = defaultdict(Counter)
        # Breakdowns, at closing only: (dimension, group key, question) -> respondents, and -> Counter of choices.
        self.group_sizes = Counter()
        self.group_choices = defaultdict(Counter)
        self._plan = {question.id: _kind(question) for question in survey}

    def add(self, answers, profile=None, weight=1):
        """Count one ballot (or `weight` identical ones): `answers` as stored in a sealed ballot ({question id:
        value}), `profile` its voter's consented commune, age bracket and gender (used only for breakdowns).

        Called once per ballot at closing (a million times for a million ballots): kept to plain dictionary work."""
        self.participants += weight
        groups = ()
        if self.with_breakdowns and profile:
            groups = [(dimension, str(profile[dimension])) for dimension in DIMENSIONS if profile.get(dimension)]
        plan = self._plan
        respondents = self.respondents
        for question_id, value in answers.items():
            kind = plan.get(question_id)
            if kind is None:
                continue  # impossible once people voted: the questions' structure is frozen
            respondents[question_id] += weight
            if kind is _NUMBER:
                self.values[question_id][value] += weight
                continue
            if kind is _OTHER:
                continue
            if kind is _RANKING:
                chosen = value
                sums = self.rank_sums[question_id]
                for rank, choice_id in enumerate(value, start=1):
                    sums[choice_id] += rank * weight
                if value:
                    self.firsts[question_id][value[0]] += weight
            else:
                chosen = value if isinstance(value, list) else (value,)
            counts = self.choices[question_id]
            for choice_id in chosen:
                counts[choice_id] += weight
            for dimension, key in groups:
                group = (dimension, key, question_id)
                self.group_sizes[group] += weight
                group_counts = self.group_choices[group]
                for choice_id in chosen:
                    group_counts[choice_id] += weight

    def merge(self, other):
        self.participants += other.participants
        self.respondents.update(other.respondents)
        for mine, theirs in (
            (self.choices, other.choices),
            (self.firsts, other.firsts),
            (self.rank_sums, other.rank_sums),
            (self.values, other.values),
            (self.group_choices, other.group_choices),
        ):
            for key, counter in theirs.items():
                mine[key].update(counter)
        self.group_sizes.update(other.group_sizes)
        return self

    # -- the live counters --------------------------------------------------------------------------------------

    def cells(self):
        """(question id, key, value) of every non-zero counter: what a release adds to the `TallyCell` rows."""
        if self.participants:
            yield "", "participants", self.participants
        for question_id, count in self.respondents.items():
            yield question_id, "respondents", count
        for prefix, table in (
            ("choice", self.choices),
            ("first", self.firsts),
            ("ranksum", self.rank_sums),
            ("value", self.values),
        ):
            for question_id, counter in table.items():
                for key, count in counter.items():
                    if count:
                        yield question_id, f"{prefix}:{key}", count

    @classmethod
    def from_cells(cls, survey, rows):
        """The Tally the live counters hold: `rows` are (question id, key, value)."""
        tally = cls(survey)
        tables = {"choice": tally.choices, "first": tally.firsts, "ranksum": tally.rank_sums, "value": tally.values}
        for question_id, key, value in rows:
            if key == "participants" and not question_id:
                tally.participants = value
            elif key == "respondents":
                tally.respondents[question_id] = value
            else:
                prefix, _sep, name = key.partition(":")
                if prefix in tables:
                    tables[prefix][question_id][name] = value
        return tally

    # -- statistics ---------------------------------------------------------------------------------------------

    def number_stats(self, question):
        """Count, mean, median, min and max of a number or scale question, from the count of each value."""
        if question.type == QuestionType.SCALE:
            counts = {Decimal(choice_id): n for choice_id, n in self.choices[question.id].items() if n}
        else:
            counts = {Decimal(value): n for value, n in self.values[question.id].items() if n}
        count = sum(counts.values())
        if not count:
            return {"count": 0, "mean": None, "median": None, "min": None, "max": None}
        ordered = sorted(counts)
        total = sum(value * n for value, n in counts.items())
        return {
            "count": count,
            "mean": round(float(total / count), 3),
            "median": float(_median(ordered, counts, count)),
            "min": float(ordered[0]),
            "max": float(ordered[-1]),
        }


def _median(ordered, counts, count):
    """The median from sorted distinct values and their counts (the mean of the two middle ones for an even count)."""
    middle = [(count - 1) // 2, count // 2]
    found, seen = [], 0
    for value in ordered:
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
        if not middle:
            break
    return (found[0] + found[1]) / 2
