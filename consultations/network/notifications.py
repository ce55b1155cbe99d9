"""The network's emails: a moderation decision to the proposal's author, and « a consultation of your territory
opened » to the citizens who asked for it.

Opening emails: `due_openings()` lists the consultations that opened recently (live, public, listed, in the default
language); `recipients()` the opted-in citizens with a verified address whose commune lies in the consultation's
territory (all of them for a national one) and who were not written to yet. `send_opening_batch()` *claims* each
(consultation, citizen) by inserting its `OpeningNotification` row (unique) before sending: a second worker, or a
retried task, finds the row there and sends nothing.
"""

import datetime

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cms.models import Territory
from consultations.models import ConsultationPage

from .models import ModerationDecision, OpeningNotification

BATCH_SIZE = 200
RECENT_OPENING = datetime.timedelta(days=3)  # openings the sweep still announces (a beat missed for a while)


def send_decision_email(decision_id):
    decision = (
        ModerationDecision.objects.select_related("proposal__author", "proposal__page").filter(pk=decision_id).first()
    )
    if decision is None or decision.proposal.author is None or not decision.proposal.author.email:
        return 0
    # Claimed before it is sent (at most once, like the opening emails): a retry of the task, or a second worker
    # that got the same message, finds the claim and sends nothing.
    claimed = ModerationDecision.objects.filter(pk=decision.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return 0
    proposal = decision.proposal
    page = proposal.page.specific
    with translation.override(proposal.language or "fr"):
        from django.urls import reverse

        context = {
            "decision": decision,
            "proposal": proposal,
            "page": page,
            "page_url": page.absolute_url() if page.live else "",
            "account_url": _absolute(reverse("account_profile")),
            "edit_url": _absolute(reverse("network_proposal_edit", args=[proposal.pk])),
        }
        subject = render_to_string("network/email/decision_subject.txt", context).strip()
        body = render_to_string("network/email/decision_body.txt", context)
    send_mail(subject, body, None, [proposal.author.email])
    return 1


def _absolute(path):
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# -- opening emails ----------------------------------------------------------------------------------------------------


def due_openings(now=None):
    """Ids of the consultations opened within `RECENT_OPENING` and still open."""
    from wagtail.models import Locale

    now = now or timezone.now()
    return list(
        ConsultationPage.objects.live()
        .public()
        .listed()
        .filter(locale=Locale.get_default(), opens_at__lte=now, opens_at__gt=now - RECENT_OPENING, closes_at__gt=now)
        .values_list("pk", flat=True)
    )


def recipients(consultation):
    """The ids of the citizens to tell that `consultation` opened, not told yet."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            opening_email_preference__opening_emails=True,
        )
        .exclude(email="")
    )
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True, email__iexact=OuterRef("email"))
    users = users.filter(Exists(verified))
    territory = consultation.effective_territory
    if territory is not None:
        users = users.filter(commune__in=Territory.objects.within(territory).communes())
    told = OpeningNotification.objects.filter(consultation=consultation, user=OuterRef("pk"))
    return list(users.exclude(Exists(told)).order_by("pk").values_list("pk", flat=True))


def open_now(consultation, now=None):
    now = now or timezone.now()
    return consultation.live and consultation.opens_at <= now < consultation.closes_at


def send_opening_batch(consultation_id, user_ids):
    """Claim then send, one citizen at a time; returns how many emails this run sent."""
    consultation = ConsultationPage.objects.live().filter(pk=consultation_id).first()
    if consultation is None or not open_now(consultation):
        return 0
    consultation = ConsultationPage.objects.get(pk=consultation.specific.ballot_box.pk)  # one claim for all versions
    users = get_user_model().objects.filter(pk__in=user_ids).select_related("opening_email_preference")
    sent = 0
    for user in users:
        try:
            with transaction.atomic():
                claim = OpeningNotification.objects.create(consultation_id=consultation.pk, user=user)
        except IntegrityError:
            continue  # claimed by another worker, or by an earlier run of this task
        language = getattr(getattr(user, "opening_email_preference", None), "language", None) or "fr"
        version = _version_in(consultation, language)
        with translation.override(language):
            context = {"consultation": version, "url": version.absolute_url(), "user": user}
            subject = render_to_string("network/email/opening_subject.txt", context).strip()
            body = render_to_string("network/email/opening_body.txt", context)
        send_mail(subject, body, None, [user.email])
        OpeningNotification.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def _version_in(consultation, language):
    """The live version of `consultation` in `language`, else the consultation itself."""
    version = (
        ConsultationPage.objects.live()
        .filter(translation_key=consultation.translation_key, locale__language_code=language)
        .first()
    )
    return version.specific if version is not None else consultation


def batches(user_ids, size=BATCH_SIZE):
    return [user_ids[start : start + size] for start in range(0, len(user_ids), size)]
