"""Closing a consultation: freeze the tally into a snapshot, analyse it, tell the editors.

`freeze_results()` is safe to run twice and from several workers at once: the snapshot is
unique per consultation, so one writer wins and the others read its snapshot.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .analysis import analyse
from .mixing import mix_ballots
from .models import ConsultationPage, ResultsSnapshot, Status
from .results import compute_results

logger = logging.getLogger(__name__)


def freeze_results(consultation, now=None):
    """The consultation's snapshot, created now if it is closed and has none yet (else None while open)."""
    box = consultation.ballot_box.specific
    existing = ResultsSnapshot.objects.filter(consultation_id=box.pk).first()
    if existing is not None:
        return existing, False
    if box.status_at(now) != Status.CLOSED:
        return None, False
    mix_ballots(box.pk, force=True)  # the last secret ballots, even if fewer than a batch
    with translation.override(box.locale.language_code):
        results = compute_results(box)
        analysis = analyse(results)
    try:
        with transaction.atomic():
            snapshot = ResultsSnapshot.objects.create(consultation_id=box.pk, results=results, analysis=analysis)
    except IntegrityError:
        return ResultsSnapshot.objects.get(consultation_id=box.pk), False
    return snapshot, True


def get_results(consultation):
    """(results, analysis, snapshot): frozen once closed, computed from the ballots while open."""
    if consultation.is_closed:
        snapshot, _created = freeze_results(consultation)
        if snapshot is not None:
            results = snapshot.results
            if consultation.locale_id != consultation.ballot_box.locale_id:
                results = relabel(results, consultation)
            return results, snapshot.analysis, snapshot
    return (*live_results(consultation), None)


def live_results(consultation):
    """(results, analysis) of an open consultation, recounted from the ballots at most every
    `CONSULTATIONS_LIVE_RESULTS_SECONDS` (30 by default; 0 recounts on every request): the count grows with the
    number of ballots (about 2 s for 100,000 ballots on PostgreSQL), so a busy public page must not redo it for
    every visitor."""
    seconds = int(getattr(settings, "CONSULTATIONS_LIVE_RESULTS_SECONDS", 30))
    key = f"consultations:live-results:{consultation.pk}:{translation.get_language()}"
    if seconds > 0:
        cached = cache.get(key)
        if cached is not None:
            return cached
    results = compute_results(consultation)
    value = (results, analyse(results))
    if seconds > 0:
        cache.set(key, value, seconds)
    return value


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


def editors_to_notify(consultation):
    space = consultation.collectivite_space
    if space is None or space.editors_group_id is None:
        from django.contrib.auth import get_user_model

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
    return send_mail(subject, body, None, [user.email for user in recipients])


def close_due(now=None):
    """Freeze every consultation whose closing time has passed; returns the ids frozen."""
    now = now or timezone.now()
    frozen = []
    # Published ones only: a draft or a withdrawn consultation has no results to announce.
    for consultation in ConsultationPage.objects.live().due_for_snapshot(now).specific():
        if consultation.ballot_box.pk != consultation.pk:
            continue
        snapshot, created = freeze_results(consultation, now)
        if created:
            frozen.append(consultation.pk)
            try:
                notify_editors(snapshot)
            except Exception:  # the results stay frozen even if the mail server is down
                logger.exception("Could not notify the editors of consultation %s", consultation.pk)
    return frozen
