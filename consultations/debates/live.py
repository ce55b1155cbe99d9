"""A debate's live polls: the organiser prepares, opens and closes them; participants vote once; results and the
opinion shift. The one place for the rules, used by the web views, the API and the organiser's console.

- **Life**: DRAFT → OPEN → CLOSED, never back. A draft may be edited and deleted; once opened, its choices and its
  mode no longer change (a vote was cast against them), only its wording, phase, order and comparison.
- **Choices**: 2 to 8, distinct (case and spaces ignored), non-empty. `compare_with` is an earlier poll of the same
  debate with the same choices: the page then shows how opinion moved from it to this one.
- **Vote** (`vote`): `rules.can_participate`, the poll OPEN, one per account (`LivePollParticipation`'s unique
  constraint: a second vote, even a concurrent one, is refused with `already_voted`). The transaction first reads
  the poll's row `FOR SHARE` (PostgreSQL) and checks its state there: a closing holds the row alone
  (`select_for_update`), so a vote either commits before the close and is counted, or sees CLOSED and is refused.
- **Open poll** (à main levée): the vote's transaction adds one to its choice's `LivePollCount` with `F()`; the
  counts move as people vote.
- **Secret poll**: nothing that derives from the choice is written in clear in the vote's transaction (PostgreSQL's
  `xmin` and the WAL tie together every row a transaction writes): the choice is sealed
  (`consultations.sealing.seal`, fixed padded length) into a `LivePollBallot` with a random id and no voter, and the
  counts are written only after the close, by the Celery task `debates.count_live_poll` (the private key lives on
  the workers), in its own transaction: it locks the poll's row, does nothing if `counted_at` is set (two workers
  never count twice), opens every ballot, writes the counts and `counted_at`. While it is open only the number of
  participants is shown (it tells who voted, not what).
- **Results** (`poll_results`): visible for an open-mode poll once opened, for a secret one once counted.
  `opinion_shift(after_poll)` compares with `compare_with`; `results_summary(debate)` gives the closed polls'
  results as plain data (the cahier de doléances' entry of the debate).

Every change invalidates the debate page's cached copies (`page_cache`: its language versions; at closing and
counting, every page that shows the debate).
"""

import json
import logging
import unicodedata

from celery import shared_task

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from wagtail.models import Page

from cms import page_cache
from consultations import sealing

from . import rules
from .models import (
    POLL_CHOICE_MAX_LENGTH,
    POLL_MAX_CHOICES,
    POLL_MIN_CHOICES,
    POLL_QUESTION_MAX_LENGTH,
    LivePoll,
    LivePollBallot,
    LivePollCount,
    LivePollParticipation,
)

logger = logging.getLogger(__name__)

BALLOT_PADDED_LENGTH = 64  # every sealed choice has this clear length: {"v":1,"p":<poll id>,"c":<index>} padded
BALLOT_FORMAT = 1
COUNT_TASK = "debates.count_live_poll"
PHASE_ORDER = {LivePoll.Phase.BEFORE: 0, LivePoll.Phase.DURING: 1, LivePoll.Phase.AFTER: 2}


class PollRefused(Exception):
    """A refusal with its message for the citizen or the organiser, a code for the API and its HTTP status."""

    def __init__(self, code, message, status=400, field=None, errors=None):
        super().__init__(code, message)
        self.code, self.message, self.status, self.field = code, message, status, field
        self.errors = errors or ({field: [message]} if field else None)


# -- the debate page's cached copies ---------------------------------------------------------------------------------


def live_changed(debate_id, everywhere=False):
    """The live data of the debate changed: its language versions' cached copies go (with `everywhere`, every page
    that shows the debate: a poll closed or counted changes the results other pages may summarise)."""
    page = Page.objects.filter(pk=debate_id).first()
    if page is None:
        return
    if everywhere:
        page_cache.page_changed(page)
    else:
        page_cache.invalidate_pages(
            Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
        )


# -- the organiser ---------------------------------------------------------------------------------------------------


def _fold(text):
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def clean_choices(raw):
    """The choices as stored (trimmed, blank lines dropped), or PollRefused on the `choices` field."""
    if isinstance(raw, str):
        raw = raw.splitlines()
    if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
        raise PollRefused("invalid", _("Donnez les réponses possibles, une par ligne."), field="choices")
    choices = [" ".join(item.split()) for item in raw]
    choices = [item for item in choices if item]
    if not POLL_MIN_CHOICES <= len(choices) <= POLL_MAX_CHOICES:
        raise PollRefused(
            "invalid",
            _("Un sondage propose de %(min)d à %(max)d réponses (ici %(count)d).")
            % {"min": POLL_MIN_CHOICES, "max": POLL_MAX_CHOICES, "count": len(choices)},
            field="choices",
        )
    if len({_fold(item) for item in choices}) != len(choices):
        raise PollRefused(
            "invalid", _("Deux réponses sont identiques : chacune doit être différente."), field="choices"
        )
    too_long = [item for item in choices if len(item) > POLL_CHOICE_MAX_LENGTH]
    if too_long:
        raise PollRefused(
            "invalid",
            _("Une réponse fait %(max)d caractères au plus.") % {"max": POLL_CHOICE_MAX_LENGTH},
            field="choices",
        )
    return choices


def clean_question(text):
    text = " ".join((text or "").split())
    if not text:
        raise PollRefused("invalid", _("Écrivez la question du sondage."), field="question")
    if len(text) > POLL_QUESTION_MAX_LENGTH:
        raise PollRefused(
            "invalid",
            _("La question fait %(max)d caractères au plus.") % {"max": POLL_QUESTION_MAX_LENGTH},
            field="question",
        )
    return text


def _check_compare_with(debate_id, poll, compare_with, choices):
    if compare_with is None:
        return None
    if not isinstance(compare_with, LivePoll):
        compare_with = LivePoll.objects.filter(pk=compare_with).first()
    if compare_with is None or compare_with.debate_id != debate_id or (poll is not None and compare_with.pk >= poll.pk):
        raise PollRefused("invalid", _("Comparez avec un sondage précédent de ce même débat."), field="compare_with")
    if [_fold(item) for item in compare_with.choices] != [_fold(item) for item in choices]:
        raise PollRefused(
            "invalid",
            _("Le sondage comparé doit proposer les mêmes réponses, dans le même ordre."),
            field="compare_with",
        )
    return compare_with


def _check_choice_field(value, allowed, field):
    if value not in allowed:
        raise PollRefused("invalid", _("Choisissez une valeur de la liste."), field=field)
    return value


def check_organiser(user, debate):
    if not rules.can_organise(user, debate):
        raise PollRefused("forbidden", _("Seuls les organisateurs du débat gèrent ses sondages."), status=403)


def create_poll(debate, user, *, question, choices, phase=LivePoll.Phase.DURING, mode=LivePoll.Mode.SECRET,
                compare_with=None, sort_order=0):  # fmt: skip
    """A new draft poll of the debate (its original-language version)."""
    check_organiser(user, debate)
    original = rules.original(debate)
    question = clean_question(question)
    choices = clean_choices(choices)
    _check_choice_field(phase, LivePoll.Phase.values, "phase")
    _check_choice_field(mode, LivePoll.Mode.values, "mode")
    compare_with = _check_compare_with(original.pk, None, compare_with, choices)
    poll = LivePoll.objects.create(
        debate_id=original.pk,
        question=question,
        choices=choices,
        phase=phase,
        mode=mode,
        compare_with=compare_with,
        sort_order=sort_order or 0,
        created_by=user,
    )
    return poll


def edit_poll(poll_id, user, **changes):
    """Change a poll: everything while it is a draft; once opened, not its choices nor its mode."""
    with transaction.atomic():
        poll = LivePoll.objects.select_for_update().get(pk=poll_id)
        check_organiser(user, Page.objects.get(pk=poll.debate_id))
        if poll.state != LivePoll.State.DRAFT:
            if "choices" in changes and clean_choices(changes["choices"]) != poll.choices:
                raise PollRefused(
                    "poll_started",
                    _("Le sondage a été ouvert : ses réponses ne peuvent plus changer."),
                    status=409,
                    field="choices",
                )
            if "mode" in changes and changes["mode"] != poll.mode:
                raise PollRefused(
                    "poll_started",
                    _("Le sondage a été ouvert : son secret ne peut plus changer."),
                    status=409,
                    field="mode",
                )
        if "question" in changes:
            poll.question = clean_question(changes["question"])
        if "choices" in changes:
            poll.choices = clean_choices(changes["choices"])
        if "phase" in changes:
            poll.phase = _check_choice_field(changes["phase"], LivePoll.Phase.values, "phase")
        if "mode" in changes:
            poll.mode = _check_choice_field(changes["mode"], LivePoll.Mode.values, "mode")
        if "sort_order" in changes:
            poll.sort_order = changes["sort_order"] or 0
        if "compare_with" in changes:
            poll.compare_with = _check_compare_with(poll.debate_id, poll, changes["compare_with"], poll.choices)
        elif "choices" in changes and poll.compare_with_id:
            _check_compare_with(poll.debate_id, poll, poll.compare_with, poll.choices)
        poll.save()
    live_changed(poll.debate_id)
    return poll


def delete_draft(poll_id, user):
    with transaction.atomic():
        poll = LivePoll.objects.select_for_update().get(pk=poll_id)
        check_organiser(user, Page.objects.get(pk=poll.debate_id))
        if poll.state != LivePoll.State.DRAFT:
            raise PollRefused("poll_started", _("Seul un sondage en préparation peut être supprimé."), status=409)
        debate_id = poll.debate_id
        poll.delete()
    live_changed(debate_id)


def open_poll(poll_id, user):
    """Open a draft poll (its counts created at zero for an open-mode poll)."""
    with transaction.atomic():
        poll = LivePoll.objects.select_for_update().get(pk=poll_id)
        check_organiser(user, Page.objects.get(pk=poll.debate_id))
        if poll.state != LivePoll.State.DRAFT:
            raise PollRefused("not_draft", _("Ce sondage a déjà été ouvert."), status=409)
        poll.state = LivePoll.State.OPEN
        poll.opened_at = timezone.now()
        poll.save(update_fields=["state", "opened_at"])
        if poll.mode == LivePoll.Mode.OPEN:
            LivePollCount.objects.bulk_create(
                [LivePollCount(poll=poll, choice=index, votes=0) for index in range(len(poll.choices))],
                ignore_conflicts=True,
            )
    live_changed(poll.debate_id)
    return poll


def close_poll(poll_id, user):
    """Close an open poll. The row is locked alone: votes in progress (holding it shared) finish first and are
    counted; later ones see it closed. A secret poll is then counted by the workers."""
    with transaction.atomic():
        poll = LivePoll.objects.select_for_update().get(pk=poll_id)
        check_organiser(user, Page.objects.get(pk=poll.debate_id))
        if poll.state != LivePoll.State.OPEN:
            raise PollRefused("not_open", _("Ce sondage n'est pas ouvert."), status=409)
        poll.state = LivePoll.State.CLOSED
        poll.closed_at = timezone.now()
        poll.participants = LivePollParticipation.objects.filter(poll=poll).count()
        poll.save(update_fields=["state", "closed_at", "participants"])
        if poll.mode == LivePoll.Mode.SECRET:
            transaction.on_commit(lambda: request_count(poll.pk))
    live_changed(poll.debate_id, everywhere=True)
    refresh_archive_entry(poll.debate_id)
    return poll


def refresh_archive_entry(debate_id):
    """A poll of an ended debate closed or counted (an « after » poll): its cahier de doléances entry follows."""
    from .doleances import sync_entry
    from .models import DebatePage

    debate = DebatePage.objects.filter(pk=debate_id).first()
    if debate is not None and debate.has_ended():
        sync_entry(debate)


def request_count(poll_id):
    """Hand the counting of a closed secret poll to the workers (skipped if the queue is down: the beat sweep
    `count_due_live_polls` catches up)."""
    from cms.queue import enqueue

    enqueue(count_live_poll, poll_id, if_unavailable="skip")


# -- counting a secret poll (workers) ------------------------------------------------------------------------------


@sensitive_variables("payload", "clear")
def _ballot_payload(poll_id, choice):
    return json.dumps({"v": BALLOT_FORMAT, "p": poll_id, "c": choice}, separators=(",", ":")).encode()


@sensitive_variables("payload", "body", "tallies")
def count_poll(poll_id):
    """Count a closed secret poll once: True when counted by this call, False when there was nothing to do (not
    closed, not secret, or already counted by another worker)."""
    with transaction.atomic():
        poll = LivePoll.objects.select_for_update().filter(pk=poll_id).first()
        if (
            poll is None
            or poll.mode != LivePoll.Mode.SECRET
            or poll.state != LivePoll.State.CLOSED
            or poll.counted_at is not None
        ):
            return False
        tallies = [0] * len(poll.choices)
        for key_id, sealed in LivePollBallot.objects.filter(poll=poll).values_list("key_id", "sealed").iterator():
            body = json.loads(sealing.unseal(key_id, sealed))
            if body.get("v") != BALLOT_FORMAT or body.get("p") != poll.pk:
                raise sealing.SealingError(f"A ballot of poll {poll.pk} does not belong to it.")
            tallies[body["c"]] += 1
        LivePollCount.objects.filter(poll=poll).delete()
        LivePollCount.objects.bulk_create(
            [LivePollCount(poll=poll, choice=index, votes=votes) for index, votes in enumerate(tallies)]
        )
        participants = LivePollParticipation.objects.filter(poll=poll).count()
        if participants != sum(tallies):
            logger.error("Poll %s: %s participants but %s ballots", poll.pk, participants, sum(tallies))
        poll.counted_at = timezone.now()
        poll.participants = participants
        poll.save(update_fields=["counted_at", "participants"])
    live_changed(poll.debate_id, everywhere=True)
    refresh_archive_entry(poll.debate_id)
    return True


@shared_task(name=COUNT_TASK)
def count_live_poll(poll_id):
    return count_poll(poll_id)


@shared_task(name="debates.count_due_live_polls")
def count_due_live_polls():
    """The beat sweep: every closed secret poll not counted yet (a queue that was down at closing)."""
    due = LivePoll.objects.filter(
        mode=LivePoll.Mode.SECRET, state=LivePoll.State.CLOSED, counted_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(1 for poll_id in list(due) if count_poll(poll_id))


# -- participants --------------------------------------------------------------------------------------------------


def _lock_poll_shared(poll_id):
    """The poll's state, read under a shared lock of its row (PostgreSQL): a closing in progress (which holds the
    row alone) is waited for and then read as it left it. SQLite writes one transaction at a time."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    table = connection.ops.quote_name(LivePoll._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT state FROM {table} WHERE id = %s{lock}", [poll_id])  # noqa: S608 - table name only
        row = cursor.fetchone()
    return row[0] if row else None


def check_participant(user, debate):
    if user is None or not user.is_authenticated:
        raise PollRefused("login_required", _("Connectez-vous pour voter."), status=403)
    if not rules.is_verified(user):
        raise PollRefused(
            "email_unverified",
            _("Confirmez votre adresse e-mail (lien reçu à l'inscription) pour participer au débat."),
            status=403,
        )
    if not rules.can_participate(user, debate):
        raise PollRefused(
            "not_registered", _("Ce débat est sur invitation : seuls ses inscrits y participent."), status=403
        )


def has_voted(poll, user):
    return bool(
        user is not None
        and user.is_authenticated
        and LivePollParticipation.objects.filter(poll=poll, user=user).exists()
    )


def already_voted_error():
    return PollRefused("already_voted", _("Vous avez déjà voté à ce sondage : un seul vote par compte."), status=409)


@sensitive_variables("choice", "payload", "sealed")
def vote(poll, user, choice):
    """Record `user`'s vote for choice number `choice` (from 0) of `poll`, or raise PollRefused."""
    debate = Page.objects.get(pk=poll.debate_id)
    check_participant(user, debate)
    if poll.state != LivePoll.State.OPEN:
        raise PollRefused("not_open", _("Ce sondage n'est pas ouvert au vote."), status=409)
    if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(poll.choices):
        raise PollRefused("invalid", _("Choisissez une des réponses proposées."), field="choice")
    sealed = None
    if poll.mode == LivePoll.Mode.SECRET:
        # Sealed before the transaction: only ciphertext of one fixed length reaches it.
        sealed = sealing.seal(_ballot_payload(poll.pk, choice), BALLOT_PADDED_LENGTH)
    try:
        with transaction.atomic():
            state = _lock_poll_shared(poll.pk)
            if state != LivePoll.State.OPEN:
                raise PollRefused("not_open", _("Ce sondage est clos : votre vote n'a pas été enregistré."), 409)
            LivePollParticipation.objects.create(poll_id=poll.pk, user=user)
            if sealed is not None:
                key_id, ciphertext = sealed
                LivePollBallot.objects.create(poll_id=poll.pk, key_id=key_id, sealed=ciphertext)
            elif not LivePollCount.objects.filter(poll_id=poll.pk, choice=choice).update(votes=F("votes") + 1):
                # A poll opened without its counts (written directly): the row is made, then counted.
                LivePollCount.objects.bulk_create(
                    [LivePollCount(poll_id=poll.pk, choice=choice, votes=0)], ignore_conflicts=True
                )
                LivePollCount.objects.filter(poll_id=poll.pk, choice=choice).update(votes=F("votes") + 1)
    except IntegrityError:
        raise already_voted_error() from None
    live_changed(poll.debate_id)


# -- results -------------------------------------------------------------------------------------------------------


def min_secret_voters():
    """The fewest voters a secret poll's results are published with (`DEBATE_SECRET_POLL_MIN_VOTERS`, 5): with two
    voters, each would read the other's choice in the results."""
    return max(1, int(getattr(settings, "DEBATE_SECRET_POLL_MIN_VOTERS", 5)))


def results_withheld(poll):
    """A secret poll counted with too few voters: its results are never shown, to anyone."""
    return poll.mode == LivePoll.Mode.SECRET and poll.counted_at is not None and poll.participants < min_secret_voters()


def results_visible(poll):
    if poll.state == LivePoll.State.DRAFT:
        return False
    if poll.mode == LivePoll.Mode.OPEN:
        return True
    return poll.counted_at is not None and not results_withheld(poll)


def participants_count(poll):
    if poll.state == LivePoll.State.CLOSED:
        return poll.participants
    return LivePollParticipation.objects.filter(poll=poll).count()


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def poll_results(poll, counts=None, participants=None):
    """The poll's results as plain data: {"visible", "participants", "total", "choices": [{"index", "label",
    "votes", "percent"}]}; votes and percents are None while the results are not visible (a secret poll before its
    counting)."""
    visible = results_visible(poll)
    if participants is None:
        participants = participants_count(poll)
    if visible and counts is None:
        counts = dict(LivePollCount.objects.filter(poll=poll).values_list("choice", "votes"))
    counts = counts or {}
    total = sum(counts.get(index, 0) for index in range(len(poll.choices))) if visible else None
    return {
        "visible": visible,
        "withheld": results_withheld(poll),
        "participants": participants,
        "total": total,
        "choices": [
            {
                "index": index,
                "label": label,
                "votes": counts.get(index, 0) if visible else None,
                "percent": _percent(counts.get(index, 0), total) if visible else None,
            }
            for index, label in enumerate(poll.choices)
        ],
    }


def opinion_shift(after_poll, results=None, before_results=None):
    """How opinion moved from `after_poll.compare_with` to `after_poll`: {"before": poll, "rows": [{"label",
    "before", "after", "change"}]} (percents, change in points), or None when either side's results are not
    visible or nothing was voted."""
    before = after_poll.compare_with
    if before is None or before.debate_id != after_poll.debate_id:
        return None
    after_results = results or poll_results(after_poll)
    before_results = before_results or poll_results(before)
    if not (after_results["visible"] and before_results["visible"]):
        return None
    if not after_results["total"] or not before_results["total"]:
        return None
    if len(before.choices) != len(after_poll.choices):
        return None
    rows = []
    for then, now in zip(before_results["choices"], after_results["choices"], strict=True):
        change = round(now["percent"] - then["percent"], 1)
        rows.append(
            {
                "label": now["label"],
                "before": then["percent"],
                "after": now["percent"],
                "change": change,
                "direction": "up" if change > 0 else "down" if change < 0 else "same",
            }
        )
    return {
        "before": before,
        "before_participants": before_results["participants"],
        "after_participants": after_results["participants"],
        "rows": rows,
    }


def public_polls(debate):
    """The debate's polls a visitor sees (not the drafts), by phase then order, with their counts in two queries."""
    original = rules.original(debate)
    polls = list(
        LivePoll.objects.filter(debate_id=original.pk)
        .exclude(state=LivePoll.State.DRAFT)
        .annotate(live_participants=Count("participations"))
        .select_related("compare_with")
    )
    polls.sort(key=lambda poll: (PHASE_ORDER.get(poll.phase, 9), poll.sort_order, poll.pk))
    counts = {}
    for poll_id, choice, votes in LivePollCount.objects.filter(poll__in=polls).values_list(
        "poll_id", "choice", "votes"
    ):
        counts.setdefault(poll_id, {})[choice] = votes
    return polls, counts


def live_polls(debate, user=None):
    """Each visible poll with its results, the caller's participation and, for an after poll, the shift."""
    polls, counts = public_polls(debate)
    voted = set()
    if user is not None and user.is_authenticated:
        voted = set(LivePollParticipation.objects.filter(poll__in=polls, user=user).values_list("poll_id", flat=True))
    results = {}
    for poll in polls:
        participants = poll.participants if poll.state == LivePoll.State.CLOSED else poll.live_participants
        results[poll.pk] = poll_results(poll, counts.get(poll.pk, {}), participants)
    items = []
    for poll in polls:
        shift = None
        if poll.compare_with_id in results:
            shift = opinion_shift(poll, results[poll.pk], results[poll.compare_with_id])
        items.append({"poll": poll, "results": results[poll.pk], "has_voted": poll.pk in voted, "shift": shift})
    return items


def results_summary(debate):
    """The closed polls' results, for the debate's entry in the cahier de doléances: [{"question", "choices":
    [{"label", "votes", "percent"}], "participants"}] (secret polls once counted)."""
    summary = []
    for item in live_polls(debate):
        poll, results = item["poll"], item["results"]
        if poll.state != LivePoll.State.CLOSED or not results["visible"]:
            continue
        summary.append(
            {
                "question": poll.question,
                "choices": [
                    {"label": choice["label"], "votes": choice["votes"], "percent": choice["percent"]}
                    for choice in results["choices"]
                ],
                "participants": results["participants"],
            }
        )
    return summary
