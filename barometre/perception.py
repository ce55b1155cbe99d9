"""Citizen perception of baromètre entries, through the consultations engine.

* Every published entry gets a perception poll: a real `ConsultationPage`, child of the entry, with one
  question (approve / neutral / disapprove) from the « perception » template, secret ballot, any account,
  live results, a far closing date. A translation of the entry gets a translation of the poll, which shares
  its ballot box (same translation key): votes in every language count together. See `ensure_perception_poll`.
* The split is counted from the ballots (`live_counts`); the weekly trend from `PerceptionSnapshot` rows,
  cumulative counts recorded once a week by a Celery beat task (`take_weekly_snapshots`), because a secret
  ballot has no timestamp. The votes of a week are the difference of two consecutive snapshots; those of the
  ongoing week, the live counts minus the latest snapshot.
* A week's split is shown only from `WEEK_MIN_VOTES` votes (the engine's minimum group size), so that a week
  with one or two votes never tells what those few people answered; entries are ranked by approval only from
  `RANKING_MIN_VOTES` votes.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db import transaction
from django.db.models import Min
from django.db.models.functions import Length, Substr
from django.utils import timezone, translation

from consultations.models import ConsultationPage, Eligibility, ResultsVisibility, Secrecy, TallyCell
from consultations.release import batch_size, pending_count
from consultations.results import MIN_GROUP_SIZE
from consultations.templates_library import survey_raw_data

from .choices import Opinion

PERCEPTION_TEMPLATE = "perception"
QUESTION_ID = "perception"
OPINIONS = Opinion.values  # approve, neutral, disapprove: the poll's choice ids, in every language
WEEK_MIN_VOTES = MIN_GROUP_SIZE
RANKING_MIN_VOTES = 20
POLL_YEARS = 10  # the poll stays open while the entry is followed: its closing date is far away
RANKING_SIZE = 3


def week_start(day):
    """The Monday of the week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def _share(count, total):
    return count / total if total else None


def _zeros():
    return dict.fromkeys(OPINIONS, 0)


# -- the poll -----------------------------------------------------------------------------------------------------


def _survey_for(language):

    return survey_raw_data(PERCEPTION_TEMPLATE, language)


def _poll_title(entry, language):
    with translation.override(language):
        return translation.gettext("Votre avis : %(title)s") % {"title": entry.title}


def ensure_perception_poll(entry, user=None):
    """The entry's perception poll, created (and published) if it has none yet. Safe to call twice.

    For a translated entry whose source already has a poll, the poll is translated (wagtail-localize's
    `copy_for_translation`), so that both language versions share one ballot box.
    """

    entry = type(entry).objects.get(pk=entry.pk)
    existing = ConsultationPage.objects.child_of(entry).order_by("path").first()
    if existing is not None:
        return existing.specific
    language = entry.locale.language_code
    with transaction.atomic():
        source = _poll_of_translations(entry)
        if source is not None:
            poll = source.specific.copy_for_translation(entry.locale, copy_parents=False)
            poll.title = _poll_title(entry, language)
            poll.summary = _poll_summary(language)
            poll.survey = _translated_survey(source.specific, language)
            poll.save()
            poll.save_revision(user=user).publish(user=user)
            return ConsultationPage.objects.get(pk=poll.pk)
        now = timezone.now()
        poll = ConsultationPage(
            title=_poll_title(entry, language),
            slug="avis",
            summary=_poll_summary(language),
            theme=entry.theme,
            survey=_survey_for(language),
            opens_at=now,
            closes_at=now + datetime.timedelta(days=365 * POLL_YEARS),
            secrecy=Secrecy.SECRET,
            eligibility=Eligibility.ACCOUNT,
            results_visibility=ResultsVisibility.LIVE,
            territory=entry.territory,
            locale=entry.locale,
            owner=user or entry.owner,
        )
        entry.add_child(instance=poll)
        poll.save_revision(user=user).publish(user=user)
    return ConsultationPage.objects.get(pk=poll.pk)


def _poll_of_translations(entry):

    for other in entry.get_translations():
        poll = ConsultationPage.objects.child_of(other).order_by("path").first()
        if poll is not None:
            return poll
    return None


def _poll_summary(language):
    with translation.override(language):
        return translation.gettext(
            "Une seule question : approuvez-vous cette initiative ? Vote secret, résultats en direct."
        )


def _translated_survey(source_poll, language):
    """The source poll's survey with this language's labels, keeping every block and choice id."""
    raw = source_poll.survey.raw_data
    labels = {block["id"]: block for block in _survey_for(language)}
    translated = []
    for block in raw:
        block = {**block, "value": dict(block["value"])}
        template = labels.get(block["id"])
        if template is not None:
            block["value"]["label"] = template["value"]["label"]
            choice_labels = {item["id"]: item["value"] for item in template["value"].get("choices", [])}
            block["value"]["choices"] = [
                {**item, "value": choice_labels.get(item["id"], item["value"])} for item in block["value"]["choices"]
            ]
        translated.append(block)
    return translated


# -- counting -----------------------------------------------------------------------------------------------------


def live_counts(box_ids):
    """{ballot box id: {opinion: count}} from the polls' live counters (released ballots), in one query."""

    counts = {box_id: _zeros() for box_id in box_ids}
    keys = {f"choice:{opinion}": opinion for opinion in OPINIONS}
    rows = TallyCell.objects.filter(consultation_id__in=box_ids, question_id=QUESTION_ID, key__in=keys).values_list(
        "consultation_id", "key", "value"
    )
    for box_id, key, value in rows:
        counts[box_id][keys[key]] = value
    return counts


def poll_boxes(entries):
    """{entry pk: ballot box id} for the entries that have a poll, in a fixed number of queries."""

    entries = [entry for entry in entries if entry.pk]
    if not entries:
        return {}
    # The polls are the entries' consultation children: their parent's path among the entries' (one IN list, not one
    # OR per entry, which SQLite refuses past a thousand entries: « Expression tree is too large »).
    parent_path = Substr("path", 1, Length("path") - ConsultationPage.steplen)
    children = ConsultationPage.objects.filter(depth__in={entry.depth + 1 for entry in entries}).alias(
        parent_path=parent_path
    )
    polls = {}
    for path, translation_key in (
        children.filter(parent_path__in=[entry.path for entry in entries])
        .order_by("path")
        .values_list("path", "translation_key")
    ):
        polls.setdefault(path[: -ConsultationPage.steplen], translation_key)
    boxes = dict(
        ConsultationPage.objects.filter(translation_key__in=set(polls.values()))
        .order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values_list("translation_key", "first")
    )
    return {entry.pk: boxes[polls[entry.path]] for entry in entries if entry.path in polls}


@dataclass
class Week:
    start: datetime.date
    counts: dict
    ongoing: bool = False

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def enough(self):
        return self.total >= WEEK_MIN_VOTES

    @property
    def shares(self):
        return {key: _share(value, self.total) for key, value in self.counts.items()} if self.enough else None

    @property
    def approval(self):
        return self.shares["approve"] if self.enough else None

    @property
    def end(self):
        return self.start + datetime.timedelta(days=6)

    def to_dict(self):
        return {
            "week_start": self.start,
            "ongoing": self.ongoing,
            "votes": self.total,
            # Below the minimum, a week's answers are not published: only its number of votes.
            "counts": self.counts if self.enough else None,
            "shares": {key: round(value, 4) for key, value in self.shares.items()} if self.enough else None,
        }


@dataclass
class Perception:
    poll_id: int
    counts: dict
    weeks: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def shares(self):
        return {key: _share(value, self.total) for key, value in self.counts.items()}

    @cached_property
    def pending(self):
        """Votes cast but not counted yet: secret ballots are counted by batches (consultations/release.py)."""

        return pending_count(self.poll_id)

    @property
    def batch(self):

        return batch_size()

    @property
    def approval(self):
        return _share(self.counts["approve"], self.total)

    @property
    def disapproval(self):
        return _share(self.counts["disapprove"], self.total)

    @property
    def ranked(self):
        return self.total >= RANKING_MIN_VOTES

    @property
    def options(self):
        """[(opinion, label, count, share)] in the poll's order, for templates."""
        shares = self.shares
        return [(value, label, self.counts[value], shares[value]) for value, label in Opinion.choices]

    week_min = WEEK_MIN_VOTES

    @property
    def segments(self):
        """[(opinion, label, width %)] for the stacked bar of the current split."""
        return [(value, label, round((share or 0) * 100, 2)) for value, label, _count, share in self.options]

    @property
    def current_week(self):
        return self.weeks[-1] if self.weeks and self.weeks[-1].ongoing else None

    def _compared_weeks(self):
        """(latest, previous): the ongoing week once it has enough votes, else the last complete one."""
        weeks = list(self.weeks)
        if weeks and weeks[-1].ongoing and not weeks[-1].enough:
            weeks.pop()
        if len(weeks) < 2:
            return None, None
        return weeks[-1], weeks[-2]

    @property
    def change(self):
        """Week-on-week change of the approval share, in points (None without enough votes in both weeks)."""
        latest, previous = self._compared_weeks()
        if latest is None or not (latest.enough and previous.enough):
            return None
        return round((latest.approval - previous.approval) * 100, 1)

    @property
    def change_weeks(self):
        latest, previous = self._compared_weeks()
        return (latest, previous) if self.change is not None else None

    def to_dict(self):
        return {
            "poll_id": self.poll_id,
            "question_id": QUESTION_ID,
            "choices": [{"id": value, "label": str(label)} for value, label in Opinion.choices],
            "votes": self.total,
            "counts": self.counts,
            "shares": {key: round(value, 4) if value is not None else None for key, value in self.shares.items()},
            "approval": round(self.approval, 4) if self.approval is not None else None,
            "change_points": self.change,
            "week_min_votes": WEEK_MIN_VOTES,
            "weekly_trend": [week.to_dict() for week in self.weeks],
        }


def weekly_trend(snapshots, live, today=None):
    """[Week] from cumulative snapshots (sorted by week) and the live counts: differences of consecutive ones."""
    today = today or timezone.localdate()
    current = week_start(today)
    weeks, previous = [], _zeros()
    for snapshot in snapshots:
        if snapshot.week_start >= current:
            continue  # a snapshot of the ongoing week would be premature: the live counts stand for it
        counts = snapshot.counts
        weeks.append(Week(snapshot.week_start, {key: max(0, counts[key] - previous[key]) for key in OPINIONS}))
        previous = counts
    weeks.append(Week(current, {key: max(0, live[key] - previous[key]) for key in OPINIONS}, ongoing=True))
    return weeks


def perception_for(entries, today=None):
    """{entry pk: Perception} for the entries that have a poll, in a fixed number of queries."""
    from .models import PerceptionSnapshot

    boxes = poll_boxes(entries)
    if not boxes:
        return {}
    counts = live_counts(set(boxes.values()))
    snapshots = {}
    for snapshot in PerceptionSnapshot.objects.filter(poll_id__in=set(boxes.values())).order_by("week_start"):
        snapshots.setdefault(snapshot.poll_id, []).append(snapshot)
    return {
        entry_pk: Perception(
            poll_id=box_id, counts=counts[box_id], weeks=weekly_trend(snapshots.get(box_id, []), counts[box_id], today)
        )
        for entry_pk, box_id in boxes.items()
    }


# -- weekly snapshots ---------------------------------------------------------------------------------------------


def take_weekly_snapshots(today=None):
    """Record the cumulative split of every perception poll at the end of last week, once per poll and week.

    Run often (hourly by beat): the first run after Sunday midnight records last week; later runs find the
    row and do nothing. Polls that did not exist yet last week are skipped. Returns the number of rows made.
    """

    from .models import BarometreEntryPage, PerceptionSnapshot

    today = today or timezone.localdate()
    last_week = week_start(today) - datetime.timedelta(days=7)
    boxes = set(poll_boxes(BarometreEntryPage.objects.all()).values())
    opened = dict(ConsultationPage.objects.filter(pk__in=boxes).values_list("pk", "opens_at"))
    due = [
        box_id
        for box_id in boxes
        if timezone.localtime(opened[box_id]).date() < week_start(today)
        and not PerceptionSnapshot.objects.filter(poll_id=box_id, week_start=last_week).exists()
    ]
    created = 0
    for box_id, counts in live_counts(due).items():
        _snapshot, made = PerceptionSnapshot.objects.get_or_create(
            poll_id=box_id, week_start=last_week, defaults=counts
        )
        created += made
    return created


# -- listings -----------------------------------------------------------------------------------------------------


def sort_entries(entries, perceptions, sort="recent"):
    def perception(entry):
        return perceptions.get(entry.pk)

    def recent(entry):
        return (entry.status_date or datetime.date.min).toordinal()

    if sort == "approval":

        def key(e):
            return (
                not (perception(e) and perception(e).ranked),
                -(perception(e).approval or 0) if perception(e) else 0,
            )  # noqa: E731
    elif sort == "disapproval":

        def key(e):
            return (
                not (perception(e) and perception(e).ranked),
                -(perception(e).disapproval or 0) if perception(e) else 0,
            )  # noqa: E731
    elif sort == "change":
        key = lambda e: (  # noqa: E731
            perception(e) is None or perception(e).change is None,
            -abs(perception(e).change) if perception(e) and perception(e).change is not None else 0,
        )
    else:
        return sorted(entries, key=lambda e: (-recent(e), e.title))
    return sorted(entries, key=lambda e: (*key(e), -recent(e), e.title))


@dataclass
class Rankings:
    best: list
    contested: list
    moved: list
    new_steps: list


def rankings(entries, perceptions, today=None):
    """The summary of the moment: best perceived, most contested, biggest weekly changes, steps of the week."""
    today = today or timezone.localdate()
    ranked = [entry for entry in entries if perceptions.get(entry.pk) and perceptions[entry.pk].ranked]
    for entry in entries:
        entry.perception = perceptions.get(entry.pk)
    best = sorted(ranked, key=lambda e: (-e.perception.approval, e.title))[:RANKING_SIZE]
    contested = sorted(ranked, key=lambda e: (-e.perception.disapproval, e.title))[:RANKING_SIZE]
    moved = sorted(
        (e for e in entries if e.perception and e.perception.change),
        key=lambda e: (-abs(e.perception.change), e.title),
    )[:RANKING_SIZE]
    since = today - datetime.timedelta(days=7)
    new_steps = sorted(
        (e for e in entries if e.status_date and e.status_date > since and e.status_date <= today),
        key=lambda e: (e.status_date, e.title),
        reverse=True,
    )
    return Rankings(best=best, contested=contested, moved=moved, new_steps=new_steps)
