"""Citizen groups' data.

- `CitizenGroup`: citizens gathered around a subject, scoped to a territory; in a collectivité's space (whose package
  has `citizen_groups`) or on the national network (`space` null). `members_count` is kept by `services` in the
  transaction that adds or removes a membership.
- `GroupMembership`: one per group and account (a database constraint); a moderator moderates the group.
- `GroupPost`: a member's post or reply (one level deep), hidden by a moderator with a reason, blanked on erasure.
- `GroupMessage`: a formal message from the group to a collectivité's space, and the space editors' one answer.
- `GroupProposal`: a citizen-network proposal made from the group.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from cms.choices import PublicPolicyTheme

NAME_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
POST_MAX_LENGTH = 2000
MESSAGE_SUBJECT_MAX_LENGTH = 200
MESSAGE_BODY_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 500


class GroupState(models.TextChoices):
    ACTIVE = "active", _("actif")
    CLOSED = "closed", _("fermé")


class GroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=GroupState.ACTIVE)

    def filtered(self, territory=None, theme=None, query=None):
        groups = self
        if territory is not None:
            groups = groups.filter(territory__in=type(territory).objects.within(territory))
        if theme:
            groups = groups.filter(theme=theme)
        if query:
            groups = groups.filter(name__icontains=query)
        return groups


class CitizenGroup(models.Model):
    name = models.CharField(_("nom"), max_length=NAME_MAX_LENGTH)
    slug = models.SlugField(_("adresse"), max_length=140, unique=True)
    description = models.TextField(_("sujet"), max_length=DESCRIPTION_MAX_LENGTH)
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices)
    territory = models.ForeignKey(
        "cms.Territory", verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="citizen_groups"
    )
    space = models.ForeignKey(
        "cms.CollectiviteSpace",
        verbose_name=_("espace de la collectivité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen_groups",
        help_text=_("Vide : un groupe du réseau national."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    members_count = models.PositiveIntegerField(_("membres"), default=0)
    state = models.CharField(_("état"), max_length=8, choices=GroupState.choices, default=GroupState.ACTIVE)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("groupe citoyen")
        verbose_name_plural = _("groupes citoyens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "territory", name="citizen_group_unique_name_territory"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("citizen_group", args=[self.slug])

    @property
    def is_active(self):
        return self.state == GroupState.ACTIVE


class Role(models.TextChoices):
    MEMBER = "member", _("membre")
    MODERATOR = "moderator", _("modérateur ou modératrice")


class GroupMembership(models.Model):
    group = models.ForeignKey(CitizenGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("membre depuis"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'un groupe")
        verbose_name_plural = _("membres des groupes")
        ordering = ["joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="citizen_group_one_membership")]

    def __str__(self):
        return f"{self.group} – {self.user}"

    @property
    def is_moderator(self):
        return self.role == Role.MODERATOR


class PostStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("masqué par la modération")
    DELETED = "deleted", _("supprimé")


class GroupPost(models.Model):
    group = models.ForeignKey(CitizenGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="group_posts"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("texte"), max_length=POST_MAX_LENGTH, blank=True)
    status = models.CharField(_("statut"), max_length=8, choices=PostStatus.choices, default=PostStatus.VISIBLE)
    hidden_reason = models.CharField(_("motif"), max_length=REASON_MAX_LENGTH, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("publié le"), auto_now_add=True)

    class Meta:
        verbose_name = _("message du groupe")
        verbose_name_plural = _("messages des groupes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "parent", "created_at"])]

    def __str__(self):
        return self.text[:60]

    @property
    def shows_text(self):
        return self.status == PostStatus.VISIBLE


class GroupMessage(models.Model):
    group = models.ForeignKey(CitizenGroup, on_delete=models.CASCADE, related_name="messages")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    space = models.ForeignKey(
        "cms.CollectiviteSpace", verbose_name=_("collectivité"), on_delete=models.CASCADE, related_name="group_messages"
    )
    subject = models.CharField(_("objet"), max_length=MESSAGE_SUBJECT_MAX_LENGTH)
    body = models.TextField(_("message"), max_length=MESSAGE_BODY_MAX_LENGTH)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    answer = models.TextField(_("réponse"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the emails went to Celery (claimed in the transaction that made the change: never twice).
    editors_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    group_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message à la collectivité")
        verbose_name_plural = _("messages des groupes citoyens")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def answered(self):
        return self.answered_at is not None


class GroupProposal(models.Model):
    group = models.ForeignKey(CitizenGroup, on_delete=models.CASCADE, related_name="proposals")
    proposal = models.OneToOneField("network.Proposal", on_delete=models.CASCADE, related_name="group_link")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.group} – {self.proposal}"
