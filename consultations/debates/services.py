"""Registering for a debate, cancelling, the waiting list, and what a debate's page shows about it.

- `register(debate, user, attendance)`: the refusals in order (no account → address not verified → registration
  closed (begun, ended, unpublished, package without debates) → not invited → already registered), then, under a lock
  of the debate's original page row (`SELECT … FOR UPDATE`), a confirmed seat if one is free, else the waiting list
  (in `queued_at` order). Two citizens taking the last seat at once are serialised by that lock: the second one
  counts the first one's seat and waits.
- `cancel(debate, user)`: the registration cancelled; a confirmed seat freed goes, in the same transaction, to the
  first one waiting (emailed after the commit). Registering again after cancelling goes to the end of the queue.
- The seat cap counts the confirmed registrations in the room: for a hybrid debate, following it online takes no
  seat; for an online debate with a cap, every registration counts.
- Emails leave after the commit, through Celery (`tasks.py`, `notifications.py`).
"""

import hashlib
import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms import page_cache
from cms.queue import enqueue
from cms.ratelimit import count

from . import rules, tasks
from .models import DebateAccess, DebateFormat, DebateInvitation, DebatePage, Registration

Status = Registration.Status
Attendance = Registration.Attendance

# One account registers (or registers again after cancelling) at most this often: each registration sends an email.
REGISTRATIONS_PER_DAY = 20
DAY = 24 * 60 * 60


def _count_registration(user):
    """Counted in the registration's transaction (a refusal rolls it back); refused beyond the daily share."""
    window = int(time.time() // DAY)
    key = "debate-register:account:" + hashlib.sha256(f"account:{user.pk}".encode()).hexdigest()[:32] + f":{window}"
    if count(key, DAY, 1) > REGISTRATIONS_PER_DAY:
        raise RegistrationRefused(
            "rate_limited",
            _("Vous vous êtes inscrit(e) à beaucoup de débats aujourd'hui. Réessayez demain."),
            429,
        )


@dataclass
class RegistrationRefused(Exception):
    code: str
    message: str
    status: int = 403
    field: str = ""

    def __str__(self):
        return str(self.message)


# -- who, when -------------------------------------------------------------------------------------------------------


def original_debate(debate):
    """The original-language version of `debate`, as a DebatePage."""
    debate = debate.specific
    original = debate.original
    return original if isinstance(original, DebatePage) else DebatePage.objects.get(pk=original.pk)


def closed_message(debate, now=None):
    """Why registrations are closed for this debate, or None while they are open."""
    debate = debate.specific
    if not rules.debates_enabled(debate):
        return _(
            "Les inscriptions sont fermées : les débats ne font plus partie de l'offre de cet espace. "
            "La page reste consultable."
        )
    if not debate.live:
        return _("Ce débat n'est pas publié.")
    if debate.has_ended(now):
        return _("Ce débat a eu lieu : les inscriptions sont closes.")
    if debate.has_begun(now):
        return _("Ce débat a commencé : les inscriptions sont closes.")
    return None


def verified_addresses(user):
    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def is_invited(debate, user):
    """For a debate by invitation only: one of the account's verified addresses is on its list."""
    addresses = verified_addresses(user)
    return (
        bool(addresses)
        and DebateInvitation.objects.filter(debate_id=original_debate(debate).pk, email__in=addresses).exists()
    )


def attendance_choices(debate):
    if debate.format == DebateFormat.IN_PERSON:
        return [Attendance.IN_PERSON]
    if debate.format == DebateFormat.ONLINE:
        return [Attendance.ONLINE]
    return [Attendance.IN_PERSON, Attendance.ONLINE]


def takes_seat(debate, attendance):
    """Whether a registration with this attendance counts against the seat cap."""
    if debate.seats is None:
        return False
    return debate.format != DebateFormat.HYBRID or attendance == Attendance.IN_PERSON


def capped(debate):
    """The registrations of the (original) debate that count against its cap."""
    registrations = Registration.objects.filter(debate_id=debate.pk)
    if debate.format == DebateFormat.HYBRID:
        registrations = registrations.filter(attendance=Attendance.IN_PERSON)
    return registrations


def seats_taken(debate):
    return capped(debate).filter(status=Status.CONFIRMED).count()


def waiting_count(debate):
    return Registration.objects.filter(debate_id=debate.pk, status=Status.WAITING).count()


def seats_left(debate):
    """Free seats, or None without a cap."""
    if debate.seats is None:
        return None
    return max(debate.seats - seats_taken(debate), 0)


# -- registering ----------------------------------------------------------------------------------------------------


def check_may_register(debate, user):
    """Raise `RegistrationRefused` when `user` may not register for `debate` now (nothing locked yet)."""
    if user is None or not user.is_authenticated:
        raise RegistrationRefused("not_authenticated", _("Connectez-vous pour vous inscrire à ce débat."), 401)
    if not rules.is_verified(user):
        raise RegistrationRefused(
            "not_verified", _("Confirmez d'abord votre adresse e-mail pour vous inscrire à un débat."), 403
        )
    message = closed_message(debate)
    if message:
        raise RegistrationRefused("closed", message, 403)
    if debate.access == DebateAccess.INVITATION and not is_invited(debate, user):
        raise RegistrationRefused(
            "not_invited",
            _(
                "Ce débat est sur invitation : votre adresse e-mail vérifiée ne figure pas sur la liste des invités. "
                "Si vous avez été invité(e) à une autre adresse, ajoutez-la à votre compte et confirmez-la."
            ),
            403,
        )


def _lock(original):
    """The lock every change of a debate's registrations takes: its original page's row."""
    Page.objects.select_for_update().filter(pk=original.pk).values_list("pk", flat=True).get()


def register(debate, user, attendance=None, language=None):
    """Register `user` (confirmed, or waiting when the seats are taken); returns the `Registration`."""
    debate = debate.specific
    check_may_register(debate, user)
    choices = attendance_choices(debate)
    attendance = attendance or choices[0]
    if attendance not in choices:
        raise RegistrationRefused(
            "invalid",
            _("Choisissez comment vous participez : %(choices)s.")
            % {"choices": ", ".join(str(Attendance(choice).label) for choice in choices)},
            400,
            "attendance",
        )
    original = original_debate(debate)
    language = language or debate.locale.language_code or translation.get_language() or "fr"
    with transaction.atomic():
        _lock(original)
        original.refresh_from_db(fields=["seats", "format", "starts_at"])
        _count_registration(user)
        promoted = _fill_free_seats(original)
        existing = Registration.objects.filter(debate_id=original.pk, user=user).first()
        if existing is not None and existing.status != Status.CANCELLED:
            raise RegistrationRefused(
                "already_registered",
                _("Vous êtes déjà inscrit(e) à ce débat.")
                if existing.status == Status.CONFIRMED
                else _("Vous êtes déjà sur la liste d'attente de ce débat."),
                409,
            )
        now = timezone.now()
        confirmed = True
        if takes_seat(original, attendance):
            queue = capped(original)
            nobody_waiting = not queue.filter(status=Status.WAITING).exists()
            confirmed = nobody_waiting and queue.filter(status=Status.CONFIRMED).count() < original.seats
        values = {
            "status": Status.CONFIRMED if confirmed else Status.WAITING,
            "attendance": attendance,
            "queued_at": now,  # again at the end of the queue after a cancellation
            "confirmed_at": now if confirmed else None,
            "cancelled_at": None,
            "language": language[:8],
            "confirmation_sent_at": None,
            "reminder_sent_at": None,
        }
        if existing is None:
            registration = Registration.objects.create(debate_id=original.pk, user=user, **values)
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            registration = existing
        _after_commit(original, [registration.pk], promoted)
    return registration


def cancel(debate, user):
    """Cancel `user`'s registration; a confirmed seat freed goes to the first one waiting. Returns the registration."""
    debate = debate.specific
    if user is None or not user.is_authenticated:
        raise RegistrationRefused("not_authenticated", _("Connectez-vous pour gérer votre inscription."), 401)
    if debate.has_begun():
        raise RegistrationRefused("closed", _("Ce débat a commencé : l'inscription ne peut plus être annulée."), 403)
    original = original_debate(debate)
    with transaction.atomic():
        _lock(original)
        original.refresh_from_db(fields=["seats", "format"])
        registration = (
            Registration.objects.filter(debate_id=original.pk, user=user).exclude(status=Status.CANCELLED).first()
        )
        if registration is None:
            raise RegistrationRefused("not_registered", _("Vous n'êtes pas inscrit(e) à ce débat."), 404)
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _fill_free_seats(original)
        _after_commit(original, [], promoted)
    return registration


def release(registration):
    """A registration deleted (the account erased): its seat goes to the first one waiting. Inside a transaction."""
    original = DebatePage.objects.filter(pk=registration.debate_id).first()
    if original is None:
        registration.delete()
        return []
    _lock(original)
    registration.delete()
    promoted = _fill_free_seats(original) if not original.has_begun() else []
    _after_commit(original, [], promoted)
    return promoted


def promote_after_publication(debate):
    """The debate published (its cap maybe raised or removed): those waiting take the seats now free."""
    original = original_debate(debate)
    if original.has_begun():
        return []
    with transaction.atomic():
        _lock(original)
        original.refresh_from_db(fields=["seats", "format", "starts_at"])
        promoted = _fill_free_seats(original)
        if promoted:
            _after_commit(original, [], promoted)
    return promoted


def _fill_free_seats(original):
    """Confirm the first ones waiting while seats are free (a cancellation, a cap raised by the editor). Called under
    the debate's lock; returns the ids of the promoted registrations."""
    if original.seats is None:
        waiting = list(
            Registration.objects.filter(debate_id=original.pk, status=Status.WAITING).values_list("pk", flat=True)
        )
    else:
        queue = capped(original)
        free = original.seats - queue.filter(status=Status.CONFIRMED).count()
        if free <= 0:
            return []
        waiting = list(
            queue.filter(status=Status.WAITING).order_by("queued_at", "pk").values_list("pk", flat=True)[:free]
        )
    if waiting:
        Registration.objects.filter(pk__in=waiting).update(
            status=Status.CONFIRMED, confirmed_at=timezone.now(), confirmation_sent_at=None
        )
    return waiting


def _after_commit(original, registration_ids, promoted_ids=()):
    """After the commit: each registration's email (confirmation or waiting list; promotion for `promoted_ids`),
    the cached pages that show the debate."""
    emails = [(pk, "") for pk in registration_ids] + [(pk, "promoted") for pk in promoted_ids]

    def run():
        for pk, kind in emails:
            enqueue(tasks.send_registration_email, pk, kind, if_unavailable="run")
        page_cache.page_changed(original)

    transaction.on_commit(run)


# -- what a page shows ------------------------------------------------------------------------------------------------


@dataclass
class RegistrationState:
    seats: int | None
    seats_left: int | None
    confirmed: int
    waiting: int
    closed_message: str | None
    registration: Registration | None = None
    position: int | None = None  # in the waiting list, from 1

    @property
    def open(self):
        return self.closed_message is None

    @property
    def full(self):
        return self.seats_left == 0

    @property
    def label(self):
        """The short state a card shows (words, never a colour only)."""
        if self.registration is not None and self.registration.status == Status.CONFIRMED:
            return _("Vous êtes inscrit(e)")
        if self.registration is not None and self.registration.status == Status.WAITING:
            return _("Vous êtes sur la liste d'attente")
        if not self.open:
            return _("Inscriptions closes")
        if self.seats_left is None:
            return _("Inscriptions ouvertes")
        if self.seats_left > 0:
            return translation.ngettext(
                "%(count)s place disponible", "%(count)s places disponibles", self.seats_left
            ) % {"count": self.seats_left}
        if self.waiting:
            return _("Complet : liste d'attente ouverte")
        return _("Complet : inscription en liste d'attente")


def registration_state(debate, user=None):
    debate = debate.specific
    original = original_debate(debate)
    registration = None
    position = None
    if user is not None and user.is_authenticated:
        registration = (
            Registration.objects.filter(debate_id=original.pk, user=user).exclude(status=Status.CANCELLED).first()
        )
        if registration is not None and registration.status == Status.WAITING:
            position = (
                Registration.objects.filter(
                    debate_id=original.pk, status=Status.WAITING, queued_at__lt=registration.queued_at
                ).count()
                + 1
            )
    return RegistrationState(
        seats=original.seats,
        seats_left=seats_left(original),
        confirmed=Registration.objects.filter(debate_id=original.pk, status=Status.CONFIRMED).count(),
        waiting=waiting_count(original),
        closed_message=closed_message(debate),
        registration=registration,
        position=position,
    )


def page_context(debate, request):
    """What a debate's page shows about registration (its form, the visitor's state) and the recording."""
    user = getattr(request, "user", None)
    state = registration_state(debate, user)
    if user is not None and user.is_authenticated:
        page_cache.never(request)
    else:
        # The form closes when it begins, the recording shows when it ends.
        page_cache.expires_at(request, debate.starts_at)
        page_cache.expires_at(request, debate.ends_at)
    invited = None
    if debate.access == DebateAccess.INVITATION and user is not None and user.is_authenticated:
        invited = is_invited(debate, user)
    return {
        "registration_state": state,
        "attendance_choices": [(value, Attendance(value).label) for value in attendance_choices(debate)],
        "invited": invited,
        "verified": rules.is_verified(user),
        "debates_enabled": rules.debates_enabled(debate),
        "debate_ended": debate.has_ended(),
        "debate_begun": debate.has_begun(),
    }
