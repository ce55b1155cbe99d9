"""A debate in the cahier de doléances: once it has ended (start + duration past), its entry (kind DEBATE) is
made by the beat task `debates.sync_ended` and refreshed on publish/unpublish of an ended debate (`plugins.py`).

The entry's participants are the confirmed registrations; its results summary is the live polls' results, in the
same shape as a consultation's (each question with its leading answer and share), read from `LivePollCount` by
`poll_results()` (only polls whose results are public, by `live.results_visible`: open polls once opened, secret
ones once counted with enough voters). Closing or counting a poll of an ended debate refreshes the entry.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from consultations.doleances.models import ArchiveEntry

from .models import DebatePage, LivePoll, LivePollCount, Registration

RECENTLY_ENDED = datetime.timedelta(days=30)  # the sweep looks this far back (a beat stopped for a while)


def poll_results(original):
    """[{"label", "respondents", "leading": {"label", "share"}}] of the debate's public poll results."""
    from .live import results_visible

    polls = (
        LivePoll.objects.filter(debate_id=original.pk)
        .exclude(state=LivePoll.State.DRAFT)
        .filter(Q(mode=LivePoll.Mode.OPEN) | Q(counted_at__isnull=False))
    )
    questions = []
    for poll in polls.order_by("sort_order", "pk"):
        if not results_visible(poll):  # the page's rule: a secret poll counted with too few voters stays withheld
            continue
        counts = {count.choice: count.votes for count in LivePollCount.objects.filter(poll=poll)}
        total = sum(counts.values())
        item = {"label": poll.question, "respondents": total}
        if total:
            choice, votes = max(counts.items(), key=lambda pair: pair[1])
            choices = poll.choices or []
            label = choices[choice] if 0 <= choice < len(choices) else ""
            item["leading"] = {"label": str(label), "share": round(votes / total, 4)}
        questions.append(item)
    return {"questions": questions}


def sync_entry(debate):
    """Make or refresh the entry of an ended debate (any language version); None before it ends."""
    debate = debate.specific if hasattr(debate, "specific") else debate
    original = DebatePage.objects.filter(pk=debate.original.pk).first()
    if original is None or not original.has_ended():
        return None
    versions = list(
        DebatePage.objects.filter(translation_key=original.translation_key).live().public().select_related("locale")
    )
    summary = poll_results(original)
    space = original.collectivite_space
    defaults = {
        "kind": ArchiveEntry.Kind.DEBATE,
        "translation_key": original.translation_key,
        "locale_id": original.locale_id,
        "title": original.title[:255],
        "opened_at": original.starts_at,
        "closed_at": original.ends_at,
        "year": timezone.localtime(original.ends_at).year,
        "theme": original.theme or "",
        "territory": getattr(space, "territory", None) if space is not None else None,
        "space": (space.default_language_space() or space) if space is not None else None,
        "participants": Registration.objects.filter(
            debate_id=original.pk, status=Registration.Status.CONFIRMED
        ).count(),
        "results_summary": {version.locale.language_code: summary for version in versions}
        or {original.locale.language_code: summary},
        "published": bool(versions),
    }
    entry, _created = ArchiveEntry.objects.update_or_create(page_id=original.pk, defaults=defaults)
    return entry


def sync_ended(now=None):
    """Every debate that has ended and has no entry yet gets one; returns how many. (An entry is refreshed when its
    debate is published or unpublished, and by whoever changes what it summarises: `sync_entry`.)"""
    now = now or timezone.now()
    candidates = DebatePage.objects.filter(
        starts_at__lte=now, starts_at__gte=now - RECENTLY_ENDED, archive_entry__isnull=True
    ).order_by("pk")
    done, seen = 0, set()
    for debate in candidates:
        original_pk = debate.original.pk
        if (
            original_pk in seen
            or not debate.has_ended(now)
            or ArchiveEntry.objects.filter(page_id=original_pk).exists()
        ):
            continue
        seen.add(original_pk)
        if sync_entry(debate) is not None:
            done += 1
    return done
