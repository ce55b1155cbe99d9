"""The audience's questions to a debate: the one place for the rules (web views, API and the organiser's console).

- **Asking** (`ask`): `rules.can_participate` and the debate's `participants_may_write`, until the debate ends; plain
  text (control characters dropped, trimmed), 500 characters at most; limited per account, on the site and in the
  API together (3 in ten minutes, 20 a day: `cms.ratelimit.count`, counted inside the question's transaction so
  that a refused one gives its count back).
- **Supporting** (`upvote`): once per account (unique constraint, counter by `F()`), not one's own question, only a
  question waiting for its answer.
- **Organisers** (`moderate`): mark answered, hide (with a reason, which the author does not see publicly) and
  restore. **Authors** withdraw their question (`withdraw`): its text is emptied.
- **Listing** (`public_questions`): waiting and answered ones, most supported first then oldest; hidden and
  withdrawn ones vanish for the public.
"""

import datetime
import hashlib
import time
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.ratelimit import count as _count

from . import rules
from .live import live_changed
from .models import QUESTION_MAX_LENGTH, Question, QuestionUpvote

HIDE_REASON_MAX_LENGTH = 300
PUBLIC_STATUSES = (Question.Status.VISIBLE, Question.Status.ANSWERED)
# (scope, limit, window in seconds): 3 questions in ten minutes, 20 a day, per account.
POSTING_WINDOWS = (("debate-question-10min", 3, 10 * 60), ("debate-question-day", 20, 24 * 60 * 60))


class QuestionRefused(Exception):
    def __init__(self, code, message, status=400, field=None, retry_at=None):
        super().__init__(code, message)
        self.code, self.message, self.status, self.field, self.retry_at = code, message, status, field, retry_at
        self.errors = {field: [message]} if field else None

    @property
    def retry_after(self):
        if self.retry_at is None:
            return None
        return max(1, int(self.retry_at.timestamp() - time.time()) + 1)


def debate_end(debate):
    specific = debate.specific
    return specific.starts_at + datetime.timedelta(minutes=specific.duration_minutes or 0)


def questions_open(debate, now=None):
    """Whether the debate takes questions now: written questions allowed and the debate not over."""
    specific = debate.specific
    return bool(specific.participants_may_write) and (now or timezone.now()) < debate_end(specific)


def clean_text(text):
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn")
    )
    text = text.strip()
    if not text:
        raise QuestionRefused("empty", _("Écrivez votre question avant de l'envoyer."), field="text")
    if len(text) > QUESTION_MAX_LENGTH:
        raise QuestionRefused(
            "too_long",
            _("Votre question fait %(length)d caractères : %(max)d au plus.")
            % {"length": len(text), "max": QUESTION_MAX_LENGTH},
            field="text",
        )
    return text


def _window_key(scope, window, user_id, now):
    digest = hashlib.sha256(f"account:{user_id}".encode()).hexdigest()[:32]
    return f"{scope}:account:{digest}:{int(now // window)}"


def _count_post(user):
    now = time.time()
    for scope, limit, window in POSTING_WINDOWS:
        if _count(_window_key(scope, window, user.pk, now), window, 1) > limit:
            retry_at = datetime.datetime.fromtimestamp((int(now // window) + 1) * window, tz=datetime.UTC)
            from django.utils.formats import date_format

            when = date_format(timezone.localtime(retry_at), "SHORT_DATETIME_FORMAT")
            raise QuestionRefused(
                "rate_limited",
                _(
                    "Vous avez posé beaucoup de questions en peu de temps. Vous pourrez en poser de nouveau à partir "
                    "de %(when)s."
                )
                % {"when": when},  # fmt: skip
                status=429,
                retry_at=retry_at,
            )


def check_participant(user, debate):
    if user is None or not user.is_authenticated:
        raise QuestionRefused("login_required", _("Connectez-vous pour poser une question."), status=403)
    if not rules.is_verified(user):
        raise QuestionRefused(
            "email_unverified",
            _("Confirmez votre adresse e-mail (lien reçu à l'inscription) pour participer au débat."),
            status=403,
        )
    if not rules.can_participate(user, debate):
        raise QuestionRefused(
            "not_registered", _("Ce débat est sur invitation : seuls ses inscrits y participent."), status=403
        )


def ask(debate, user, text):
    """Post a question to the debate (any language version; stored on the original)."""
    check_participant(user, debate)
    original = rules.original(debate)
    if not original.specific.participants_may_write:
        raise QuestionRefused("closed", _("Ce débat ne reçoit pas de question écrite."), status=403)
    if not questions_open(original):
        raise QuestionRefused("closed", _("Le débat est terminé : il ne reçoit plus de question."), status=403)
    text = clean_text(text)
    with transaction.atomic():
        _count_post(user)  # the count goes back with a refused question
        question = Question.objects.create(debate_id=original.pk, author=user, text=text)
    live_changed(original.pk)
    return question


def upvote(question, user):
    """Support a question once; True when counted now, False when it already was."""
    debate = Page.objects.get(pk=question.debate_id)
    check_participant(user, debate)
    if question.status != Question.Status.VISIBLE:
        raise QuestionRefused("unavailable", _("Cette question ne reçoit plus de soutien."), status=403)
    if question.author_id == user.pk:
        raise QuestionRefused("own_question", _("Vous ne pouvez pas soutenir votre propre question."), status=403)
    try:
        with transaction.atomic():
            QuestionUpvote.objects.create(question=question, user=user)
            Question.objects.filter(pk=question.pk).update(upvotes_count=F("upvotes_count") + 1)
    except IntegrityError:
        return False
    live_changed(question.debate_id)
    return True


def withdraw(question_id, user):
    """The author takes back their question: it leaves the list and its text is emptied."""
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(pk=question_id).first()
        if question is None or user is None or not user.is_authenticated or question.author_id != user.pk:
            raise QuestionRefused("not_found", _("Cette question n'existe pas."), status=404)
        if question.status == Question.Status.DELETED:
            return question
        question.status = Question.Status.DELETED
        question.text = ""
        question.save(update_fields=["status", "text"])
    live_changed(question.debate_id)
    return question


MODERATION_ACTIONS = ("answered", "hide", "restore")


def moderate(question_id, user, action, reason=""):
    """An organiser's decision: "answered" (a waiting question), "hide" (with a reason) or "restore"."""
    if action not in MODERATION_ACTIONS:
        raise QuestionRefused("invalid", _("Action inconnue."), field="action")
    reason = " ".join((reason or "").split())
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(pk=question_id).first()
        if question is None:
            raise QuestionRefused("not_found", _("Cette question n'existe pas."), status=404)
        if not rules.can_organise(user, Page.objects.get(pk=question.debate_id)):
            raise QuestionRefused("not_found", _("Cette question n'existe pas."), status=404)
        if action == "answered":
            if question.status != Question.Status.VISIBLE:
                raise QuestionRefused("conflict", _("Seule une question en attente peut être marquée répondue."), 409)
            question.status = Question.Status.ANSWERED
        elif action == "hide":
            if not reason:
                raise QuestionRefused("reason_required", _("Indiquez le motif du masquage."), field="reason")
            if len(reason) > HIDE_REASON_MAX_LENGTH:
                raise QuestionRefused(
                    "too_long",
                    _("Le motif fait %(max)d caractères au plus.") % {"max": HIDE_REASON_MAX_LENGTH},
                    field="reason",
                )
            if question.status not in PUBLIC_STATUSES:
                raise QuestionRefused("conflict", _("Cette question n'est pas visible : rien à masquer."), 409)
            question.status = Question.Status.HIDDEN
            question.hide_reason = reason
        else:
            if question.status != Question.Status.HIDDEN:
                raise QuestionRefused("conflict", _("Cette question n'est pas masquée : rien à rétablir."), 409)
            question.status = Question.Status.VISIBLE
            question.hide_reason = ""
        question.moderated_at = timezone.now()
        question.moderated_by = user
        question.save(update_fields=["status", "hide_reason", "moderated_at", "moderated_by"])
    live_changed(question.debate_id)
    return question


# -- reading -------------------------------------------------------------------------------------------------------


def author_name(user):
    """First name and initial (the username would tell the start of an address)."""
    if user is None:
        return _("Compte supprimé")
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first:
        return f"{first} {last[:1]}." if last else first
    return _("Citoyen ou citoyenne")


def public_questions(debate):
    """Waiting and answered questions, most supported first, then oldest."""
    return (
        Question.objects.filter(debate_id=rules.original(debate).pk, status__in=PUBLIC_STATUSES)
        .select_related("author")
        .order_by("-upvotes_count", "id")
    )


def all_questions(debate):
    """Every question but the withdrawn ones (the organiser's console)."""
    return (
        Question.objects.filter(debate_id=rules.original(debate).pk)
        .exclude(status=Question.Status.DELETED)
        .select_related("author")
        .order_by("-upvotes_count", "id")
    )


def upvoted_by(user, questions):
    if user is None or not user.is_authenticated:
        return set()
    return set(
        QuestionUpvote.objects.filter(user=user, question__in=[q.pk for q in questions]).values_list(
            "question_id", flat=True
        )
    )
