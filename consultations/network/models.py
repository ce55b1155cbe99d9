"""The citizen network's data: proposals and their moderation (a Wagtail task of its own, and an audit of every
decision), the citizens' wish to be told when a consultation of their territory opens, and the opening emails sent.

- `Proposal`: a citizen's consultation, a draft `ConsultationPage` under the national consultations index, and where
  it stands in moderation. The page is kept if its author deletes their account (the author becomes null).
- `ModerationTask`: the task of the workflow « Modération des consultations citoyennes » (created by migration 0002):
  the group « Modérateurs AimPact » approves (publishes), asks for changes (with a message) or rejects (with a reason).
  The actions themselves are in `consultations.network.moderation`.
- `ModerationDecision`: who decided what, when and why (the audit log; Wagtail's own log has the same entries).
- `OpeningEmailPreference`, `OpeningNotification`: who wants the opening emails, and one row per consultation and
  citizen, claimed (inserted) before the email is sent, so that no one is mailed twice.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    COMMUNE = "commune", _("Commune")


class ProposalState(models.TextChoices):
    PENDING = "pending", _("en attente de modération")
    CHANGES_REQUESTED = "changes_requested", _("à modifier")
    APPROVED = "approved", _("approuvée")
    REJECTED = "rejected", _("refusée")
    WITHDRAWN = "withdrawn", _("retirée")


class Proposal(models.Model):
    page = models.OneToOneField(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="proposal",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_proposals",
    )
    state = models.CharField(_("état"), max_length=20, choices=ProposalState.choices, default=ProposalState.PENDING)
    scope = models.CharField(_("portée"), max_length=12, choices=Scope.choices)
    duration_days = models.PositiveSmallIntegerField(_("durée (jours)"))
    language = models.CharField(_("langue de l'auteur"), max_length=8, default="fr")
    moderator_message = models.TextField(_("message de la modération"), blank=True)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("proposition citoyenne")
        verbose_name_plural = _("propositions citoyennes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["author", "created_at"]), models.Index(fields=["state"])]

    def __str__(self):
        return self.page.title

    @property
    def editable(self):
        """The author may change it only while the moderators wait for changes."""
        return self.state == ProposalState.CHANGES_REQUESTED

    @property
    def withdrawable(self):
        return self.state in (ProposalState.PENDING, ProposalState.CHANGES_REQUESTED)


class ModerationDecision(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", _("approuvée et publiée")
        REQUEST_CHANGES = "request_changes", _("modifications demandées")
        REJECT = "reject", _("refusée")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="decisions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modérateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("décision"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("motif ou message"), blank=True)
    at = models.DateTimeField(_("le"), auto_now_add=True)
    # Claimed by the task that sends the citizen's email (a retry or a second worker finds it set and sends nothing).
    emailed_at = models.DateTimeField(_("e-mail envoyé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("décision de modération")
        verbose_name_plural = _("décisions de modération")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="reject") | ~models.Q(reason=""),
                name="network_rejection_has_reason",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} – {self.at:%Y-%m-%d %H:%M}"


class ReasonRequiredForm(TaskStateCommentForm):
    """Wagtail's comment form, with the comment required: a refusal (or a request for changes) says why."""

    comment = forms.CharField(
        label=_("Message au citoyen (obligatoire)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=True,
    )


class ModerationTask(GroupApprovalTask):
    """The moderation of a citizen's consultation by AimPact's moderators (see `consultations.network.moderation`)."""

    class Meta:
        verbose_name = _("modération d'une consultation citoyenne")
        verbose_name_plural = _("modérations de consultations citoyennes")

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        if obj is not None and (
            Proposal.objects.filter(page_id=obj.pk, author_id=user.pk).exists()
            or (not user.is_superuser and self._requested_by(obj, user))
        ):
            return []  # nobody moderates their own proposal or edit (see `moderation.perform_action`)
        return [
            ("approve", _("Approuver et publier"), False),
            ("request_changes", _("Demander des modifications"), True),
            ("reject", _("Refuser (avec un motif)"), True),
        ]

    @staticmethod
    def _requested_by(obj, user):
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_form_for_action(self, action):
        if action in ("request_changes", "reject"):
            return ReasonRequiredForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from .moderation import perform_action

        return perform_action(self, task_state, user, action_name, comment=kwargs.get("comment", ""))

    @classmethod
    def get_description(cls):
        return _(
            "Les membres des groupes choisis approuvent, renvoient pour modification ou refusent (avec un motif) "
            "les consultations proposées par les citoyens."
        )


class OpeningEmailPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citoyen"),
        on_delete=models.CASCADE,
        related_name="opening_email_preference",
    )
    opening_emails = models.BooleanField(_("m'écrire quand une consultation de mon territoire ouvre"), default=False)
    language = models.CharField(_("langue des e-mails"), max_length=8, default="fr")
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence d'e-mails d'ouverture")
        verbose_name_plural = _("préférences d'e-mails d'ouverture")

    def __str__(self):
        return f"{self.user_id}: {self.opening_emails}"


class OpeningNotification(models.Model):
    """One per consultation and citizen: inserted (claimed) before the email is sent; the unique constraint keeps a
    second worker, or a retried task, from sending it again."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="opening_notifications"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail d'ouverture")
        verbose_name_plural = _("e-mails d'ouverture")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="network_one_opening_email_per_citizen")
        ]

    def __str__(self):
        return f"{self.consultation_id} → {self.user_id}"
