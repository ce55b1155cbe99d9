"""Invitation codes for consultations reserved to invitees, and email confirmation links."""

import secrets

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ConsultationPage, Invitation
from .voting import make_email_token

# No 0/O, 1/I/L: codes are typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_INVITATIONS_PER_IMPORT = 20_000


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code):
    return f"{code[:5]}-{code[5:]}"


def parse_email_list(text):
    """Addresses from pasted text or a CSV (one per line, or separated by commas or semicolons).

    Returns the unique addresses in order; raises ValidationError naming every bad line.
    """
    emails, errors, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        for item in line.replace(";", ",").split(","):
            address = item.strip().strip('"').lower()
            if not address or address in ("email", "e-mail", "adresse", "courriel"):
                continue
            try:
                validate_email(address)
            except ValidationError:
                errors.append(
                    _("Ligne %(line)d : « %(value)s » n'est pas une adresse e-mail.")
                    % {"line": number, "value": address}
                )
                continue
            if address not in seen:
                seen.add(address)
                emails.append(address)
    if errors:
        raise ValidationError(errors)
    if len(emails) > MAX_INVITATIONS_PER_IMPORT:
        raise ValidationError(
            _("%(count)d adresses : c'est plus que les %(max)d acceptées en une fois.")
            % {"count": len(emails), "max": MAX_INVITATIONS_PER_IMPORT}
        )
    return emails


def _create(consultation, emails=None, count=0):
    box_id = consultation.ballot_box.pk
    created = []
    with transaction.atomic():
        existing = set(Invitation.objects.filter(consultation_id=box_id).values_list("email", flat=True))
        for email in emails or []:
            if email in existing:
                continue
            created.append(Invitation(consultation_id=box_id, code=new_code(), email=email))
        created.extend(Invitation(consultation_id=box_id, code=new_code()) for _ in range(count))
        Invitation.objects.bulk_create(created)
    return created


def create_invitations(consultation, emails=None, count=0):
    """New invitations (for addresses not invited yet, and `count` anonymous codes to hand out). All or nothing."""
    for _attempt in range(3):
        try:
            return _create(consultation, emails, count)
        except IntegrityError:  # a code collision (1 in 10^14): draw again
            continue
    raise IntegrityError("Could not draw unique invitation codes")


def send_invitation_emails(invitation_ids):
    sent = 0
    for invitation in Invitation.objects.filter(pk__in=invitation_ids, sent_at__isnull=True).exclude(email=""):
        consultation = ConsultationPage.objects.get(pk=invitation.consultation_id)
        with translation.override(consultation.locale.language_code):
            context = {
                "consultation": consultation,
                "code": format_code(invitation.code),
                "url": consultation.absolute_url(),
            }
            subject = render_to_string("consultations/email/invitation_subject.txt", context).strip()
            body = render_to_string("consultations/email/invitation_body.txt", context)
        # Mark first, send second: a retried task never mails the same person twice.
        updated = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if updated:
            send_mail(subject, body, None, [invitation.email])
            sent += 1
    return sent


def send_confirmation_email(consultation_id, email, language):
    consultation = ConsultationPage.objects.get(pk=consultation_id)
    with translation.override(language):
        token = make_email_token(consultation, email)
        context = {
            "consultation": consultation,
            "url": consultation.absolute_url(consultation.reverse_subpage("email_confirm", args=[token])),
            "token": token,
        }
        subject = render_to_string("consultations/email/confirm_subject.txt", context).strip()
        body = render_to_string("consultations/email/confirm_body.txt", context)
    send_mail(subject, body, None, [email])
    return 1
