"""Closing a consultation: freeze the ballot box, count every ballot once, store the snapshot, tell the editors.

1. **Freeze** (`freeze()`): the ballot box's row is locked alone (`SELECT … FOR UPDATE`), which waits for every vote
   in progress (each holds it shared) and keeps new ones out; the box is marked frozen if its closing time has
   passed. From then on a vote is refused as closed, even if someone moves the closing date: every ballot that was
   accepted is in the table, and no other will be.
2. **Release** the ballots still waiting (`release(final=True)`): their free texts join moderation, by batches of
   at least K (the K that always wait, see `consultations.release`), shuffled.
3. **Count** (`count()`): every sealed ballot is opened and added to a `Tally`, breakdowns included, streaming
   from the database (memory stays flat whatever the number of ballots). Only aggregated cells come out, small ones
   suppressed (`consultations.results`).
4. **Snapshot**: the results and their analysis, unique per consultation; the results page renders from it.

All of it runs in the Celery task `close_consultation`, started by the beat task every minute, or asked for by the
results page of a closed consultation (`request_closing()`: a message, never a count in the request). Two closings
of the same consultation may overlap: the freeze happens once, both count the same ballots, one snapshot is kept.
`recount()` (the `recount` management command) counts again and says whether the snapshot matches.
"""

import logging
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .analysis import analyse
from .models import Ballot, BallotBox, ConsultationPage, ResultsSnapshot, Status, TallyCell
from .release import release
from .results import build_results
from .sealing import decode_payload, unseal
from .tally import Tally
from .voting import ensure_box, forget_config

logger = logging.getLogger(__name__)

STREAM_CHUNK = 5000
DISTINCT_BUFFER = 20_000
LOCK_CLASS = 7_201  # the advisory lock namespace of counting (a constant of the project's own)


def freeze(box_id, now=None):
    """Freeze the ballot box if the consultation is closed; returns whether it is frozen now (by this call or not)."""
    ensure_box(box_id)
    with transaction.atomic():
        box = BallotBox.objects.select_for_update().get(pk=box_id)
        if box.frozen_at is not None:
            return True
        page = ConsultationPage.objects.only("opens_at", "closes_at").get(pk=box_id)
        if page.status_at(now) != Status.CLOSED:
            return False
        box.frozen_at = timezone.now()
        box.save(update_fields=["frozen_at"])
    forget_config(box_id)
    return True


def is_frozen(box_id):
    return BallotBox.objects.filter(pk=box_id, frozen_at__isnull=False).exists()


def count(consultation):
    """The Tally of every ballot of the consultation's ballot box, breakdowns included.

    Ballots are streamed from the database and opened one by one; identical ones (same answers, same profile:
    common when the questions are choices) are counted together, up to DISTINCT_BUFFER distinct ones at a time, so
    that memory stays flat and each distinct ballot is decoded and added once."""
    box_id = consultation.ballot_box.pk
    tally = Tally(consultation.ballot_box.specific.get_survey(), breakdowns=True)
    ballots = Ballot.objects.filter(consultation_id=box_id).values_list("key_id", "sealed")
    identical = Counter()

    def flush():
        for payload, weight in identical.items():
            answers, profile = decode_payload(payload)
            tally.add(answers, profile, weight=weight)
        identical.clear()

    with transaction.atomic():  # a server-side cursor on PostgreSQL: the ballots are streamed, not loaded
        for key_id, sealed in ballots.iterator(chunk_size=STREAM_CHUNK):
            identical[unseal(key_id, sealed)] += 1
            if len(identical) >= DISTINCT_BUFFER:
                flush()
        flush()
    return tally


def final_results(consultation):
    """(results, analysis) counted from every ballot, in the language of the ballot box."""
    box = consultation.ballot_box.specific
    with translation.override(box.locale.language_code):
        results = build_results(box, count(box), final=True)
        return results, analyse(results)


def close(box_id, now=None, notify=True):
    """(snapshot, created): close the consultation if its time has come (see the module). Safe to run twice.

    `notify=False` tells nobody (the demo, loaded with consultations closed in the past)."""
    existing = ResultsSnapshot.objects.filter(consultation_id=box_id).first()
    if existing is not None:
        return existing, False
    page = ConsultationPage.objects.filter(pk=box_id).first()
    if page is None or page.ballot_box.pk != page.pk or not freeze(box_id, now):
        return None, False
    release(box_id, final=True)
    with _counting_lock(box_id) as alone:
        if not alone:  # another worker is counting this consultation right now: its snapshot will do
            return ResultsSnapshot.objects.filter(consultation_id=box_id).first(), False
        existing = ResultsSnapshot.objects.filter(consultation_id=box_id).first()
        if existing is not None:
            return existing, False
        results, analysis = final_results(page)
        try:
            with transaction.atomic():
                snapshot = ResultsSnapshot.objects.create(consultation_id=box_id, results=results, analysis=analysis)
        except IntegrityError:
            return ResultsSnapshot.objects.get(consultation_id=box_id), False
    try:
        if notify:
            notify_editors(snapshot)
    except Exception:  # the results stay frozen even if the mail server is down
        logger.exception("Could not notify the editors of consultation %s", box_id)
    return snapshot, True


class _counting_lock:
    """A session-level advisory lock on PostgreSQL, so that two workers do not both count a million ballots."""

    def __init__(self, box_id):
        self.key = (LOCK_CLASS << 32) + box_id
        self.held = False

    def __enter__(self):
        if connection.vendor != "postgresql":
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
            self.held = cursor.fetchone()[0]
        return self.held

    def __exit__(self, *exc):
        if connection.vendor == "postgresql" and self.held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [self.key])
        return False


def due_for_closing(now=None):
    """Ballot boxes of published consultations that are closed and have no snapshot yet."""
    now = now or timezone.now()
    return [
        page.pk
        for page in ConsultationPage.objects.live().due_for_snapshot(now).only("pk", "translation_key")
        if page.ballot_box.pk == page.pk
    ]


def close_due(now=None):
    """Close every due consultation here and now (the demo loader, management commands); returns the ids closed."""
    return [box_id for box_id in due_for_closing(now) if close(box_id, now)[1]]


def recount(consultation):
    """Count again from the sealed ballots: (results, differences) where differences lists what does not match the
    snapshot (empty: it matches). Without a snapshot, compares the live counters with the released ballots."""
    box = consultation.ballot_box.specific
    snapshot = ResultsSnapshot.objects.filter(consultation_id=box.pk).first()
    if snapshot is None:
        tally = Tally(box.get_survey())
        released = Ballot.objects.filter(consultation_id=box.pk, release__isnull=False).values_list("key_id", "sealed")
        with transaction.atomic():
            for key_id, sealed in released.iterator(chunk_size=STREAM_CHUNK):
                tally.add(decode_payload(unseal(key_id, sealed))[0])
        expected = {(q, k): v for q, k, v in tally.cells()}
        stored = {
            (q, k): v
            for q, k, v in TallyCell.objects.filter(consultation_id=box.pk).values_list("question_id", "key", "value")
            if v
        }
        differences = [
            f"{question_id or '-'} {key}: {stored.get((question_id, key), 0)} au lieu de {value}"
            for (question_id, key), value in sorted(expected.items())
            if stored.get((question_id, key), 0) != value
        ] + [f"{q or '-'} {k}: {v} en trop" for (q, k), v in sorted(stored.items()) if (q, k) not in expected]
        return None, differences
    with translation.override(box.locale.language_code):
        results = build_results(box, count(box), final=True)
    return results, compare_results(snapshot.results, results)


def compare_results(frozen, counted):
    """The differences between two results (counts only: labels may have been corrected since)."""
    differences = []

    def check(path, a, b):
        if a != b:
            differences.append(f"{path}: {a} (figé) / {b} (recompté)")

    check("participants", frozen["participants"], counted["participants"])
    counted_questions = {q["id"]: q for q in counted["questions"]}
    for question in frozen["questions"]:
        other = counted_questions.get(question["id"], {})
        label = f"Q{question['number']}"
        check(f"{label} répondants", question["respondents"], other.get("respondents"))
        other_options = {o["id"]: o["count"] for o in other.get("options", [])}
        for option in question["options"]:
            check(f"{label} {option['label']}", option["count"], other_options.get(option["id"]))
        check(f"{label} statistiques", question.get("stats"), other.get("stats"))
        for dimension, groups in question["breakdowns"].items():
            other_groups = {g["key"]: g for g in other.get("breakdowns", {}).get(dimension, [])}
            for group in groups:
                mine = {o["id"]: o["count"] for o in group["options"]}
                theirs = {o["id"]: o["count"] for o in other_groups.get(group["key"], {}).get("options", [])}
                check(f"{label} {dimension} {group['label']}", mine, theirs)
    return differences


def editors_to_notify(consultation):
    space = consultation.collectivite_space
    if space is None or space.editors_group_id is None:
        return list(get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email=""))
    return list(space.editors_group.user_set.filter(is_active=True).exclude(email=""))


def notify_editors(snapshot):
    """One email per editor, in the consultation's language, with the link to the results."""
    consultation = ConsultationPage.objects.get(pk=snapshot.consultation_id)
    recipients = editors_to_notify(consultation)
    if not recipients:
        return 0
    with translation.override(consultation.locale.language_code):
        context = {
            "consultation": consultation,
            "snapshot": snapshot,
            "results_url": consultation.absolute_url(consultation.reverse_subpage("results")),
            "participants": snapshot.results["participants"],
        }
        subject = render_to_string("consultations/email/closed_subject.txt", context).strip()
        body = render_to_string("consultations/email/closed_body.txt", context)
    return send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [user.email for user in recipients])
