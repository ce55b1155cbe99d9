"""The debates' pages and data.

- `DebateIndexPage` (« Débats », one under a space whose package includes debates, or under the platform home) and
  `DebatePage` (a debate: subject, format, place and stream, date and duration, speakers, modalities, and after it the
  recording and the editor's summary).
- `Registration`: one row per account and debate (its original-language version, shared by its translations):
  confirmed, waiting (in the order of `queued_at`) or cancelled; the seat cap is checked under a lock of the debate's
  row (`services`), so two last-seat registrations cannot both be confirmed.
- `DebateInvitation`: the addresses invited to a debate by invitation only.
- `LivePoll` (a question and its choices, shown before, during or after the debate, open or secret, opened and closed
  by the organiser), `LivePollParticipation` (who voted: one per account), `LivePollBallot` (a secret poll's sealed
  choice, without its voter, counted when the poll closes), `LivePollCount` (counts per choice: moved at each vote
  for an open poll, written once at closing for a secret one).
- `Question` and `QuestionUpvote`: the audience's questions, upvoted once per account, answered or hidden by the
  moderator.

Everything that belongs to a debate points to the debate's original-language page (`debate`), as comments do.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.blocks import body_blocks
from cms.choices import PublicPolicyTheme
from cms.models import BasePage, FilterableListMixin, PageViewsMixin
from consultations.models.ballots import random_id

QUESTION_MAX_LENGTH = 500
POLL_QUESTION_MAX_LENGTH = 300
POLL_CHOICE_MAX_LENGTH = 120
POLL_MIN_CHOICES = 2
POLL_MAX_CHOICES = 8
DURATION_MAX_MINUTES = 12 * 60
VIDEO_EXTENSIONS = (".mp4", ".webm")
INDEX_PER_PAGE = 10


class DebateFormat(models.TextChoices):
    IN_PERSON = "in_person", _("En salle")
    ONLINE = "online", _("En ligne")
    HYBRID = "hybrid", _("En salle et en ligne")


class DebateAccess(models.TextChoices):
    OPEN = "open", _("Ouvert à toutes et à tous (par son lien)")
    INVITATION = "invitation", _("Sur invitation")


class DebateIndexPage(FilterableListMixin, BasePage):
    """A space's (or the national network's) debates: upcoming ones first, then past ones."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields, APIField("introduction")]

    parent_page_types = ["cms.CollectiviteSpace", "cms.PlatformHomePage"]
    subpage_types = ["debates.DebatePage"]
    max_count_per_parent = 1

    listing_model = "debates.DebatePage"
    listing_context_name = "debates"
    listing_ordering = ("starts_at",)
    per_page = INDEX_PER_PAGE

    class Meta:
        verbose_name = _("index des débats")
        verbose_name_plural = _("index des débats")

    @classmethod
    def can_create_at(cls, parent):
        """Under the platform home, or under a space whose package includes debates (Premium, Sur-mesure)."""
        if not super().can_create_at(parent):
            return False
        specific = parent.specific
        has_feature = getattr(specific, "has_feature", None)
        return has_feature is None or has_feature("debates")

    def get_listing_context(self, request):
        """Upcoming debates first (soonest first), then those begun or past (latest first), paginated in the
        database."""
        from django.core.paginator import Paginator
        from django.db.models import Case, F, IntegerField, Value, When

        now = timezone.now()
        queryset = (
            self.get_listing_queryset()
            .annotate(
                begun=Case(When(starts_at__lte=now, then=Value(1)), default=Value(0), output_field=IntegerField())
            )
            .order_by(
                "begun",
                Case(When(starts_at__gt=now, then=F("starts_at"))).asc(),
                F("starts_at").desc(),
                "pk",
            )
        )
        page_obj = Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
        return {self.listing_context_name: page_obj, "now": now}


class DebatePage(PageViewsMixin, BasePage):
    """A debate or public meeting: in a room, online, or both."""

    summary = models.TextField(
        _("résumé"),
        max_length=400,
        help_text=_("Deux ou trois phrases, affichées dans les listes et la carte du débat."),
    )
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices, blank=True)
    body = StreamField(body_blocks(), verbose_name=_("présentation"), blank=True)
    format = models.CharField(_("format"), max_length=12, choices=DebateFormat.choices, default=DebateFormat.IN_PERSON)
    place = models.CharField(
        _("lieu"), max_length=255, blank=True, help_text=_("Salle et adresse, pour un débat en salle.")
    )
    stream_url = models.URLField(
        _("lien de la diffusion"),
        blank=True,
        help_text=_("Vidéo en direct (fichier ou lecteur intégrable), pour un débat en ligne."),
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=120, validators=[MinValueValidator(15), MaxValueValidator(DURATION_MAX_MINUTES)]
    )
    access = models.CharField(_("accès"), max_length=12, choices=DebateAccess.choices, default=DebateAccess.OPEN)
    participants_may_speak = models.BooleanField(_("les participants peuvent prendre la parole"), default=True)
    participants_may_write = models.BooleanField(
        _("les participants peuvent poser des questions par écrit"), default=True
    )
    seats = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Vide : sans limite. Au-delà, les inscrits suivants sont placés en liste d'attente."),
    )
    recording_url = models.URLField(
        _("enregistrement"), blank=True, help_text=_("Le lien de la vidéo, après le débat.")
    )
    report = RichTextField(
        _("compte rendu"),
        blank=True,
        features=["h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("Écrit par la rédaction après le débat ; publié avec les résultats des sondages."),
    )

    page_views = "consultations.debates.views"

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("theme"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("duration_minutes")]),
                FieldPanel("format"),
                FieldPanel("place"),
                FieldPanel("stream_url"),
            ],
            heading=_("Date et lieu"),
        ),
        InlinePanel("speakers", heading=_("Intervenants invités"), label=_("intervenant")),
        MultiFieldPanel(
            [
                FieldPanel("access"),
                FieldPanel("seats"),
                FieldPanel("participants_may_speak"),
                FieldPanel("participants_may_write"),
            ],
            heading=_("Modalités"),
        ),
        MultiFieldPanel([FieldPanel("recording_url"), FieldPanel("report")], heading=_("Après le débat")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("report"),
        index.FilterField("starts_at"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("summary"),
        APIField("theme"),
        APIField("body"),
        APIField("format"),
        APIField("place"),
        APIField("stream_url"),
        APIField("starts_at"),
        APIField("duration_minutes"),
        APIField("access"),
        APIField("participants_may_speak"),
        APIField("participants_may_write"),
        APIField("seats"),
        APIField("speakers"),
        APIField("recording_url"),
        APIField("report"),
    ]

    parent_page_types = ["debates.DebateIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("débat")
        verbose_name_plural = _("débats")

    # -- modalities: set on the original-language page, copied to its translations on every save -----------------
    MODALITIES = (
        "starts_at",
        "duration_minutes",
        "format",
        "access",
        "seats",
        "participants_may_speak",
        "participants_may_write",
    )

    @cached_property
    def original(self):
        """The first language version created: it carries the registrations, polls and questions."""
        first = DebatePage.objects.filter(translation_key=self.translation_key).order_by("pk").only("pk").first()
        return first if first is not None and first.pk != self.pk else self

    def is_original(self):
        return self.original is self or self.original.pk == self.pk

    def clean(self):
        super().clean()
        errors = {}
        if self.format in (DebateFormat.IN_PERSON, DebateFormat.HYBRID) and not (self.place or "").strip():
            errors["place"] = _("Indiquez le lieu du débat (salle et adresse) : il se tient en salle.")
        if self.format in (DebateFormat.ONLINE, DebateFormat.HYBRID) and not (self.stream_url or "").strip():
            errors["stream_url"] = _("Indiquez le lien de la diffusion : le débat est suivi en ligne.")
        if self.stream_url and urlsplit(self.stream_url).scheme != "https":
            errors["stream_url"] = _("Le lien de la diffusion doit commencer par https://.")
        if self.recording_url and urlsplit(self.recording_url).scheme != "https":
            errors["recording_url"] = _("Le lien de l'enregistrement doit commencer par https://.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        original = self.original if self.pk else self
        if original is not self and original.pk != self.pk:
            for name, value in DebatePage.objects.filter(pk=original.pk).values(*self.MODALITIES).get().items():
                setattr(self, name, value)
        result = super().save(*args, **kwargs)
        if original is self or original.pk == self.pk:
            values = {name: getattr(self, name) for name in self.MODALITIES}
            DebatePage.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk).update(**values)
        return result

    # -- time ---------------------------------------------------------------------------------------------------
    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes or 0)

    def has_begun(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    @property
    def is_in_person(self):
        return self.format in (DebateFormat.IN_PERSON, DebateFormat.HYBRID)

    @property
    def is_online(self):
        return self.format in (DebateFormat.ONLINE, DebateFormat.HYBRID)

    @property
    def stream_player(self):
        """How the stream is shown: on a host of DEBATE_EMBED_HOSTS (which the CSP allows), a .mp4/.webm file in a
        <video> ("video"), any other address in a frame ("iframe"); elsewhere a link ("link")."""
        if not self.stream_url:
            return ""
        parts = urlsplit(self.stream_url)
        if parts.scheme != "https" or parts.hostname not in getattr(settings, "DEBATE_EMBED_HOSTS", ()):
            return "link"
        return "video" if parts.path.lower().endswith(VIDEO_EXTENSIONS) else "iframe"

    def search_facets(self):
        return {"theme": self.theme or "", "date": self.starts_at}

    def get_context(self, request, *args, **kwargs):
        from . import services

        context = super().get_context(request, *args, **kwargs)
        context.update(services.page_context(self, request))
        return context


class DebateSpeaker(Orderable):
    page = ParentalKey(DebatePage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(_("fonction"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role")]
    api_fields = [APIField("name"), APIField("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("intervenant")
        verbose_name_plural = _("intervenants")

    def __str__(self):
        return self.name


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("inscription confirmée")
        WAITING = "waiting", _("en liste d'attente")
        CANCELLED = "cancelled", _("annulée")

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("en salle")
        ONLINE = "online", _("en ligne")

    debate = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("débat"), on_delete=models.CASCADE, related_name="debate_registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="debate_registrations",
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices)
    attendance = models.CharField(
        _("participation"), max_length=12, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    queued_at = models.DateTimeField(_("inscrit le"), help_text=_("L'ordre de la liste d'attente."))
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    language = models.CharField(_("langue des e-mails"), max_length=8, default="fr")
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("inscription à un débat")
        verbose_name_plural = _("inscriptions aux débats")
        constraints = [models.UniqueConstraint(fields=["debate", "user"], name="debates_one_registration")]
        indexes = [models.Index(fields=["debate", "status", "queued_at", "id"], name="debates_registration_queue")]

    def __str__(self):
        return f"{self.debate_id} / {self.user_id} ({self.status})"


class DebateInvitation(models.Model):
    debate = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("débat"), on_delete=models.CASCADE, related_name="debate_invitations"
    )
    email = models.EmailField(_("adresse"), help_text=_("En minuscules."))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invitée par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("invitée le"), auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation à un débat")
        verbose_name_plural = _("invitations aux débats")
        constraints = [models.UniqueConstraint(fields=["debate", "email"], name="debates_one_invitation")]

    def __str__(self):
        return self.email


class LivePoll(models.Model):
    class Phase(models.TextChoices):
        BEFORE = "before", _("avant le débat")
        DURING = "during", _("pendant le débat")
        AFTER = "after", _("après le débat")

    class Mode(models.TextChoices):
        OPEN = "open", _("À main levée : les résultats bougent à chaque vote")
        SECRET = "secret", _("Secret : les résultats paraissent à la clôture du sondage")

    class State(models.TextChoices):
        DRAFT = "draft", _("en préparation")
        OPEN = "open", _("ouvert")
        CLOSED = "closed", _("clos")

    debate = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("débat"), on_delete=models.CASCADE, related_name="debate_polls"
    )
    question = models.CharField(_("question"), max_length=POLL_QUESTION_MAX_LENGTH)
    choices = models.JSONField(_("réponses possibles"), help_text=_("De 2 à 8 réponses."))
    phase = models.CharField(_("moment"), max_length=8, choices=Phase.choices, default=Phase.DURING)
    mode = models.CharField(_("secret du vote"), max_length=8, choices=Mode.choices, default=Mode.SECRET)
    state = models.CharField(_("état"), max_length=8, choices=State.choices, default=State.DRAFT)
    compare_with = models.ForeignKey(
        "self",
        verbose_name=_("comparer avec"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compared_by",
        help_text=_("Le sondage d'avant le débat posant la même question : la page montre comment l'avis a bougé."),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    opened_at = models.DateTimeField(_("ouvert le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    counted_at = models.DateTimeField(
        _("dépouillé le"), null=True, blank=True, help_text=_("Sondage secret : ses résultats sont publiés.")
    )
    participants = models.PositiveIntegerField(_("votants"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("créé par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("sondage en direct")
        verbose_name_plural = _("sondages en direct")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.question


class LivePollParticipation(models.Model):
    """Who voted in a poll (never what): one per account."""

    poll = models.ForeignKey(LivePoll, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="debate_poll_participations"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="debates_one_poll_vote")]

    def __str__(self):
        return f"{self.poll_id} / {self.pk}"


class LivePollBallot(models.Model):
    """A secret poll's choice, sealed (`consultations.sealing`) and without its voter; opened when the poll closes."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    poll = models.ForeignKey(LivePoll, on_delete=models.CASCADE, related_name="ballots")
    key_id = models.CharField(max_length=16)
    sealed = models.BinaryField()

    def __str__(self):
        return f"{self.poll_id} / {self.pk}"


class LivePollCount(models.Model):
    poll = models.ForeignKey(LivePoll, on_delete=models.CASCADE, related_name="counts")
    choice = models.PositiveSmallIntegerField()
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "choice"], name="debates_one_count_per_choice")]

    def __str__(self):
        return f"{self.poll_id} / {self.choice}: {self.votes}"


class Question(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("en attente de réponse")
        ANSWERED = "answered", _("répondue")
        HIDDEN = "hidden", _("masquée par la modération")
        DELETED = "deleted", _("retirée par son auteur")

    debate = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("débat"), on_delete=models.CASCADE, related_name="debate_questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="debate_questions",
    )
    text = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    status = models.CharField(_("état"), max_length=8, choices=Status.choices, default=Status.VISIBLE)
    upvotes_count = models.PositiveIntegerField(_("soutiens"), default=0)
    created_at = models.DateTimeField(_("posée le"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("modérée le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modérée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hide_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("question du public")
        verbose_name_plural = _("questions du public")
        indexes = [
            models.Index(
                fields=["debate", "-upvotes_count", "id"],
                condition=Q(status__in=["visible", "answered"]),
                name="debates_q_top",
            )
        ]

    def __str__(self):
        return self.text[:60]


class QuestionUpvote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="upvotes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debate_question_upvotes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="debates_one_upvote")]

    def __str__(self):
        return f"{self.question_id} / {self.user_id}"
