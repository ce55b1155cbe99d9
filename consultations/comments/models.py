"""Citizens' comments: one discussion per page (shared by its language versions), replies one level deep, upvotes
(one per account), reports, and the moderators' decisions.

A comment is plain text. It carries nothing about its author's vote: no badge, and it is ordered by date or by
support only (`consultations.comments.services`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Comment.Status.VISIBLE)

    def top_level(self):
        return self.filter(parent__isnull=True)


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("visible")
        HIDDEN = "hidden", _("masqué par la modération")
        DELETED = "deleted", _("supprimé par son auteur")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="citizen_comments",
        help_text=_("La version de la page dans la langue d'origine : ses traductions montrent la même discussion."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("en réponse à"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,  # a deleted account leaves its comments without author
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen_comments",
    )
    text = models.TextField(_("texte"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("publié le"), auto_now_add=True, db_index=True)
    status = models.CharField(_("état"), max_length=8, choices=Status.choices, default=Status.VISIBLE)
    upvotes_count = models.PositiveIntegerField(_("soutiens"), default=0)
    open_reports_count = models.PositiveIntegerField(_("signalements en attente"), default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_comment", _("Peut modérer les commentaires des citoyens"))]
        indexes = [
            models.Index(fields=["page", "parent", "status", "-created_at"], name="comment_page_listing"),
            models.Index(fields=["page", "parent", "status", "-upvotes_count"], name="comment_page_support"),
            models.Index(
                fields=["-open_reports_count"], name="comment_reported", condition=Q(open_reports_count__gt=0)
            ),
        ]
        constraints = [
            # Only a comment its author erased (account deleted) has no text: its replies stay in place.
            models.CheckConstraint(
                condition=~Q(text="") | Q(status="deleted"), name="comment_text_not_empty_unless_deleted"
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="comment_not_its_own_parent"),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_hidden(self):
        return self.status == self.Status.HIDDEN

    @property
    def is_deleted(self):
        return self.status == self.Status.DELETED

    @property
    def shows_text(self):
        return self.status == self.Status.VISIBLE


class CommentUpvote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="upvotes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_upvotes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("soutien d'un commentaire")
        verbose_name_plural = _("soutiens des commentaires")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_upvote_per_account")]

    def __str__(self):
        return f"{self.user_id} → {self.comment_id}"


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", _("propos injurieux, haineux ou harcèlement")
        SPAM = "spam", _("publicité ou message répété")
        PERSONAL = "personal", _("informations personnelles d'un tiers")
        ILLEGAL = "illegal", _("contenu illégal")
        OFF_TOPIC = "off_topic", _("hors sujet")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comment_reports"
    )
    reason = models.CharField(_("motif"), max_length=16, choices=Reason.choices)
    details = models.CharField(_("précisions"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], condition=Q(reporter__isnull=False), name="one_report_per_account"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.comment_id})"


class CommentModeration(models.Model):
    """The audit log of the moderators' decisions on comments: who, when, what, why (kept when a comment goes)."""

    class Action(models.TextChoices):
        HIDE = "hide", _("masqué")
        RESTORE = "restore", _("rétabli")
        DISMISS = "dismiss", _("signalements écartés")
        HIGHLIGHT = "highlight", _("mis en avant")
        UNHIGHLIGHT = "unhighlight", _("retiré des commentaires mis en avant")

    comment = models.ForeignKey(Comment, null=True, on_delete=models.SET_NULL, related_name="moderations")
    comment_excerpt = models.CharField(_("extrait"), max_length=200)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comment_moderations"
    )
    action = models.CharField(_("décision"), max_length=16, choices=Action.choices)
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("décision de modération")
        verbose_name_plural = _("décisions de modération")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} : {self.comment_excerpt[:60]}"


class CommentSettings(models.Model):
    """Whether citizens may comment a page that is not a consultation (consultations always have their discussion).

    Kept on the page's original language version, like its comments: one switch for every translation."""

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="citizen_comment_settings"
    )
    enabled = models.BooleanField(_("commentaires des citoyens activés"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("réglage des commentaires d'une page")
        verbose_name_plural = _("réglages des commentaires des pages")

    def __str__(self):
        return f"{self.page_id}: {self.enabled}"
